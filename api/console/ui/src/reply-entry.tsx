/**
 * Keying returned reply cards by keyboard, code first: type the code, Enter; press 1, 2 or 3 for
 * the answer; type the timeframe (or the reason, for not interested) if the card gives one, Enter
 * sends. The code field is focused again for the next card, and this session's cards are listed.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { postAction } from './post-json.js';
import { registerWidget } from './widgets.js';

const ANSWERS = [
  { key: '1', value: 'test-drive', label: 'test drive' },
  { key: '2', value: 'material', label: 'more material' },
  { key: '3', value: 'not-interested', label: 'not interested' },
] as const;
type Answer = (typeof ANSWERS)[number]['value'];

interface Keyed {
  code: string;
  answer: Answer;
  ok: boolean;
  text: string;
  at: string;
}

const STORE = 'console-reply-cards-keyed';

/** Codes are Crockford base32 in capitals: O typed is 0, I and L are 1, spaces are dropped. */
function asCode(typed: string): string {
  return typed.toUpperCase().replace(/\s+/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

function ReplyEntry({ el }: { el: HTMLElement }) {
  const { url, csrf } = el.dataset as { url: string; csrf: string };
  const [code, setCode] = useState('');
  const [answer, setAnswer] = useState<Answer | undefined>();
  const [extra, setExtra] = useState('');
  const [busy, setBusy] = useState(false);
  const [keyed, setKeyed] = useState<Keyed[]>(() => JSON.parse(sessionStorage.getItem(STORE) ?? '[]') as Keyed[]);
  const codeRef = useRef<HTMLInputElement>(null);
  const answerRef = useRef<HTMLInputElement>(null);
  const extraRef = useRef<HTMLInputElement>(null);

  useEffect(() => codeRef.current?.focus(), []);
  useEffect(() => sessionStorage.setItem(STORE, JSON.stringify(keyed.slice(0, 200))), [keyed]);

  const reset = (): void => {
    setCode('');
    setAnswer(undefined);
    setExtra('');
    codeRef.current?.focus();
  };

  const send = async (): Promise<void> => {
    if (busy || !answer) return;
    setBusy(true);
    const body: Record<string, string> = { code: code.trim(), answer };
    if (extra.trim()) body[answer === 'not-interested' ? 'reason' : 'timeframe'] = extra.trim();
    const res = await postAction(url, csrf, body);
    const text = res.ok ? String(res.data.text) : String(res.data.error ?? `failed (${res.status})`);
    // The server's time in the display zone, named; the browser's own, with its zone, if the server did not answer.
    const at = typeof res.data.at === 'string' ? res.data.at : new Date().toLocaleString('en-CA', { hour12: false, timeZoneName: 'short' });
    setKeyed((list) => [{ code: body.code!, answer, ok: res.ok, text, at }, ...list]);
    setBusy(false);
    reset();
  };

  return (
    <div>
      <div class="entry">
        <label>
          Code on the card
          <input
            ref={codeRef}
            class="code"
            value={code}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => setCode(asCode((e.target as HTMLInputElement).value))}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && code.trim()) {
                e.preventDefault();
                answerRef.current?.focus();
              }
            }}
          />
        </label>
        <label>
          Answer: press a key
          <input
            ref={answerRef}
            aria-label="Answer key"
            value={answer ? ANSWERS.find((a) => a.value === answer)!.label : ''}
            readOnly
            onKeyDown={(e) => {
              const picked = ANSWERS.find((a) => a.key === e.key);
              if (picked) {
                e.preventDefault();
                setAnswer(picked.value);
                extraRef.current?.focus();
              } else if (e.key === 'Escape') codeRef.current?.focus();
              else if (e.key === 'Enter' && answer) void send();
            }}
          />
        </label>
        <div class="keys">{ANSWERS.map((a) => <span key={a.key}><kbd>{a.key}</kbd> {a.label}</span>)}<span><kbd>Esc</kbd> back to the code</span></div>
        <label>
          {answer === 'not-interested' ? 'Why not (optional)' : 'Purchase timeframe as written (optional)'}
          <input
            ref={extraRef}
            aria-label="Timeframe or reason"
            value={extra}
            onInput={(e) => setExtra((e.target as HTMLInputElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void send();
              } else if (e.key === 'Escape') answerRef.current?.focus();
            }}
          />
        </label>
      </div>
      <h2>Keyed this session ({keyed.length})</h2>
      <table class="list" aria-label="keyed this session">
        <thead><tr><th>At</th><th>Code</th><th>Answer</th><th>Result</th></tr></thead>
        <tbody>
          {keyed.map((k, i) => (
            <tr key={`${k.code}-${i}`} class={k.ok ? '' : 'error'}>
              <td>{k.at}</td><td class="keyed">{k.code}</td><td>{k.answer}</td><td>{k.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

registerWidget<unknown>('reply-entry', ReplyEntry);
