/**
 * Activities that administer campaigns for seasonal runs: record the season's campaign and start
 * its per-owner workflows. Starting is idempotent by workflow id (campaign and owner), so a
 * retried activity starts nobody twice.
 */
import type { Client } from '@temporalio/client';
import { registerCampaign, startInspection } from '../client/start.js';
import { segmentContactIds } from '../client/segment.js';
import type { Pool } from '../db/pool.js';
import type { CampaignKind } from '../lib/temporal-names.js';
import type { AdminActivities } from './types.js';

export interface AdminDeps {
  pool: Pool;
  temporal: Client;
  taskQueue: string;
}

export function createAdminActivities(deps: AdminDeps): AdminActivities {
  return {
    /** Key: campaign id; not retried past a bad kind; effect: one campaigns row. */
    async registerCampaign(campaignId, kind, params) {
      await registerCampaign(deps.pool, { id: campaignId, kind: kind as CampaignKind, params }, []);
    },
    /** Key: campaign and owner per workflow id; retried; effect: one inspection run per owner. */
    async startInspectionForOwners(campaignId, offerPeriod) {
      const owners = await segmentContactIds(deps.pool, { stage: 'owner', withVehicle: true });
      const tally = await startInspection(deps, campaignId, owners, { offerPeriod, reminderBefore: '1 day', followUpAfter: '1 day' });
      return { started: tally.started.length, running: tally.running.length, finished: tally.finished.length };
    },
  };
}
