/** Pause, resume or cancel a running broadcast by signal: `campaign pause|resume|cancel` and the console. */
import { WorkflowNotFoundError } from '@temporalio/client';
import { broadcastWorkflowId } from '../lib/temporal-names.js';
import { cancelSignal, pauseSignal, resumeSignal } from '../workflows/greetings.js';
import { findCampaign } from './campaigns.js';
import type { CampaignClient } from './start.js';

export type BroadcastAction = 'pause' | 'resume' | 'cancel';

/** A request the person can fix: an unknown campaign, one that is not a broadcast, one not running. */
export class BroadcastControlError extends Error {
  override name = 'BroadcastControlError';
}

/**
 * Signals the broadcast; a pause stops it between pages (nothing in flight is lost) and carries
 * its reason to `status`. Signalling twice is harmless: a paused broadcast stays paused.
 */
export async function controlBroadcast(client: Pick<CampaignClient, 'temporal' | 'pool'>, campaignId: string, action: BroadcastAction, reason?: string): Promise<void> {
  const campaign = await findCampaign(client.pool, campaignId);
  if (!campaign) throw new BroadcastControlError(`unknown campaign '${campaignId}'`);
  if (campaign.kind !== 'greetings') {
    // "an inspection campaign", not "a inspection campaign".
    const article = /^[aeiou]/.test(campaign.kind) ? 'an' : 'a';
    throw new BroadcastControlError(`campaign '${campaignId}' is ${article} ${campaign.kind} campaign, not a broadcast`);
  }
  const handle = client.temporal.workflow.getHandle(broadcastWorkflowId('greetings', campaignId));
  try {
    if (action === 'pause') await handle.signal(pauseSignal, reason ?? 'paused by an operator');
    else if (action === 'resume') await handle.signal(resumeSignal);
    else await handle.signal(cancelSignal);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new BroadcastControlError(`the broadcast of '${campaignId}' is not running`);
    throw err;
  }
}
