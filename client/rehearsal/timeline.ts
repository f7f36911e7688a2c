/**
 * The rehearsal's timeline, day by day in the programme's zone: pieces sent per channel and step
 * (read from the rehearsal's deliveries, dated by the outbox's virtual times), call tasks by the
 * day and hours of their calling window (the call centre's load), and the simulated answers.
 */
import type { Pool } from '../../db/pool.js';
import type { ResponseKind } from './responses.js';
import { clockIn, dayIn } from './zone-time.js';

export interface TimelineDay {
  day: string;
  emails: number;
  letters: number;
  /** Call tasks whose calling window falls on this day. */
  calls: number;
  /** Earliest start and latest end of the day's calling windows, HH:MM-HH:MM in the zone. */
  callingHours?: string;
  replies: number;
  bookings: number;
  answeredCalls: number;
  /** Pieces and call tasks by step or purpose, e.g. { pack: 10, 'call reply-follow-up': 4 }. */
  what: Record<string, number>;
}

export interface FiredResponse {
  at: number;
  kind: ResponseKind;
  detail: string;
}

export interface NotSent {
  channel: string;
  status: string;
  reason: string;
  pieces: number;
}

/** A step as people read it: 'reminder-17' is a reminder; a broadcast's step (its campaign id) a greeting. */
function stepLabel(step: string, campaignId: string): string {
  if (step === campaignId) return 'greeting';
  return step.replace(/-\d+$/, '');
}

export async function buildTimeline(pool: Pool, campaignId: string, sentAt: Map<string, number>, responses: FiredResponse[], zone: string): Promise<{ days: TimelineDay[]; notSent: NotSent[] }> {
  const days = new Map<string, TimelineDay & { from?: string; to?: string }>();
  const dayOf = (at: number) => {
    const key = dayIn(at, zone);
    let d = days.get(key);
    if (!d) days.set(key, (d = { day: key, emails: 0, letters: 0, calls: 0, replies: 0, bookings: 0, answeredCalls: 0, what: {} }));
    return d;
  };
  const pieces = await pool.query<{ step: string; channel: 'email' | 'post'; provider_id: string }>(
    `SELECT step, channel, provider_id FROM deliveries WHERE campaign_id = $1 AND status = 'sent' AND channel IN ('email', 'post')`,
    [campaignId],
  );
  for (const p of pieces.rows) {
    const at = sentAt.get(p.provider_id);
    if (at === undefined) continue; // sent outside this rehearsal's outbox: cannot happen, never guessed
    const d = dayOf(at);
    if (p.channel === 'email') d.emails++;
    else d.letters++;
    const label = stepLabel(p.step, campaignId);
    d.what[label] = (d.what[label] ?? 0) + 1;
  }
  const calls = await pool.query<{ purpose: string; window_start: Date; window_end: Date }>(`SELECT purpose, window_start, window_end FROM call_tasks WHERE campaign_id = $1`, [campaignId]);
  for (const c of calls.rows) {
    const d = dayOf(c.window_start.getTime());
    d.calls++;
    const [from, to] = [clockIn(c.window_start.getTime(), zone), clockIn(c.window_end.getTime(), zone)];
    if (!d.from || from < d.from) d.from = from;
    if (!d.to || to > d.to) d.to = to;
    d.what[`call ${c.purpose}`] = (d.what[`call ${c.purpose}`] ?? 0) + 1;
  }
  for (const r of responses) {
    const d = dayOf(r.at);
    if (r.kind === 'reply' && !r.detail.startsWith('not taken')) d.replies++;
    if (r.kind === 'booking' && r.detail.startsWith('slot')) d.bookings++;
    if (r.kind === 'answered call') d.answeredCalls++;
  }
  const notSent = await pool.query<NotSent>(
    `SELECT channel, status, coalesce(reason, '') AS reason, count(*)::int AS pieces FROM deliveries
     WHERE campaign_id = $1 AND status IN ('failed', 'skipped') GROUP BY 1, 2, 3 ORDER BY pieces DESC`,
    [campaignId],
  );
  return {
    days: [...days.values()]
      .sort((a, b) => a.day.localeCompare(b.day))
      .map(({ from, to, ...d }) => ({ ...d, ...(from && to ? { callingHours: `${from}-${to}` } : {}) })),
    notSent: notSent.rows,
  };
}
