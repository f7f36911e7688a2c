/**
 * The seasonal runs as Temporal Schedules: each preset says when it fires (in the programme's
 * time zone) and which seasonal run it starts. Spring Festival moves with the lunar calendar, so
 * its schedule lists the computed date of each coming year.
 */
import type { Client, ScheduleDescription, ScheduleOptions, ScheduleSpec } from '@temporalio/client';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { springFestivalDate } from '../lib/lunar-calendar.js';
import { seasonalRun, type SeasonalRunInput } from '../workflows/seasonal-run.js';

/** Temporal's calendar months by number (0-based), for calendars built from dates. */
export const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'] as const;

/** Spring Festival greetings go out this many days before the festival, so they arrive in time. */
const SPRING_FESTIVAL_LEAD_DAYS = 3;

export function springFestivalCalendars(fromYear: number, years: number): NonNullable<ScheduleSpec['calendars']> {
  return Array.from({ length: years }, (_, i) => {
    const festival = springFestivalDate(fromYear + i);
    const send = new Date(Date.parse(`${festival}T00:00:00Z`) - SPRING_FESTIVAL_LEAD_DAYS * 86_400_000);
    return {
      year: send.getUTCFullYear(),
      month: MONTHS[send.getUTCMonth()]!,
      dayOfMonth: send.getUTCDate(),
      hour: 9,
      comment: `Spring Festival ${festival}`,
    };
  });
}

export interface SeasonalPreset {
  description: string;
  spec: (timeZone: string, now: Date) => ScheduleSpec;
  run: (timeZone: string) => SeasonalRunInput;
}

export const PRESETS: Record<string, SeasonalPreset> = {
  'year-end-greetings': {
    description: 'Christmas and New Year greetings to every owner, 20 December 09:00',
    spec: (timeZone) => ({ calendars: [{ month: 'DECEMBER', dayOfMonth: 20, hour: 9 }], timezone: timeZone }),
    run: (timeZone) => ({ kind: 'greetings', prefix: 'xmas', occasion: 'christmas-new-year', period: 'year', timeZone }),
  },
  'spring-festival-greetings': {
    description: `Spring Festival greetings, ${SPRING_FESTIVAL_LEAD_DAYS} days before the lunar new year (dates computed for 10 years)`,
    spec: (timeZone, now) => ({ calendars: springFestivalCalendars(now.getUTCFullYear(), 10), timezone: timeZone }),
    run: (timeZone) => ({ kind: 'greetings', prefix: 'spring-festival', occasion: 'spring-festival', period: 'year', timeZone }),
  },
  'may-ac-check': {
    description: 'free air-conditioning check offered to every owner, 1 May 09:00',
    spec: (timeZone) => ({ calendars: [{ month: 'MAY', dayOfMonth: 1, hour: 9 }], timezone: timeZone }),
    run: (timeZone) => ({ kind: 'inspection', prefix: 'ac-check', period: 'year', timeZone, offerPeriod: '30 days' }),
  },
  'december-inspection': {
    description: 'full-vehicle free inspection offered to every owner, 1 December 09:00',
    spec: (timeZone) => ({ calendars: [{ month: 'DECEMBER', dayOfMonth: 1, hour: 9 }], timezone: timeZone }),
    run: (timeZone) => ({ kind: 'inspection', prefix: 'inspection', period: 'year', timeZone, offerPeriod: '30 days' }),
  },
  'daily-birthdays': {
    description: "birthday greetings each day at 08:00 to the owners whose birthday it is",
    spec: (timeZone) => ({ calendars: [{ hour: 8 }], timezone: timeZone }),
    run: (timeZone) => ({ kind: 'greetings', prefix: 'birthday', occasion: 'birthday', period: 'day', timeZone }),
  },
  'daily-anniversaries': {
    description: 'wedding-anniversary letters each day at 08:00, once per household',
    spec: (timeZone) => ({ calendars: [{ hour: 8 }], timezone: timeZone }),
    run: (timeZone) => ({ kind: 'greetings', prefix: 'anniversary', occasion: 'anniversary', period: 'day', timeZone }),
  },
};

export interface CreateScheduleRequest {
  preset: string;
  id?: string;
  timeZone: string;
  /** Replaces the preset's calendar, e.g. '0 9 20 12 *'. */
  cron?: string;
  taskQueue: string;
  now?: Date;
}

/** Creates the schedule of a preset; a duplicate id is refused by the server. */
export async function createSeasonalSchedule(temporal: Client, request: CreateScheduleRequest): Promise<string> {
  const preset = PRESETS[request.preset];
  if (!preset) throw new Error(`unknown preset '${request.preset}' (use ${Object.keys(PRESETS).join(', ')})`);
  const scheduleId = request.id ?? request.preset;
  const spec: ScheduleSpec = request.cron
    ? { cronExpressions: [request.cron], timezone: request.timeZone }
    : preset.spec(request.timeZone, request.now ?? new Date());
  const options: ScheduleOptions = {
    scheduleId,
    spec,
    action: {
      type: 'startWorkflow',
      workflowType: seasonalRun,
      args: [preset.run(request.timeZone)],
      taskQueue: request.taskQueue,
      workflowId: `seasonal/${scheduleId}`,
    },
    // A season's run must never overlap the previous one; a missed run is caught up for a week.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
    memo: { preset: request.preset, description: preset.description },
  };
  await temporal.schedule.create(options);
  return scheduleId;
}

export interface ScheduleSummary {
  id: string;
  paused: boolean;
  note?: string;
  nextRuns: string[];
  recentRuns: { scheduledAt: string; workflowId: string }[];
  preset?: string;
  /** The defined campaign its runs start. */
  definition?: string;
  /** The zone its calendar is read in, when it names one. */
  timeZone?: string;
}

export function summarise(id: string, d: ScheduleDescription): ScheduleSummary {
  return {
    id,
    paused: d.state.paused,
    note: d.state.note,
    nextRuns: d.info.nextActionTimes.map((t) => t.toISOString()),
    recentRuns: d.info.recentActions.map((a) => ({ scheduledAt: a.scheduledAt.toISOString(), workflowId: a.action.workflow.workflowId })),
    preset: typeof d.memo?.preset === 'string' ? d.memo.preset : undefined,
    definition: typeof d.memo?.definition === 'string' ? d.memo.definition : undefined,
    timeZone: d.spec.timezone,
  };
}
