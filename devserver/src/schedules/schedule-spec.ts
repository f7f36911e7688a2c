// A schedule's spec in canonical form, its next nominal time after an instant, and the jittered
// time its action is taken.
import { createHash } from 'node:crypto';
import { invalidArgument } from '../grpc/errors.js';
import { durationMs, msDuration, msTimestamp, timestampMs, type Msg } from '../proto.js';
import { calendarSpecToStructured, cleanStructured, parseCron, type Range, type StructuredCalendar } from './cron.js';
import { instantsOf, isValidTimeZone, wallTime } from './time-zone.js';

export interface CompiledSpec {
  calendars: StructuredCalendar[];
  excludes: StructuredCalendar[];
  intervals: { everyMs: number; phaseMs: number }[];
  timeZone: string;
  startMs: number;
  endMs: number;
  jitterMs: number;
}

const LAST_MS = Date.UTC(2100, 11, 31, 23, 59, 59);

export function compileSpec(spec: Msg): CompiledSpec {
  const bad = (msg: string): Error => invalidArgument(`Invalid schedule spec: ${msg}`);
  let timeZone = String(spec?.timezoneName ?? '');
  const calendars = ((spec?.structuredCalendar ?? []) as Msg[]).map(cleanStructured);
  for (const c of (spec?.calendar ?? []) as Msg[]) calendars.push(calendarSpecToStructured(c));
  const intervals = ((spec?.interval ?? []) as Msg[]).map((i) => ({ everyMs: durationMs(i.interval), phaseMs: durationMs(i.phase) }));
  for (const cron of (spec?.cronString ?? []) as string[]) {
    const c = parseCron(cron);
    if (c.timeZone) {
      if (timeZone && timeZone !== c.timeZone) throw bad('conflicting timezone names');
      timeZone = c.timeZone;
    }
    if (c.calendar) calendars.push(c.calendar);
    if (c.interval) intervals.push(c.interval);
  }
  for (const i of intervals) {
    if (i.everyMs < 1000) throw bad('interval is too small');
    if (i.phaseMs < 0) throw bad('phase is negative');
    if (i.phaseMs >= i.everyMs) throw bad('phase cannot be greater than Interval');
  }
  if (timeZone && !isValidTimeZone(timeZone)) throw bad(`unknown time zone ${timeZone}`);
  return {
    calendars,
    excludes: ((spec?.excludeStructuredCalendar ?? []) as Msg[]).map(cleanStructured),
    intervals,
    timeZone: timeZone || 'UTC',
    startMs: spec?.startTime ? timestampMs(spec.startTime) : 0,
    endMs: spec?.endTime ? timestampMs(spec.endTime) : 0,
    jitterMs: durationMs(spec?.jitter),
  };
}

/** The canonical spec Describe returns: calendars and cron strings become structured calendars. */
export function canonicalSpec(c: CompiledSpec): Msg {
  return {
    structuredCalendar: c.calendars,
    interval: c.intervals.map((i) => ({ interval: msDuration(i.everyMs), phase: msDuration(i.phaseMs) })),
    excludeStructuredCalendar: c.excludes,
    timezoneName: c.timeZone === 'UTC' ? '' : c.timeZone,
    startTime: c.startMs ? msTimestamp(c.startMs) : undefined,
    endTime: c.endMs ? msTimestamp(c.endMs) : undefined,
    jitter: c.jitterMs ? msDuration(c.jitterMs) : undefined,
  };
}

const inRanges = (ranges: Range[], v: number): boolean => ranges.some((r) => v >= r.start && v <= r.end && (v - r.start) % r.step === 0);

function values(ranges: Range[], min: number, max: number): number[] {
  const out = new Set<number>();
  for (const r of ranges) for (let v = Math.max(r.start, min); v <= Math.min(r.end, max); v += r.step) if ((v - r.start) % r.step === 0) out.add(v);
  return [...out].sort((a, b) => a - b);
}

function matchesDay(c: StructuredCalendar, y: number, m: number, d: number, weekday: number): boolean {
  return (c.year.length === 0 || inRanges(c.year, y)) && inRanges(c.month, m) && inRanges(c.dayOfMonth, d) && inRanges(c.dayOfWeek, weekday);
}

function matchesInstant(c: StructuredCalendar, ms: number, tz: string): boolean {
  const w = wallTime(ms, tz);
  return matchesDay(c, w.year, w.month, w.day, w.weekday) && inRanges(c.hour, w.hour) && inRanges(c.minute, w.minute) && inRanges(c.second, w.second);
}

/** The first instant strictly after `afterMs` that the calendar matches in the zone. */
function nextCalendarTime(c: StructuredCalendar, afterMs: number, tz: string): number {
  const hours = values(c.hour, 0, 23);
  const minutes = values(c.minute, 0, 59);
  const seconds = values(c.second, 0, 59);
  if (!hours.length || !minutes.length || !seconds.length) return Infinity;
  const first = wallTime(afterMs, tz);
  // Walk local dates from the day of afterMs (a day back covers zone shifts).
  let day = Date.UTC(first.year, first.month - 1, first.day) - 86_400_000;
  for (let i = 0; i < 366 * 101; i++, day += 86_400_000) {
    const d = new Date(day);
    const y = d.getUTCFullYear();
    if (y > 2100) return Infinity;
    const m = d.getUTCMonth() + 1;
    const dom = d.getUTCDate();
    if (!matchesDay(c, y, m, dom, d.getUTCDay())) continue;
    for (const h of hours) {
      const latest = instantsOf(y, m, dom, h, 59, 59, tz);
      if (latest.length > 0 && latest[latest.length - 1]! <= afterMs) continue;
      for (const mi of minutes) {
        for (const s of seconds) {
          for (const t of instantsOf(y, m, dom, h, mi, s, tz)) if (t > afterMs) return t;
        }
      }
    }
  }
  return Infinity;
}

function nextIntervalTime(i: { everyMs: number; phaseMs: number }, afterMs: number): number {
  const n = Math.floor((afterMs - i.phaseMs) / i.everyMs) + 1;
  return n * i.everyMs + i.phaseMs;
}

/** The next time a calendar or interval matches, strictly after afterMs: no start, end or exclusions. */
function rawNextTime(spec: CompiledSpec, afterMs: number): number {
  let best = Infinity;
  for (const c of spec.calendars) best = Math.min(best, nextCalendarTime(c, afterMs, spec.timeZone));
  for (const i of spec.intervals) best = Math.min(best, nextIntervalTime(i, afterMs));
  return best > LAST_MS ? Infinity : best;
}

/** The next nominal time strictly after afterMs, or Infinity. */
export function nextTime(spec: CompiledSpec, afterMs: number): number {
  let after = Math.max(afterMs, spec.startMs ? spec.startMs - 1 : -Infinity);
  for (let guard = 0; guard < 10_000; guard++) {
    const best = rawNextTime(spec, after);
    if (best === Infinity || (spec.endMs && best > spec.endMs)) return Infinity;
    if (!spec.excludes.some((x) => matchesInstant(x, best, spec.timeZone))) return best;
    after = best;
  }
  return Infinity;
}

/** A nominal time and the time its action is due: the nominal time plus the schedule's jitter. */
export interface ActionTime {
  nominalMs: number;
  actualMs: number;
}

/**
 * The time a nominal time's action is due. As on the real server, the jitter is deterministic (a
 * 32-bit hash of the nominal time and the schedule, scaled to whole milliseconds) and at most the
 * spec's jitter or the gap to the following nominal time, whichever is smaller, so actions keep
 * their order. The hash is not the real server's FarmHash: the offsets differ from a real
 * server's, but a schedule's stay the same across restarts.
 */
export function actionTime(spec: CompiledSpec, nominalMs: number, seed: string): ActionTime {
  if (spec.jitterMs <= 0) return { nominalMs, actualMs: nominalMs };
  const following = rawNextTime(spec, nominalMs);
  const maxMs = Math.min(spec.jitterMs, following - nominalMs);
  const hash = createHash('sha256').update(`${nominalMs}/${seed}`).digest().readUInt32BE(0);
  return { nominalMs, actualMs: nominalMs + Math.floor((hash / 2 ** 32) * maxMs) };
}

/** Action times whose nominal time is after fromMs and whose jittered time is at most toMs, at most `limit`. */
export function actionTimesBetween(spec: CompiledSpec, seed: string, fromMs: number, toMs: number, limit: number): ActionTime[] {
  const out: ActionTime[] = [];
  for (let t = nextTime(spec, fromMs); t !== Infinity && out.length < limit; t = nextTime(spec, t)) {
    const at = actionTime(spec, t, seed);
    if (at.actualMs > toMs) break;
    out.push(at);
  }
  return out;
}
