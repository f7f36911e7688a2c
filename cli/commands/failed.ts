/**
 * `campaign failed list` and `campaign replay`: what failed, by campaign, step, channel, error and
 * time; and its replay through the same idempotent path (--dry-run first shows what would go).
 */
import type { Command } from 'commander';
import { groupByReason, listFailed, replayFailedPieces, type FailedFilter } from '../../client/failed.js';
import { displayTime } from '../../lib/display-time.js';
import { withContext } from '../context.js';
import { badInput, EXIT } from '../errors.js';
import { emit, positiveInt, table } from '../output.js';

interface FilterOptions {
  campaign?: string;
  step?: string;
  channel?: string;
  error?: string;
  since?: string;
  until?: string;
  limit?: string;
  json?: boolean;
  dryRun?: boolean;
}

function when(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) throw badInput(`${name}: '${value}' is not a date (use YYYY-MM-DD or an ISO time)`);
  return date;
}

function filterOf(o: FilterOptions): FailedFilter {
  if (o.channel !== undefined && !['email', 'post', 'phone'].includes(o.channel)) throw badInput(`--channel must be email, post or phone, got '${o.channel}'`);
  return {
    campaign: o.campaign,
    step: o.step,
    channel: o.channel as FailedFilter['channel'],
    error: o.error,
    since: when('--since', o.since),
    until: when('--until', o.until),
    limit: o.limit ? positiveInt('--limit', o.limit) : undefined,
  };
}

function withFilters(command: Command): Command {
  return command
    .option('--campaign <id>', 'only this campaign')
    .option('--step <step>', "only this step, e.g. 'pack' or 'xmas-2026'")
    .option('--channel <channel>', 'email, post or phone')
    .option('--error <text>', "failure reason contains this, e.g. '550' or 'timeout'")
    .option('--since <date>', 'failed at or after (YYYY-MM-DD or ISO time)')
    .option('--until <date>', 'failed before')
    .option('--limit <n>', 'at most this many pieces')
    .option('--json', 'print JSON');
}

export function registerFailed(program: Command): void {
  const failed = program.command('failed').description('failed pieces: what failed, when and why');
  withFilters(failed.command('list').description('list failed pieces with their reasons')).action(async (options: FilterOptions) => {
    const filter = filterOf(options);
    await withContext(async (ctx) => {
      const pieces = await listFailed((await ctx.db()).pool, filter);
      emit(options, pieces, (list) =>
        list.length
          ? list.map((p) => `${p.id}  ${p.campaign_id}  ${p.step}  ${p.channel}  contact ${p.contact_id} (${p.name})  ${displayTime(p.updated_at, p.time_zone)}  ${p.reason ?? ''}`).join('\n')
          : 'no failed pieces',
      );
    });
  });

  withFilters(
    program
      .command('replay')
      .description('re-send failed pieces through the same idempotent path: nothing already sent is sent again')
      .option('--dry-run', 'show what would be re-sent; send nothing'),
  ).action(async (options: FilterOptions) => {
    const filter = filterOf(options);
    await withContext(async (ctx) => {
      if (options.dryRun) {
        const pieces = await listFailed((await ctx.db()).pool, filter);
        const groups = groupByReason(pieces).map((g) => ({ reason: g.reason, pieces: g.deliveryIds.length }));
        emit(options, { wouldReplay: pieces.length, groups, pieces }, (r) =>
          [
            `would re-send ${r.wouldReplay} failed piece(s); dry run: nothing was sent`,
            ...r.groups.map((g) => `  ${g.pieces}  ${g.reason}${g.pieces > 1 ? ' (one is tried first; if it fails the same way, the others wait)' : ''}`),
          ].join('\n'),
        );
        return;
      }
      const result = await replayFailedPieces(await ctx.campaigns(), filter);
      emit(options, result, (r) =>
        [
          table([
            ['failed pieces found', r.pieces],
            ['sent now', r.tally.sent],
            ['failed again', r.tally.failedAgain],
            ['skipped (consent, suppression)', r.tally.skipped],
            ['no longer failed', r.tally.notFailed],
          ]),
          ...r.tally.failures.map((f) => `  delivery ${f.deliveryId}: ${f.reason}`),
          ...r.tally.heldBack.map(
            (h) => `held back ${h.pieces} more piece(s) that failed for the same reason (delivery ${h.triedDeliveryId} failed again): ${h.reason}; fix the cause, then replay again`,
          ),
        ].join('\n'),
      );
      if (result.tally.failedAgain > 0 || result.tally.heldBack.length > 0) process.exitCode = EXIT.partial;
    });
  });
}
