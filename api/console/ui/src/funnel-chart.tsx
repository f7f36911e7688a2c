/** The funnel as horizontal bars (how far contacts got), and the same per list source with each source's response rate. */
import { useEffect, useState } from 'preact/hooks';
import { registerWidget } from './widgets.js';

interface SourceFunnel {
  source: string;
  stages: Record<string, number>;
  lost: number;
  responseRate: number | null;
}

interface FunnelData {
  stages: Record<string, number>;
  lost: { reason: string; contacts: number }[];
  noContact: number;
  bySource: SourceFunnel[];
  countedAt: string;
}

function Bars({ stages }: { stages: Record<string, number> }) {
  const entries = Object.entries(stages);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const row = 26;
  return (
    <svg width="100%" height={entries.length * row + 4} viewBox={`0 0 640 ${entries.length * row + 4}`} role="img" aria-label="funnel by stage">
      {entries.map(([stage, n], i) => (
        <g key={stage} transform={`translate(0 ${i * row})`}>
          <text x="0" y="17">{stage}</text>
          <rect x="110" y="4" height="18" width={Math.max(1, (n / max) * 440)} fill="#1f5fbf" opacity={0.35 + (0.65 * (entries.length - i)) / entries.length} />
          <text x={118 + (n / max) * 440} y="17">{n.toLocaleString('en')}{i > 0 && entries[0]![1] ? ` (${((n / entries[0]![1]) * 100).toFixed(1)}%)` : ''}</text>
        </g>
      ))}
    </svg>
  );
}

/** The funnel given with the page, or fetched from data-url while a large campaign is counted. */
function FunnelChart({ data: given, el }: { data: FunnelData | Record<string, never>; el: HTMLElement }) {
  const url = el.dataset.url;
  const [data, setData] = useState<FunnelData | undefined>(url ? undefined : (given as FunnelData));
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    if (!url) return;
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(async (res) => (res.ok ? setData((await res.json()) as FunnelData) : setProblem(`the funnel could not be counted (${res.status})`)))
      .catch(() => setProblem('the funnel could not be counted'));
  }, [url]);
  if (problem) return <p class="flash error" role="alert">{problem}</p>;
  if (!data) return <p class="muted">Counting the funnel (a large campaign takes a few seconds)…</p>;
  const stages = Object.keys(data.stages);
  return (
    <div>
      <p class="muted">Counted {data.countedAt}; counts are kept for 30 seconds.</p>
      <Bars stages={data.stages} />
      {data.lost.length > 0 && <p class="muted">Lost: {data.lost.map((l) => `${l.reason} ${l.contacts}`).join(', ')}{data.noContact ? `; no contact ${data.noContact}` : ''}</p>}
      <h3>By list source</h3>
      {data.bySource.length === 0 ? (
        <p class="muted">No contacts yet.</p>
      ) : (
        <table class="list" aria-label="funnel by source">
          <thead>
            <tr><th>Source</th>{stages.map((s) => <th class="num" key={s}>{s}</th>)}<th class="num">lost</th><th class="num">response</th></tr>
          </thead>
          <tbody>
            {data.bySource.map((s) => (
              <tr key={s.source}>
                <td>{s.source || '(no source)'}</td>
                {stages.map((st) => <td class="num" key={st}>{s.stages[st] ?? 0}</td>)}
                <td class="num">{s.lost}</td>
                <td class="num">{s.responseRate === null ? '-' : `${(s.responseRate * 100).toFixed(1)}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

registerWidget<FunnelData>('funnel-chart', FunnelChart);
