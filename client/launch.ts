/**
 * Launching a per-contact campaign: one durable workflow pages through the audience and starts
 * each contact's run (workflows/campaign-launch.ts). Starting a launch that is under way joins
 * it; one that has finished launches again, and finds the contacts already in the campaign.
 */
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { LaunchPageRequest, LaunchTally } from '../activities/types.js';
import { campaignSearchAttributes, launchWorkflowId, type CampaignKind } from '../lib/temporal-names.js';
import { campaignLaunch, launchProgressQuery, type LaunchProgress } from '../workflows/campaign-launch.js';
import type { CampaignClient } from './start.js';

/** Audience pages: large enough to send and start in bulk, small enough to retry cheaply. */
export const LAUNCH_PAGE_SIZE = 500;

export type LaunchRequest = Omit<LaunchPageRequest, 'afterContactId' | 'pageSize'> & { pageSize?: number };

/** Starts (or joins) the campaign's launch; returns its workflow id. */
export async function startLaunch(client: CampaignClient, request: LaunchRequest): Promise<string> {
  const workflowId = launchWorkflowId(request.campaignId);
  await client.temporal.workflow.start(campaignLaunch, {
    workflowId,
    taskQueue: client.taskQueue,
    args: [{ request: { ...request, pageSize: request.pageSize ?? LAUNCH_PAGE_SIZE } }],
    typedSearchAttributes: campaignSearchAttributes(request.kind as CampaignKind, request.campaignId),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
  });
  return workflowId;
}

/** Where a launch stands, or null when the campaign has none. */
export async function launchProgress(client: CampaignClient, campaignId: string): Promise<LaunchProgress | null> {
  try {
    return await client.temporal.workflow.getHandle(launchWorkflowId(campaignId)).query(launchProgressQuery);
  } catch {
    return null;
  }
}

/**
 * Launches and waits for the launch to finish, reporting progress every `everyMs`. Leaving early
 * (a closed terminal) leaves the launch running: it is the workflow, not this process.
 */
export async function launchCampaign(
  client: CampaignClient,
  request: LaunchRequest,
  onProgress?: (progress: LaunchProgress) => void,
  everyMs = 1000,
): Promise<LaunchTally> {
  const workflowId = await startLaunch(client, request);
  const handle = client.temporal.workflow.getHandle<typeof campaignLaunch>(workflowId);
  const timer = onProgress
    ? setInterval(() => void handle.query(launchProgressQuery).then(onProgress, () => undefined), everyMs)
    : undefined;
  try {
    return await handle.result();
  } finally {
    if (timer) clearInterval(timer);
  }
}
