/**
 * Schedules of defined campaigns: a Temporal Schedule whose runs start the definition (its latest
 * version) for the year, or the day, with its yearly dates filled in. When it fires follows from
 * the definition unless given: a holiday greeting before its holiday, birthdays and anniversaries
 * every morning; a day of the year or a cron expression for any kind.
 */
import { ScheduleOverlapPolicy, type Client, type ScheduleSpec } from '@temporalio/client';
import type { Pool } from '../db/pool.js';
import { definitionRun } from '../workflows/definition-run.js';
import type { CampaignDefinition } from './definition-schema.js';
import { readDefinition } from './definitions.js';
import { MONTHS, springFestivalCalendars } from './seasonal-schedules.js';

export class ScheduleRequestError extends Error {
  override name = 'ScheduleRequestError';
}

export interface DefinitionScheduleRequest {
  definitionId: string;
  /** Schedule id; default the definition's id. */
  id?: string;
  timeZone: string;
  /** A day every year, MM-DD. */
  on?: string;
  /** Every day. */
  daily?: boolean;
  /** The time of day, HH:MM; default 09:00 (08:00 for a daily greeting). */
  at?: string;
  cron?: string;
  taskQueue: string;
  now?: Date;
}

const daily = (definition: CampaignDefinition): boolean =>
  definition.kind === 'greetings' && (definition.occasion === 'birthday' || definition.occasion === 'anniversary');

/** When the schedule fires: as asked, else what the definition's occasion implies. */
function specFor(definition: CampaignDefinition, request: DefinitionScheduleRequest): ScheduleSpec {
  const [hour, minute] = (request.at ?? (daily(definition) ? '08:00' : '09:00')).split(':').map(Number) as [number, number];
  const timezone = request.timeZone;
  if (request.cron) return { cronExpressions: [request.cron], timezone };
  if (request.daily || (!request.on && daily(definition))) return { calendars: [{ hour, minute }], timezone };
  if (request.on) {
    const [month, day] = request.on.split('-').map(Number) as [number, number];
    return { calendars: [{ month: MONTHS[month - 1]!, dayOfMonth: day, hour, minute }], timezone };
  }
  if (definition.kind === 'greetings' && definition.occasion === 'christmas-new-year') {
    return { calendars: [{ month: 'DECEMBER', dayOfMonth: 20, hour, minute }], timezone };
  }
  if (definition.kind === 'greetings' && definition.occasion === 'spring-festival') {
    return { calendars: springFestivalCalendars((request.now ?? new Date()).getUTCFullYear(), 10), timezone };
  }
  throw new ScheduleRequestError(`say when '${definition.id}' runs: --on MM-DD (every year), --daily, or --cron`);
}

/** Creates the schedule of a defined campaign; a duplicate id is refused by the server. */
export async function createDefinitionSchedule(temporal: Client, pool: Pool, request: DefinitionScheduleRequest): Promise<string> {
  const stored = await readDefinition(pool, request.definitionId);
  if (!stored) throw new ScheduleRequestError(`campaign '${request.definitionId}' is not defined (campaign list)`);
  if (request.on !== undefined && !/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(request.on)) throw new ScheduleRequestError(`--on: '${request.on}' is not a day of the year (MM-DD)`);
  if (request.at !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(request.at)) throw new ScheduleRequestError(`--at: '${request.at}' is not a time of day (HH:MM)`);
  const scheduleId = request.id ?? stored.id;
  const period = request.daily || (!request.on && !request.cron && daily(stored.definition)) ? 'day' : 'year';
  await temporal.schedule.create({
    scheduleId,
    spec: specFor(stored.definition, request),
    action: {
      type: 'startWorkflow',
      workflowType: definitionRun,
      args: [{ definitionId: stored.id, period, timeZone: request.timeZone }],
      taskQueue: request.taskQueue,
      workflowId: `scheduled/${scheduleId}`,
    },
    // A run must never overlap the previous one; a missed run is caught up for a week.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
    memo: { definition: stored.id, description: `${stored.definition.name['zh-CN']} / ${stored.definition.name.en}` },
  });
  return scheduleId;
}
