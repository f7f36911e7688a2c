/** `campaign status [campaign]`: the funnel and the runs in each state; --follow for a broadcast. */
import type { WorkflowHandle } from '@temporalio/client';
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { readFunnel, readFunnelBySource, type Funnel, type SourceFunnel } from '../../client/funnel.js';
import { liftCells, readHoldoutLift, type StageLift } from '../../client/holdout-lift.js';
import { broadcastProgress, campaignRuns, findCampaign, listCampaigns, liveState, recordedState, rememberLiveState } from '../../client/campaigns.js';
import { pollingWorkers, type PollingWorker } from '../../client/workers.js';
import { broadcastWorkflowId } from '../../lib/temporal-names.js';
import { progressQuery, type GreetingsProgress } from '../../workflows/greetings.js';
import { withContext } from '../context.js';
import { badInput, EXIT } from '../errors.js';
import { emit, grid, table } from '../output.js';

/**
 * A broadcast as its run tells it (state, pause reason, owners targeted) with its counts from the
 * record, as the funnel counts them: the run's own tally counts each page once as it went, so it
 * misses a piece replayed since, and counts an owner's e-mail and letter apart.
 */
function broadcastFromRecord(p: GreetingsProgress, funnel: Funnel): GreetingsProgress {
  const pieces = Object.values(funnel.pieces);
  const count = (status: string): number => pieces.reduce((sum, byStatus) => sum + (byStatus[status] ?? 0), 0);
  return { ...p, sent: count('sent'), failed: count('failed'), skipped: count('skipped'), remaining: Math.max(p.targeted - funnel.addressed, 0) };
}

/** One line on a broadcast: its state (and why it is paused) and its counts. */
function broadcastLine(p: GreetingsProgress): string {
  const state = p.state === 'paused' ? `paused: ${p.pauseReason ?? 'no reason given'}` : p.state;
  return `${state} (sent ${p.sent}, failed ${p.failed}, skipped ${p.skipped}, remaining ${p.remaining})`;
}

/** Temporal cannot be reached: the command still shows what Postgres holds, says so, and exits 3. */
function runsNotShown(err: Error): undefined {
  process.stderr.write(`campaign: runs not shown: ${err.message}\n`);
  process.exitCode = EXIT.unreachable;
  return undefined;
}

/** ", 2 running, 5 completed": a campaign's runs in one line of the campaign list. */
function runsText(runs: Record<string, number>): string {
  return Object.entries(runs)
    .map(([state, n]) => `, ${n} ${state.toLowerCase().replace(/_/g, ' ')}`)
    .join('');
}

/** The funnel per list source as a grid: one row a source, one column a stage, then the response rate. */
function bySourceText(campaignId: string, sources: SourceFunnel[]): string {
  if (sources.length === 0) return `campaign ${campaignId}: no contacts yet`;
  // Every source has the common stages; campaign-specific ones (attended, not-booked) only where reached.
  const stages = [...new Set(sources.flatMap((s) => Object.keys(s.stages)))];
  const rows = sources.map((s) => [
    s.source || '(no source)',
    ...stages.map((st) => s.stages[st] ?? 0),
    s.lost,
    s.responseRate === null ? '-' : `${(s.responseRate * 100).toFixed(1)}%`,
  ]);
  return `campaign ${campaignId} by list source (response: replied / delivered)\n${grid(['source', ...stages, 'lost', 'response'], rows)}`;
}

/**
 * Who runs the campaign's runs: the workers polling the task queue, or a warning that none has
 * lately, which is why running runs would stand still.
 */
function workersLine(taskQueue: string, workers: PollingWorker[], running: number): string {
  if (workers.length === 0) {
    return `none polling ${taskQueue} in the last 5 minutes${running ? `: the ${running} running run(s) wait until one starts (npm run worker)` : ''}`;
  }
  const ago = (w: PollingWorker): string => `${Math.max(0, Math.round((Date.now() - w.lastPolledAt.getTime()) / 1000))} s ago`;
  return `${workers.length} polling ${taskQueue}: ${workers.map((w) => `${w.identity} (${ago(w)})`).join(', ')}`;
}

function funnelText(funnel: Funnel, state: string, runs: Record<string, number>, broadcast?: GreetingsProgress, workers?: string): string {
  const lines: [string, string | number][] = [['state', state], ...Object.entries(funnel.stages).map(([stage, n]): [string, number] => [stage, n])];
  if (funnel.noContact) lines.push(['no-contact', funnel.noContact]);
  for (const lost of funnel.lost) lines.push([`lost: ${lost.reason}`, lost.contacts]);
  for (const [channel, statuses] of Object.entries(funnel.pieces)) {
    lines.push([`${channel} pieces`, Object.entries(statuses).map(([s, n]) => `${s} ${n}`).join(', ')]);
  }
  for (const [state, n] of Object.entries(runs)) lines.push([`runs ${state.toLowerCase()}`, n]);
  if (broadcast) lines.push(['broadcast', broadcastLine(broadcast)]);
  if (workers) lines.push(['workers', workers]);
  return `campaign ${funnel.campaignId}\n${table(lines)}`;
}

/** Treated against holdout per outcome: each group's rate, the lift and its 95% interval. */
function holdoutText(rows: StageLift[]): string {
  return (
    'treated against holdout (what the campaign caused; lift with its 95% interval):\n' +
    grid(
      ['outcome', 'treated', 'holdout', 'lift', '95% interval'],
      rows.map((r) => {
        const cells = liftCells(r);
        return [r.stage, cells.treated, cells.holdout, cells.lift, cells.interval];
      }),
    )
  );
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("a campaign's funnel and its runs by state; without a campaign, every campaign")
    .argument('[campaign]', 'campaign id')
    .option('--follow', 'for a running broadcast: a progress bar until it ends or pauses')
    .option('--by-source', "the funnel per list source (the contacts' source codes) with each one's response rate")
    .option('--json', 'print JSON')
    .action(async (campaignId: string | undefined, options: { follow?: boolean; bySource?: boolean; json?: boolean }) => {
      await withContext(async (ctx) => {
        if (!campaignId && options.bySource) throw badInput('--by-source needs a campaign');
        void ctx.temporal().catch(() => undefined); // connect while Postgres answers; reported where used
        const { pool } = await ctx.db();
        const zone = ctx.config.DISPLAY_TIME_ZONE;
        if (!campaignId) {
          const campaigns = await listCampaigns(pool);
          // Each campaign's state comes from its runs, and is recorded; without Temporal, what was last recorded.
          const temporal = campaigns.length ? await ctx.temporal().catch(runsNotShown) : undefined;
          let failed: Error | undefined;
          const listed = await Promise.all(
            campaigns.map(async (c) => {
              const runs = temporal ? await campaignRuns(temporal, c.id).catch((err: Error) => void (failed ??= err)) : undefined;
              if (!runs) return { ...c, status: recordedState(c, zone) };
              const status = liveState(c, runs);
              await rememberLiveState(pool, c.id, status);
              return { ...c, status, runs };
            }),
          );
          if (failed) runsNotShown(failed);
          emit(options, listed, (list) =>
            list.length ? table(list.map((c) => [c.id, `${c.kind}, ${c.status}${'runs' in c ? runsText(c.runs) : ''}`])) : 'no campaigns yet',
          );
          return;
        }
        const campaign = await findCampaign(pool, campaignId);
        if (!campaign) throw badInput(`unknown campaign '${campaignId}'`);
        if (options.bySource) {
          const sources = await readFunnelBySource(pool, campaignId);
          emit(options, { campaignId, bySource: sources }, () => bySourceText(campaignId, sources));
          return;
        }
        if (options.follow) {
          if (campaign.kind !== 'greetings') throw badInput('--follow is for broadcasts (greetings campaigns)');
          await follow((await ctx.temporal()).workflow.getHandle(broadcastWorkflowId('greetings', campaignId)));
        }
        const funnel = await readFunnel(pool, campaignId);
        // The funnel is in Postgres: show it even when Temporal is down, and say so.
        const temporal = await ctx.temporal().catch(runsNotShown);
        const seen = temporal && (await campaignRuns(temporal, campaignId).catch(runsNotShown));
        const runs = seen ?? {};
        const state = seen ? liveState(campaign, seen) : recordedState(campaign, zone);
        if (seen) await rememberLiveState(pool, campaign.id, state);
        // A broadcast's own state: whether it paused itself, and why.
        const progress = temporal && campaign.kind === 'greetings' ? await broadcastProgress(temporal, campaignId) : undefined;
        const broadcast = progress && broadcastFromRecord(progress, funnel);
        // While it runs, a broadcast knows how many owners it targets before its pieces say so.
        if (broadcast) funnel.stages.targeted = Math.max(funnel.stages.targeted ?? 0, broadcast.targeted);
        const workers = temporal ? await pollingWorkers(temporal, ctx.config.TASK_QUEUE).catch(() => undefined) : undefined;
        const workersText = workers && workersLine(ctx.config.TASK_QUEUE, workers, runs.RUNNING ?? 0);
        const holdout = await readHoldoutLift(pool, campaignId);
        emit(options, { ...funnel, state, runs, ...(broadcast ? { broadcast } : {}), ...(workers ? { workers } : {}), ...(holdout ? { holdout } : {}) }, (f) =>
          [funnelText(f, state, runs, broadcast, workersText), ...(holdout ? [holdoutText(holdout)] : [])].join('\n'),
        );
      });
    });
}

async function follow(handle: WorkflowHandle): Promise<void> {
  const bar = new SingleBar({ format: 'greetings [{bar}] {value}/{total} | sent {sent} failed {failed} skipped {skipped} | {state}' }, Presets.shades_classic);
  let started = false;
  for (;;) {
    const p: GreetingsProgress = await handle.query(progressQuery);
    const done = p.sent + p.failed + p.skipped;
    if (!started) {
      bar.start(p.targeted, done, { ...p });
      started = true;
    }
    bar.setTotal(Math.max(p.targeted, done));
    // A paused broadcast waits for an operator, maybe for days: following it further shows nothing.
    bar.update(done, { ...p, state: p.state === 'paused' ? `paused: ${p.pauseReason}` : p.state });
    if (p.state !== 'running') break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  bar.stop();
}
