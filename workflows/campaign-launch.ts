/**
 * The launch of a per-contact campaign (id: launch/<campaign>): pages through the campaign's
 * audience by contact id and starts each contact's run, a page per activity. The cursor lives in
 * the workflow, so a crashed worker, a closed terminal or a restarted server resumes at the page
 * it was on; the page's offers are keyed by contact and its runs by business id, so a page done
 * twice writes and starts nobody twice. Continues as new before its history grows large.
 */
import { continueAsNew, defineQuery, setHandler, workflowInfo } from '@temporalio/workflow';
import type { LaunchPageRequest, LaunchTally } from '../activities/types.js';
import { addTally, emptyTally } from '../lib/launch-tally.js';
import { pageActivities } from './support/activities.js';

export interface CampaignLaunchInput {
  request: Omit<LaunchPageRequest, 'afterContactId'>;
  /** Where the launch stands: carried across continue-as-new. */
  afterContactId?: number;
  totals?: LaunchTally;
}

export interface LaunchProgress extends LaunchTally {
  afterContactId: number;
  done: boolean;
}

export const launchProgressQuery = defineQuery<LaunchProgress>('launchProgress');

const PAGES_PER_RUN = 200;
// Heartbeats come every second: a page held by a worker that went away is retried within 10 s.
const { launchPage } = pageActivities('10 seconds');

export async function campaignLaunch(input: CampaignLaunchInput): Promise<LaunchTally> {
  let afterContactId = input.afterContactId ?? 0;
  let totals = input.totals ?? emptyTally();
  let done = false;
  setHandler(launchProgressQuery, () => ({ ...totals, afterContactId, done }));

  for (let page = 0; ; page++) {
    if (page >= PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof campaignLaunch>({ ...input, afterContactId, totals });
    }
    const { lastContactId, ...counts } = await launchPage({ ...input.request, afterContactId });
    totals = addTally(totals, counts);
    if (lastContactId === null) break;
    afterContactId = lastContactId;
  }
  done = true;
  return totals;
}
