/** Campaign records and their runs, for status and control. */
import type { Client } from '@temporalio/client';
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';
import { broadcastWorkflowId, CampaignIdKey } from '../lib/temporal-names.js';
import { progressQuery, type GreetingsProgress } from '../workflows/greetings.js';

export interface CampaignRecord {
  id: string;
  kind: string;
  name: string;
  status: string;
}

export async function findCampaign(pool: Pool, id: string): Promise<CampaignRecord | undefined> {
  const { rows } = await pool.query<CampaignRecord>(sql('campaign-by-id'), [id]);
  return rows[0];
}

export async function listCampaigns(pool: Pool): Promise<CampaignRecord[]> {
  const { rows } = await pool.query<CampaignRecord>(sql('list-campaigns'));
  return rows;
}

/** Runs of a campaign by execution status (Running, Completed, Failed, ...), from visibility. */
export async function campaignRuns(temporal: Client, campaignId: string): Promise<Record<string, number>> {
  const query = `${CampaignIdKey.name} = '${campaignId.replace(/'/g, "''")}'`;
  const runs: Record<string, number> = {};
  for await (const run of temporal.workflow.list({ query })) {
    const status = run.status.name;
    runs[status] = (runs[status] ?? 0) + 1;
  }
  return runs;
}

/**
 * A broadcast's progress (state, pause reason, counts), or undefined when it cannot answer now:
 * not started, or no worker running to answer the query (which would otherwise wait).
 */
export async function broadcastProgress(temporal: Client, campaignId: string, waitMs = 3000): Promise<GreetingsProgress | undefined> {
  const handle = temporal.workflow.getHandle(broadcastWorkflowId('greetings', campaignId));
  return temporal.connection.withDeadline(Date.now() + waitMs, () => handle.query(progressQuery)).catch(() => undefined);
}
