/** A broadcast's live progress (polled every 1.5 s) with pause (and why), resume and cancel. */
import { useEffect, useState } from 'preact/hooks';
import { postAction } from './post-json.js';
import { registerWidget } from './widgets.js';

interface Progress {
  available: boolean;
  state?: 'running' | 'paused' | 'cancelled' | 'done';
  targeted?: number;
  sent?: number;
  failed?: number;
  skipped?: number;
  remaining?: number;
  pauseReason?: string;
}

function BroadcastProgress({ el }: { el: HTMLElement }) {
  const { url, control, csrf } = el.dataset as { url: string; control: string; csrf: string };
  const [p, setP] = useState<Progress | undefined>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | undefined>();

  const load = async (): Promise<void> => {
    const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    if (res.ok) setP((await res.json()) as Progress);
  };
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 1500);
    return () => clearInterval(timer);
  }, []);

  const act = async (action: 'pause' | 'resume' | 'cancel'): Promise<void> => {
    if (action === 'cancel' && !confirm('Cancel this broadcast for good? What was sent stays recorded.')) return;
    setBusy(true);
    const res = await postAction(control + action, csrf, action === 'pause' && reason ? { reason } : {});
    setNote(res.ok ? `${action}: sent` : String(res.data.error ?? `failed (${res.status})`));
    setBusy(false);
    void load();
  };

  if (!p) return <p class="muted">Loading progress…</p>;
  if (!p.available) return <p class="muted" role="status">The broadcast is not answering now (not running, or no worker polling).</p>;
  const done = (p.sent ?? 0) + (p.failed ?? 0) + (p.skipped ?? 0);
  return (
    <div class="broadcast">
      <p role="status">
        <span class={`badge ${p.state}`}>{p.state}</span> {p.state === 'paused' && <span>paused: {p.pauseReason ?? 'no reason given'}</span>}
      </p>
      <progress max={Math.max(p.targeted ?? 0, done, 1)} value={done} aria-label="broadcast progress" />
      <p class="counts">{done} of {p.targeted ?? 0}: sent {p.sent}, failed {p.failed}, skipped {p.skipped}, remaining {p.remaining}</p>
      <div class="inline">
        {p.state === 'running' && (
          <>
            <input aria-label="Pause reason" placeholder="why (shown in status)" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
            <button disabled={busy} onClick={() => void act('pause')}>Pause</button>
          </>
        )}
        {p.state === 'paused' && <button disabled={busy} onClick={() => void act('resume')}>Resume</button>}
        {(p.state === 'running' || p.state === 'paused') && <button class="danger" disabled={busy} onClick={() => void act('cancel')}>Cancel broadcast</button>}
      </div>
      {note && <p class="flash">{note}</p>}
    </div>
  );
}

registerWidget<unknown>('broadcast-progress', BroadcastProgress);
