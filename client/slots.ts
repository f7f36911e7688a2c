/**
 * Inspection slots as a service centre sets them: made by rule in the centre's own time, listed
 * with their free places, their capacity changed (never below what is booked), closed to new
 * bookings. The CLI and the console call these.
 */
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';

export interface Centre {
  id: number;
  name: string;
  timeZone: string;
}

/** A mistake in a slot request, said as the user can fix it (the CLI's exit code 2). */
export class SlotRequestError extends Error {
  override name = 'SlotRequestError';
}

/** The service centre named by id, network code or exact name. */
export async function findCentre(pool: Pool, key: string): Promise<Centre> {
  const { rows } = await pool.query<{ id: number; name: string; time_zone: string }>(sql('centre-by-key'), [key.trim()]);
  if (rows.length === 0) throw new SlotRequestError(`no service centre '${key}' (give its id, code or name as listed)`);
  if (rows.length > 1) throw new SlotRequestError(`'${key}' names more than one service centre: give the id`);
  return { id: rows[0]!.id, name: rows[0]!.name, timeZone: rows[0]!.time_zone };
}

export interface SlotRule {
  centre: Centre;
  /** Calendar dates, YYYY-MM-DD, both included, in the centre's zone. */
  from: string;
  to: string;
  /** ISO weekdays, 1 Monday .. 7 Sunday. */
  weekdays: number[];
  /** Local times of day, HH:MM, in the centre's zone. */
  times: string[];
  capacity: number;
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** 'mon-fri', 'mon,wed,sat', 'sat-sun' as ISO weekday numbers. */
export function parseWeekdays(text: string): number[] {
  const days = new Set<number>();
  for (const part of text.toLowerCase().split(',').map((p) => p.trim()).filter(Boolean)) {
    const [a, b] = part.split('-').map((d) => WEEKDAYS.indexOf(d.slice(0, 3)) + 1);
    if (!a || (part.includes('-') && !b)) throw new SlotRequestError(`weekdays: '${part}' is not a day or a range such as mon-fri`);
    for (let d = a; ; d = (d % 7) + 1) {
      days.add(d);
      if (!b || d === b) break;
    }
  }
  if (days.size === 0) throw new SlotRequestError('weekdays: none given (e.g. mon-fri)');
  return [...days].sort((x, y) => x - y);
}

/** '09:00,10:30,14:00' as HH:MM times. */
export function parseTimes(text: string): string[] {
  const times = text.split(',').map((t) => t.trim()).filter(Boolean);
  const bad = times.find((t) => !/^([01]?\d|2[0-3]):[0-5]\d$/.test(t));
  if (bad !== undefined) throw new SlotRequestError(`times: '${bad}' is not a time of day such as 09:30`);
  if (times.length === 0) throw new SlotRequestError('times: none given (e.g. 09:00,14:00)');
  return times.map((t) => t.padStart(5, '0'));
}

function calendarDate(name: string, value: string): string {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  if (!ok) throw new SlotRequestError(`${name}: '${value}' is not a date such as 2026-12-01`);
  return value;
}

/** Checks a rule's dates; returns it ready to create. */
export function slotRule(centre: Centre, input: { from: string; to: string; weekdays: string; times: string; capacity: number }): SlotRule {
  const from = calendarDate('from', input.from);
  const to = calendarDate('to', input.to);
  if (to < from) throw new SlotRequestError(`to (${to}) is before from (${from})`);
  return { centre, from, to, weekdays: parseWeekdays(input.weekdays), times: parseTimes(input.times), capacity: input.capacity };
}

/** Creates the rule's slots; those that exist already are left as they are. */
export async function createSlots(pool: Pool, rule: SlotRule): Promise<{ created: number[] }> {
  const { rows } = await pool.query<{ id: number }>(sql('create-slots'), [rule.centre.id, rule.from, rule.to, rule.weekdays, rule.times, rule.capacity]);
  return { created: rows.map((r) => r.id) };
}

export interface SlotRow {
  id: number;
  centre: string;
  time_zone: string;
  starts_at: Date;
  capacity: number;
  booked: number;
  free: number;
  closed_at: Date | null;
}

export async function listSlots(pool: Pool, filter: { centreId?: number; from?: Date; until?: Date }): Promise<SlotRow[]> {
  const { rows } = await pool.query<SlotRow>(sql('list-slots'), [filter.centreId ?? null, filter.from ?? null, filter.until ?? null]);
  return rows;
}

/** Sets a slot's capacity; refused below the places booked. */
export async function setSlotCapacity(pool: Pool, slotId: number, capacity: number): Promise<{ capacity: number; booked: number }> {
  const { rows } = await pool.query<{ capacity: number; booked: number }>(sql('set-slot-capacity'), [slotId, capacity]);
  if (rows[0]) return rows[0];
  const slot = (await pool.query<{ booked: number }>(sql('slot-state'), [slotId])).rows[0];
  if (!slot) throw new SlotRequestError(`no slot ${slotId}`);
  throw new SlotRequestError(`slot ${slotId} has ${slot.booked} place(s) booked: its capacity cannot go below that`);
}

/** Closes a slot to new bookings; the bookings it has stand. */
export async function closeSlot(pool: Pool, slotId: number): Promise<{ booked: number }> {
  const row = (await pool.query<{ booked: number }>(sql('close-slot'), [slotId])).rows[0];
  if (!row) throw new SlotRequestError(`no slot ${slotId}`);
  return row;
}
