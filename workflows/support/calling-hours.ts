/**
 * Calling windows in the contact's time zone. Pure functions of their inputs (Intl with an
 * explicit zone), so workflow code may call them: the same instant gives the same window on
 * replay.
 */

/** Daily calling hours as local wall-clock times, e.g. { start: '08:30', end: '21:00' }. */
export interface CallingHours {
  start: string;
  end: string;
}

export interface CallingWindow {
  notBefore: string;
  notAfter: string;
  /** The local calendar date of the window (YYYY-MM-DD in the contact's zone). */
  localDate: string;
}

const DAY_MS = 86_400_000;

/** Local date and minutes since local midnight of an instant in a zone. */
function localParts(epochMs: number, timeZone: string): { date: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** Offset of the zone from UTC at an instant, in milliseconds. */
function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const { date, minutes } = localParts(epochMs, timeZone);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const localAsUtc = Date.UTC(y, m - 1, d) + minutes * 60_000;
  return localAsUtc - Math.floor(epochMs / 60_000) * 60_000;
}

/** The instant at which the local wall clock in `timeZone` shows `date` `minutes`. */
function instantOf(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + minutes * 60_000;
  // Two passes settle the offset across a DST change.
  let guess = wall - zoneOffsetMs(wall, timeZone);
  guess = wall - zoneOffsetMs(guess, timeZone);
  return guess;
}

function parseClock(hhmm: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new TypeError(`calling hours: '${hhmm}' is not HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * The next calling window at or after `afterMs`, on a later local day than `notOnOrBefore`
 * (so retries fall on different days), leaving at least `minMinutes` to call.
 */
export function nextCallingWindow(
  afterMs: number,
  timeZone: string,
  hours: CallingHours,
  notOnOrBefore?: string,
  minMinutes = 30,
): CallingWindow {
  const start = parseClock(hours.start);
  const end = parseClock(hours.end);
  if (end <= start) throw new TypeError(`calling hours: end ${hours.end} is not after start ${hours.start}`);
  const now = localParts(afterMs, timeZone);
  let date = now.date;
  let from = Math.max(now.minutes, start);
  if (end - from < minMinutes) {
    date = nextDate(date);
    from = start;
  }
  while (notOnOrBefore !== undefined && date <= notOnOrBefore) {
    date = nextDate(date);
    from = start;
  }
  const notBefore = date === now.date && from > start ? afterMs : instantOf(date, from, timeZone);
  return {
    notBefore: new Date(notBefore).toISOString(),
    notAfter: new Date(instantOf(date, end, timeZone)).toISOString(),
    localDate: date,
  };
}
