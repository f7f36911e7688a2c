/**
 * Activities that administer campaigns for scheduled runs: record the season's campaign and start
 * its workflows. Starting is idempotent by workflow id (campaign and contact), so a retried
 * activity starts nobody twice.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { checkDefinition } from '../client/definition-check.js';
import { startDefinition } from '../client/definition-start.js';
import { readDefinition } from '../client/definitions.js';
import { registerCampaign, startInspection } from '../client/start.js';
import { segmentContactIds } from '../client/segment.js';
import type { Pool } from '../db/pool.js';
import type { Config } from '../lib/config.js';
import type { CampaignKind } from '../lib/temporal-names.js';
import type { Clock } from './deps.js';
import { dateIn } from './greetings.js';
import type { AdminActivities } from './types.js';

export interface AdminDeps {
  pool: Pool;
  temporal: Client;
  taskQueue: string;
  config: Pick<Config, 'PUBLIC_BASE_URL' | 'CUSTOMER_LINK_SECRET'>;
  clock?: Clock;
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
    /** Key: the run's campaign id (definition and day); a failed check starts and records nothing. */
    async startDefinedCampaign({ definitionId, period, timeZone }) {
      const stored = await readDefinition(deps.pool, definitionId);
      if (!stored) throw ApplicationFailure.nonRetryable(`campaign '${definitionId}' is not defined (campaign create -f <file>)`, 'UnknownDefinition');
      const runDate = dateIn(timeZone, deps.clock?.now() ?? new Date());
      const campaignId = `${definitionId}-${period === 'year' ? runDate.slice(0, 4) : runDate}`;
      const check = await checkDefinition(deps.pool, deps.config, stored.definition, { campaignId, runDate });
      const nobodyToday = period === 'day' && check.audience === 0;
      if (nobodyToday) return { campaignId, version: stored.version, started: 0, already: 0, nobodyToday };
      if (check.problems.length) {
        throw ApplicationFailure.nonRetryable(`${campaignId} was not started (version ${stored.version}): ${check.problems.join('; ')}`, 'DefinitionCheckFailed');
      }
      // A per-contact campaign goes on in its own launch workflow; this run only starts it.
      const tally = await startDefinition(deps, stored, { campaignId, runDate, wait: false });
      return { campaignId, version: stored.version, started: tally.started, already: tally.already, heldOut: tally.heldOut, launch: tally.launch };
    },
  };
}
