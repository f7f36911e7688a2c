/** Campaign records and their runs, for status and control. */
import { isGrpcServiceError, type Client } from '@temporalio/client';
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';
import { displayTime } from '../lib/display-time.js';
import { broadcastWorkflowId, CampaignIdKey } from '../lib/temporal-names.js';
import { progressQuery, type GreetingsProgress } from '../workflows/greetings.js';

export interface CampaignRecord {
  id: string;
  kind: string;
  name: string;
  /** As recorded: draft, running, done (every run closed, when last seen), paused, cancelled. */
  status: string;
  /** When the live state was last seen from Temporal and recorded; null if never. */
  state_seen_at: Date | null;
  created_at: Date;
}

export async function findCampaign(pool: Pool, id: string): Promise<CampaignRecord | undefined> {
  const { rows } = await pool.query<CampaignRecord>(sql('campaign-by-id'), [id]);
  return rows[0];
}

export async function listCampaigns(pool: Pool): Promise<CampaignRecord[]> {
  const { rows } = await pool.query<CampaignRecord>(sql('list-campaigns'));
  return rows;
}

/** gRPC codes of a server that cannot group a count: INVALID_ARGUMENT, UNIMPLEMENTED. */
const CANNOT_GROUP = new Set([3, 12]);

/** Visibility's ExecutionStatus values (Running, ContinuedAsNew, ...) as the SDK names them (RUNNING, CONTINUED_AS_NEW, ...). */
const statusName = (value: string): string => value.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

/**
 * Runs of a campaign by execution status (RUNNING, COMPLETED, FAILED, ...), from visibility: one
 * count grouped by status, so a campaign of a hundred thousand contacts is not listed run by run.
 * A server whose visibility cannot group counts (an old one) is answered by listing the runs.
 */
export async function campaignRuns(temporal: Client, campaignId: string): Promise<Record<string, number>> {
  const query = `${CampaignIdKey.name} = '${campaignId.replace(/'/g, "''")}'`;
  const runs: Record<string, number> = {};
  try {
    const { groups } = await temporal.workflow.count(`${query} GROUP BY ExecutionStatus`);
    for (const g of groups) runs[statusName(String(g.groupValues[0]))] = g.count;
    return runs;
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    if (!isGrpcServiceError(cause) || !CANNOT_GROUP.has(cause.code)) throw err;
  }
  for await (const run of temporal.workflow.list({ query })) runs[run.status.name] = (runs[run.status.name] ?? 0) + 1;
  return runs;
}

/** Visibility may lag a start by a moment; after this, a started campaign without runs has none left. */
const VISIBILITY_LAG_MS = 60_000;

/**
 * A campaign's state as its runs show it: running while any run is open, ended once all have
 * closed. With no runs at all it is as recorded, unless it started a while ago: then its closed
 * runs have passed the namespace's retention, and it ended.
 */
export function liveState(record: CampaignRecord, runs: Record<string, number>, now = Date.now()): string {
  const total = Object.values(runs).reduce((a, b) => a + b, 0);
  if (total > 0) return runs.RUNNING ? 'running' : 'ended';
  if (record.status === 'running' && now - record.created_at.getTime() > VISIBILITY_LAG_MS) return 'ended';
  return record.status === 'done' ? 'ended' : record.status;
}

/**
 * Records the live state seen from Temporal, so that when Temporal cannot be reached what is
 * shown is what was last known, and when, never a stale "running".
 */
export async function rememberLiveState(pool: Pool, campaignId: string, live: string): Promise<void> {
  const status = live === 'ended' ? 'done' : live;
  if (status !== 'running' && status !== 'done') return;
  await pool.query(sql('remember-campaign-state'), [campaignId, status]);
}

/**
 * A campaign's state from Postgres alone (Temporal unreachable): ended if its runs were last
 * seen all closed; otherwise not known now, with what was last seen and when.
 */
export function recordedState(record: CampaignRecord, displayZone: string): string {
  if (record.status === 'done') return 'ended';
  if (record.status !== 'running') return record.status;
  const seen = record.state_seen_at ? `running when last seen, ${displayTime(record.state_seen_at, displayZone)}` : `started ${displayTime(record.created_at, displayZone)}`;
  return `not known now (Temporal unreachable); ${seen}`;
}

/**
 * A broadcast's progress (state, pause reason, counts), or undefined when it cannot answer now:
 * not started, or no worker running to answer the query (which would otherwise wait).
 */
export async function broadcastProgress(temporal: Client, campaignId: string, waitMs = 3000): Promise<GreetingsProgress | undefined> {
  const handle = temporal.workflow.getHandle(broadcastWorkflowId('greetings', campaignId));
  return temporal.connection.withDeadline(Date.now() + waitMs, () => handle.query(progressQuery)).catch(() => undefined);
}
