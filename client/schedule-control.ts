/**
 * The seasonal schedules as the console lists and steers them: each with its state, note and
 * next runs, paused (with a note saying why) and unpaused as `campaign schedule pause|unpause`.
 */
import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { summarise, type ScheduleSummary } from './seasonal-schedules.js';

export class UnknownScheduleError extends Error {
  override name = 'UnknownScheduleError';
  constructor(id: string) {
    super(`unknown schedule '${id}'`);
  }
}

/** Every schedule, described (a programme has a handful: one describe each, all at once). */
export async function listScheduleSummaries(temporal: Client): Promise<ScheduleSummary[]> {
  const ids: string[] = [];
  for await (const s of temporal.schedule.list()) ids.push(s.scheduleId);
  const all = await Promise.all(ids.map(async (id) => summarise(id, await temporal.schedule.getHandle(id).describe())));
  return all.sort((a, b) => a.id.localeCompare(b.id));
}

export async function setSchedulePaused(temporal: Client, id: string, paused: boolean, note: string): Promise<void> {
  const handle = temporal.schedule.getHandle(id);
  try {
    await (paused ? handle.pause(note) : handle.unpause(note));
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw new UnknownScheduleError(id);
    throw err;
  }
}
