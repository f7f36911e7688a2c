/**
 * Where a contact stands in a campaign, kept in three places at once: the workflow's own query
 * state, the CampaignStage search attribute (operations find runs by it) and the funnel record.
 */
import { upsertSearchAttributes } from '@temporalio/workflow';
import { CampaignStageKey } from '../../lib/temporal-names.js';
import { records } from './activities.js';

/** Returns a function that moves the contact to a stage (with the reason of an end state). */
export function stageRecorder(campaignId: string, contactId: number, status: { stage: string }) {
  return async (stage: string, reason?: string): Promise<void> => {
    status.stage = stage;
    upsertSearchAttributes([{ key: CampaignStageKey, value: stage }]);
    await records.recordStage(campaignId, contactId, stage, reason);
  };
}
