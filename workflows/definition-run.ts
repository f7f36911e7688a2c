/**
 * A scheduled run of a defined campaign (id: scheduled/<schedule>-<time>), started by a Temporal
 * Schedule: it names the year's (or day's) campaign from the definition, fills in its yearly
 * dates, and starts it only when the definition's check passes. A run that fails its check has
 * registered and started nothing, so once the definition is fixed a trigger starts the campaign.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { AllActivities, DefinedRunRequest, DefinedRunResult } from '../activities/types.js';

// The check renders every variant and the start pages through the audience: minutes on a large file.
const admin = proxyActivities<AllActivities>({
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});

export type DefinitionRunInput = DefinedRunRequest;

export async function definitionRun(input: DefinitionRunInput): Promise<DefinedRunResult> {
  return admin.startDefinedCampaign(input);
}
