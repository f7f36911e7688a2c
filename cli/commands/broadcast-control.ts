/** `campaign pause|resume|cancel <campaign>`: steer a running broadcast by signal. */
import type { Command } from 'commander';
import { BroadcastControlError, controlBroadcast, type BroadcastAction } from '../../client/broadcast-control.js';
import { withContext } from '../context.js';
import { asBadInput } from '../errors.js';
import { emit } from '../output.js';

const DESCRIPTIONS: Record<BroadcastAction, string> = {
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
          const client = { temporal: await ctx.temporal(), pool: (await ctx.db()).pool };
          await asBadInput(controlBroadcast(client, campaignId, action, options.reason), BroadcastControlError);
          emit(options, { campaign: campaignId, action, accepted: true }, () => `${action}: sent to ${campaignId}`);
        });
      });
  }
}
