/** `campaign pause|resume|cancel <campaign>`: steer a running broadcast by signal. */
import type { Command } from 'commander';
import { WorkflowNotFoundError } from '@temporalio/client';
import { findCampaign } from '../../client/campaigns.js';
import { broadcastWorkflowId } from '../../lib/temporal-names.js';
import { cancelSignal, pauseSignal, resumeSignal } from '../../workflows/greetings.js';
import { withContext } from '../context.js';
import { badInput } from '../errors.js';
import { emit } from '../output.js';

type Action = 'pause' | 'resume' | 'cancel';

const DESCRIPTIONS: Record<Action, string> = {
  pause: 'pause a running broadcast between pages (nothing in flight is lost)',
  resume: 'resume a paused broadcast where it stopped',
  cancel: 'stop a broadcast for good; what was sent stays recorded',
};

export function registerBroadcastControl(program: Command): void {
  for (const action of ['pause', 'resume', 'cancel'] as const) {
    program
      .command(action)
      .description(DESCRIPTIONS[action])
      .argument('<campaign>', 'campaign id of a greetings broadcast')
      .option('--reason <text>', 'pause: why, shown in status')
      .option('--json', 'print JSON')
      .action(async (campaignId: string, options: { reason?: string; json?: boolean }) => {
        await withContext(async (ctx) => {
          const campaign = await findCampaign((await ctx.db()).pool, campaignId);
          if (!campaign) throw badInput(`unknown campaign '${campaignId}'`);
          if (campaign.kind !== 'greetings') {
            // "an inspection campaign", not "a inspection campaign".
            const article = /^[aeiou]/.test(campaign.kind) ? 'an' : 'a';
            throw badInput(`campaign '${campaignId}' is ${article} ${campaign.kind} campaign, not a broadcast`);
          }
          const handle = (await ctx.temporal()).workflow.getHandle(broadcastWorkflowId('greetings', campaignId));
          try {
            if (action === 'pause') await handle.signal(pauseSignal, options.reason ?? 'paused by an operator');
            else if (action === 'resume') await handle.signal(resumeSignal);
            else await handle.signal(cancelSignal);
          } catch (err) {
            if (err instanceof WorkflowNotFoundError) throw badInput(`the broadcast of '${campaignId}' is not running`);
            throw err;
          }
          emit(options, { campaign: campaignId, action, accepted: true }, () => `${action}: sent to ${campaignId}`);
        });
      });
  }
}
