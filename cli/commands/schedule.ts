/** `campaign schedule create|list|describe|pause|unpause|trigger|delete`: seasonal runs as Temporal Schedules. */
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type ScheduleHandle } from '@temporalio/client';
import type { Command } from 'commander';
import { createDefinitionSchedule, ScheduleRequestError } from '../../client/definition-schedules.js';
import { createSeasonalSchedule, PRESETS, summarise, type ScheduleSummary } from '../../client/seasonal-schedules.js';
import { displayTime } from '../../lib/display-time.js';
import { withContext, type CommandContext } from '../context.js';
import { badInput } from '../errors.js';
import { emit, table } from '../output.js';

/** A schedule's times in the zone of its own calendar (else the display zone), named. */
function summaryText(s: ScheduleSummary, displayZone: string): string {
  const at = (iso: string): string => displayTime(iso, s.timeZone ?? displayZone);
  return table([
    ['schedule', s.id + (s.preset ? ` (${s.preset})` : s.definition ? ` (defined campaign ${s.definition})` : '')],
    ['state', s.paused ? `paused${s.note ? `: ${s.note}` : ''}` : 'active'],
    ['next runs', s.nextRuns.slice(0, 5).map(at).join(', ') || 'none'],
    ['recent runs', s.recentRuns.map((r) => `${at(r.scheduledAt)} ${r.workflowId}`).join('\n             ') || 'none'],
  ]);
}

/** Runs fn on an existing schedule, turning "not found" into a one-line bad-input error. */
async function onSchedule<T>(ctx: CommandContext, id: string, fn: (handle: ScheduleHandle) => Promise<T>): Promise<T> {
  const handle = (await ctx.temporal()).schedule.getHandle(id);
  try {
    return await fn(handle);
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw badInput(`unknown schedule '${id}'`);
    throw err;
  }
}

function validTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    throw badInput(`--timezone: unknown time zone '${zone}'`);
  }
}

export function registerSchedule(program: Command): void {
  const schedule = program.command('schedule').description('seasonal runs as Temporal Schedules');

  schedule
    .command('create')
    .description(`create the schedule of a defined campaign (campaign list), or of a preset: ${Object.keys(PRESETS).join(', ')}`)
    .argument('<campaign-or-preset>', `a defined campaign: each run starts it for the year (or day) with its dates filled in; or a preset: ${Object.entries(PRESETS).map(([name, p]) => `${name}: ${p.description}`).join('; ')}`)
    .option('--id <id>', 'schedule id (default: the campaign or preset name)')
    .option('--on <MM-DD>', 'a defined campaign: the day it runs every year (holiday greetings know their day)')
    .option('--daily', 'a defined campaign: every day (birthday and anniversary greetings do by default)')
    .option('--at <HH:MM>', 'a defined campaign: the time of day (default 09:00; daily greetings 08:00)')
    .option('--cron <expression>', "replace the calendar, e.g. '0 9 20 12 *' (minute hour day month weekday)")
    .option('--timezone <zone>', 'IANA time zone of the calendar', 'Asia/Shanghai')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { id?: string; on?: string; daily?: boolean; at?: string; cron?: string; timezone: string; json?: boolean }) => {
      if (options.cron !== undefined && !/^(@\w+|(\S+\s+){4,6}\S+)$/.test(options.cron.trim())) {
        throw badInput(`--cron: '${options.cron}' is not a cron expression (minute hour day month weekday)`);
      }
      const timeZone = validTimeZone(options.timezone);
      await withContext(async (ctx) => {
        const temporal = await ctx.temporal();
        let id: string;
        try {
          id = PRESETS[name]
            ? await createSeasonalSchedule(temporal, { preset: name, id: options.id, cron: options.cron, timeZone, taskQueue: ctx.config.TASK_QUEUE })
            : await createDefinitionSchedule(temporal, (await ctx.db()).pool, { definitionId: name, ...options, timeZone, taskQueue: ctx.config.TASK_QUEUE });
        } catch (err) {
          if (err instanceof ScheduleAlreadyRunning) throw badInput(`schedule '${options.id ?? name}' already exists`);
          if (err instanceof ScheduleRequestError) throw badInput(PRESETS[name] ? err.message : `${err.message}; or use a preset: ${Object.keys(PRESETS).join(', ')}`);
          if (err instanceof TypeError) throw badInput(`invalid schedule: ${err.message}`);
          throw err;
        }
        const summary = summarise(id, await temporal.schedule.getHandle(id).describe());
        emit(options, summary, (sum) => summaryText(sum, ctx.config.DISPLAY_TIME_ZONE));
      });
    });

  schedule
    .command('list')
    .description('every schedule with its next run')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const temporal = await ctx.temporal();
        const rows: { id: string; paused: boolean; next?: string; timeZone?: string }[] = [];
        for await (const s of temporal.schedule.list()) {
          rows.push({ id: s.scheduleId, paused: s.state.paused, next: s.info.nextActionTimes[0]?.toISOString(), timeZone: s.spec?.timezone });
        }
        const next = (r: (typeof rows)[number]): string => (r.next ? displayTime(r.next, r.timeZone ?? ctx.config.DISPLAY_TIME_ZONE) : 'none');
        emit(options, rows, (list) => (list.length ? table(list.map((r) => [r.id, `${r.paused ? 'paused' : 'active'}, next ${next(r)}`])) : 'no schedules'));
      });
    });

  schedule
    .command('describe')
    .description('state, next runs and recent runs of a schedule')
    .argument('<id>', 'schedule id')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const summary = await onSchedule(ctx, id, async (h) => summarise(id, await h.describe()));
        emit(options, summary, (sum) => summaryText(sum, ctx.config.DISPLAY_TIME_ZONE));
      });
    });

  const simple: [string, string, (h: ScheduleHandle, note?: string) => Promise<unknown>][] = [
    ['pause', 'stop a schedule from starting runs (with --note saying why)', (h, note) => h.pause(note ?? 'paused from the campaign CLI')],
    ['unpause', 'let a paused schedule start runs again', (h, note) => h.unpause(note ?? 'unpaused from the campaign CLI')],
    ['trigger', 'start a run now, outside the calendar', (h) => h.trigger()],
    ['delete', 'delete a schedule; runs it started go on', (h) => h.delete()],
  ];
  for (const [name, description, act] of simple) {
    schedule
      .command(name)
      .description(description)
      .argument('<id>', 'schedule id')
      .option('--note <text>', 'why, shown in describe (pause, unpause)')
      .option('--json', 'print JSON')
      .action(async (id: string, options: { note?: string; json?: boolean }) => {
        await withContext(async (ctx) => {
          await onSchedule(ctx, id, (h) => act(h, options.note));
          emit(options, { schedule: id, action: name, done: true }, () => `${name}: ${id}`);
        });
      });
  }
}
