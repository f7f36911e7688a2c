/**
 * A rehearsal of a defined campaign: its real workflows and activities run on a time-skipping
 * server of their own, against a snapshot of its audience in a database of their own, with the
 * outbox instead of the relay, the letter shop and the call centre. Virtual time runs to the end
 * of the last run while simulated customers answer at the assumed rate; what happened is read
 * back day by day. The real database is only read; nothing reaches a customer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { msToNumber } from '@temporalio/common/lib/time.js';
import type { Pool } from '../../db/pool.js';
import type { Config } from '../../lib/config.js';
import type { CampaignDefinition } from '../definition-schema.js';
import { startDefinition } from '../definition-start.js';
import type { StoredDefinition } from '../definitions.js';
import { readFunnel, type Funnel } from '../funnel.js';
import { openRehearsalDatabase } from './database.js';
import { startRehearsalEngine, type RehearsalEngine } from './engine.js';
import { planBooking, planCallOutcome, planReply, type PlannedResponse, type ResponseSettings } from './responses.js';
import { snapshotAudience, type SnapshotCounts } from './snapshot.js';
import { buildTimeline, type FiredResponse, type NotSent, type TimelineDay } from './timeline.js';
import { instantIn } from './zone-time.js';

/** How far virtual time moves between looks at new cards and call tasks: well inside a calling window. */
const STEP_MS = 3_600_000;
/** A campaign still running after this much virtual time is reported as such, not waited for. */
const MAX_SPAN_MS = 400 * 86_400_000;
/** A run day's rehearsal starts at this local time when the day is still ahead. */
const START_CLOCK = '09:00';

export interface RehearsalOptions {
  /** Share of customers who answer: reply cards, bookings, calls answered. */
  responseRate: number;
  /** The day the run is for (fills yearly dates; a day ahead is rehearsed from its morning). */
  runDate: string;
  /** The programme's zone, in which days are counted. */
  zone: string;
  /** Fixes who answers, what and when; default the campaign id. */
  seed?: string;
}

export interface Rehearsal {
  campaignId: string;
  kind: CampaignDefinition['kind'];
  version: number;
  responseRate: number;
  seed: string;
  zone: string;
  snapshot: SnapshotCounts;
  /** Virtual instants (ISO): the start, and when the last run ended (null: still running at the horizon). */
  startedAt: string;
  lastRunEndedAt: string | null;
  days: TimelineDay[];
  notSent: NotSent[];
  responses: Record<string, number>;
  funnel: Funnel;
  /** What the outbox took: e-mails at its SMTP server, call tasks at its call centre. */
  outbox: { emails: number; callTasks: number };
  /** Wall-clock duration of the whole rehearsal, and of its parts. */
  tookMs: number;
  phases: { snapshotMs: number; engineMs: number; runMs: number };
}

/** How long a definition's customers have to answer: the reply window, or the offer period. */
function openFor(definition: CampaignDefinition): number {
  if (definition.kind === 'leads') return msToNumber(definition.replyWindow as never);
  if (definition.kind === 'inspection') return msToNumber(definition.offer.period as never);
  return 0;
}

/** Runs the campaign on the engine in virtual time until its last run ends; returns the answers given. */
async function drive(engine: RehearsalEngine, stored: StoredDefinition, options: RehearsalOptions, seed: string): Promise<{ startedAt: number; fired: FiredResponse[] }> {
  const { env, client } = engine;
  const definition = stored.definition;
  const morning = instantIn(options.runDate, START_CLOCK, options.zone);
  const now0 = await env.currentTimeMs();
  if (morning > now0) await env.sleep(morning - now0);
  const startedAt = await env.currentTimeMs();
  await startDefinition(client, stored, { runDate: options.runDate });

  const settings: ResponseSettings = { campaignId: definition.id, rate: options.responseRate, seed, openForMs: openFor(definition) };
  const pending: PlannedResponse[] = [];
  const fired: FiredResponse[] = [];
  const schedule = (r: PlannedResponse | null) => r && pending.push(r);
  let lastCard = 0;
  let seenCalls = 0;
  const running = `CampaignId = '${definition.id}' AND ExecutionStatus = 'Running'`;

  for (;;) {
    const now = await env.currentTimeMs();
    // New cards and call tasks since the last look: their customers decide now.
    if (definition.kind !== 'greetings') {
      const cards = await client.pool.query<{ id: number; response_code: string; contact_id: number }>(
        'SELECT id, response_code, contact_id FROM reply_cards WHERE campaign_id = $1 AND id > $2 ORDER BY id',
        [definition.id, lastCard],
      );
      for (const c of cards.rows) {
        const card = { code: c.response_code, contactId: c.contact_id };
        const issued = engine.cardIssuedAt.get(c.response_code) ?? now;
        schedule(definition.kind === 'leads' ? planReply(client, settings, card, issued) : planBooking(client, settings, card, issued, schedule));
        lastCard = c.id;
      }
    }
    for (; seenCalls < engine.calls.length; seenCalls++) schedule(planCallOutcome(client, settings, engine.calls[seenCalls]!));

    pending.sort((a, b) => a.at - b.at);
    while (pending[0] && pending[0].at <= now) {
      const r = pending.shift()!;
      fired.push({ at: r.at, kind: r.kind, detail: await r.run() });
    }
    if ((await env.client.workflow.count(running)).count === 0) break;
    if (now - startedAt > MAX_SPAN_MS) break;
    const wake = Math.min(pending[0]?.at ?? Infinity, now + STEP_MS);
    await env.sleep(Math.max(wake - now, 1));
  }
  return { startedAt, fired };
}

/** When the campaign's last run closed (virtual), or null when one is still open. */
async function lastRunEnd(engine: RehearsalEngine, campaignId: string): Promise<number | null> {
  let last = 0;
  for await (const run of engine.env.client.workflow.list({ query: `CampaignId = '${campaignId}'` })) {
    if (!run.closeTime) return null;
    last = Math.max(last, run.closeTime.getTime());
  }
  return last || null;
}

/** Rehearses a stored definition against a snapshot of `realPool`'s audience (read only there). */
export async function rehearseDefinition(realPool: Pool, config: Config, stored: StoredDefinition, options: RehearsalOptions): Promise<Rehearsal> {
  const wallStart = Date.now();
  const seed = options.seed ?? stored.id;
  const dir = await mkdtemp(join(tmpdir(), 'campaign-rehearsal-'));
  try {
    const db = await openRehearsalDatabase(dir);
    try {
      const snapshot = await snapshotAudience(realPool, db.pool, stored);
      const snapshotMs = Date.now() - wallStart;
      const engine = await startRehearsalEngine(config, db, dir, `rehearsal-${stored.id}`);
      const engineMs = Date.now() - wallStart - snapshotMs;
      try {
        const { startedAt, fired } = await engine.withWorker(() => drive(engine, stored, options, seed));
        const runMs = Date.now() - wallStart - snapshotMs - engineMs;
        const end = await lastRunEnd(engine, stored.id);
        const { days, notSent } = await buildTimeline(db.pool, stored.id, engine.sentAt, fired, options.zone);
        const responses: Record<string, number> = {};
        for (const r of fired) responses[r.kind] = (responses[r.kind] ?? 0) + 1;
        return {
          campaignId: stored.id,
          kind: stored.kind,
          version: stored.version,
          responseRate: options.responseRate,
          seed,
          zone: options.zone,
          snapshot,
          startedAt: new Date(startedAt).toISOString(),
          lastRunEndedAt: end === null ? null : new Date(end).toISOString(),
          days,
          notSent,
          responses,
          funnel: await readFunnel(db.pool, stored.id),
          outbox: { emails: engine.emailsReceived(), callTasks: engine.calls.length },
          tookMs: Date.now() - wallStart,
          phases: { snapshotMs, engineMs, runMs },
        };
      } finally {
        await engine.close();
      }
    } finally {
      await db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
