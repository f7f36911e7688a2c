// Cron strings and calendar-spec strings compiled to structured calendars (ranges per field),
// as the server canonicalises them before storing a schedule.
import { invalidArgument } from '../grpc/errors.js';
import type { Msg } from '../proto.js';

export interface Range {
  start: number;
  end: number;
  step: number;
}

export interface StructuredCalendar {
  second: Range[];
  minute: Range[];
  hour: Range[];
  dayOfMonth: Range[];
  month: Range[];
  year: Range[];
  dayOfWeek: Range[];
  comment?: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['su', 'mo', 'tu', 'we', 'th', 'fr', 'sa'];

const bad = (msg: string): Error => invalidArgument(`Invalid schedule spec: ${msg}`);

function value(token: string, field: keyof StructuredCalendar): number {
  const t = token.toLowerCase();
  if (field === 'month' && t.length >= 3) {
    const i = MONTHS.findIndex((m) => t.startsWith(m));
    if (i >= 0) return i + 1;
  }
  if (field === 'dayOfWeek' && t.length >= 2 && /^[a-z]/.test(t)) {
    const i = DAYS.findIndex((d) => t.startsWith(d));
    if (i >= 0) return i;
  }
  const n = Number(token);
  if (!/^\d+$/.test(token) || !Number.isFinite(n)) throw bad(`invalid value ${JSON.stringify(token)}`);
  return field === 'dayOfWeek' && n === 7 ? 0 : n;
}

const FIELD_MAX: Record<string, number> = { second: 59, minute: 59, hour: 23, dayOfMonth: 31, month: 12, dayOfWeek: 6, year: 2100 };
const FIELD_MIN: Record<string, number> = { second: 0, minute: 0, hour: 0, dayOfMonth: 1, month: 1, dayOfWeek: 0, year: 2000 };

/** Parses `*`, `x`, `x-z`, `x-z/y`, `x/y`, `*\/y` and comma lists. */
export function parseRanges(spec: string, field: keyof StructuredCalendar): Range[] {
  const out: Range[] = [];
  for (const part of spec.split(',')) {
    const [base, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : value(stepText, 'second');
    if (base === '*') {
      if (field === 'year') {
        if (stepText !== undefined) out.push({ start: FIELD_MIN.year!, end: FIELD_MAX.year!, step });
        continue;
      }
      out.push({ start: FIELD_MIN[field]!, end: FIELD_MAX[field]!, step });
      continue;
    }
    const [a, b] = base.split('-') as [string, string | undefined];
    const start = value(a, field);
    const end = b !== undefined ? value(b, field) : stepText !== undefined ? FIELD_MAX[field]! : start;
    out.push({ start, end, step });
  }
  return out;
}

function calendarFrom(fields: Partial<Record<keyof StructuredCalendar, string>>, comment?: string): StructuredCalendar {
  return {
    second: parseRanges(fields.second ?? '0', 'second'),
    minute: parseRanges(fields.minute ?? '0', 'minute'),
    hour: parseRanges(fields.hour ?? '0', 'hour'),
    dayOfMonth: parseRanges(fields.dayOfMonth ?? '*', 'dayOfMonth'),
    month: parseRanges(fields.month ?? '*', 'month'),
    year: parseRanges(fields.year ?? '*', 'year'),
    dayOfWeek: parseRanges(fields.dayOfWeek ?? '*', 'dayOfWeek'),
    comment,
  };
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
function parseDuration(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (!m) throw bad(`invalid duration ${JSON.stringify(text)}`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

export interface CompiledCron {
  calendar?: StructuredCalendar;
  interval?: { everyMs: number; phaseMs: number };
  timeZone?: string;
}

export function parseCron(input: string): CompiledCron {
  let text = input.trim();
  let timeZone: string | undefined;
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(text);
  if (tz) {
    timeZone = tz[1];
    text = text.slice(tz[0].length);
  }
  let comment: string | undefined;
  const hash = text.indexOf('#');
  if (hash >= 0) {
    comment = text.slice(hash + 1).trim();
    text = text.slice(0, hash).trim();
  }
  if (text.startsWith('@every')) {
    const [every, phase] = text.slice(6).trim().split('/') as [string, string | undefined];
    return { interval: { everyMs: parseDuration(every), phaseMs: phase ? parseDuration(phase) : 0 }, timeZone };
  }
  text = MACROS[text] ?? text;
  const f = text.split(/\s+/);
  let fields: Partial<Record<keyof StructuredCalendar, string>>;
  if (f.length === 5) fields = { minute: f[0], hour: f[1], dayOfMonth: f[2], month: f[3], dayOfWeek: f[4] };
  else if (f.length === 6) fields = { minute: f[0], hour: f[1], dayOfMonth: f[2], month: f[3], dayOfWeek: f[4], year: f[5] };
  else if (f.length === 7) fields = { second: f[0], minute: f[1], hour: f[2], dayOfMonth: f[3], month: f[4], dayOfWeek: f[5], year: f[6] };
  else throw bad(`cron string ${JSON.stringify(input)} must have 5 to 7 fields`);
  return { calendar: calendarFrom(fields, comment), timeZone };
}

/** A CalendarSpec (string fields) as a structured calendar. */
export function calendarSpecToStructured(c: Msg): StructuredCalendar {
  return calendarFrom({ second: c.second || '0', minute: c.minute || '0', hour: c.hour || '0', dayOfMonth: c.dayOfMonth || '*', month: c.month || '*', year: c.year || '*', dayOfWeek: c.dayOfWeek || '*' }, c.comment || undefined);
}

/** Normalises and validates a structured calendar from a request. */
export function cleanStructured(c: Msg): StructuredCalendar {
  const out = {} as StructuredCalendar;
  for (const field of ['second', 'minute', 'hour', 'dayOfMonth', 'month', 'year', 'dayOfWeek'] as const) {
    out[field] = ((c[field] ?? []) as Msg[]).map((r) => {
      const start = Number(r.start ?? 0);
      let end = Number(r.end ?? 0);
      const step = Number(r.step ?? 0) || 1;
      if (end === 0) end = start;
      if (end < start) throw bad(`End is before Start: ${end} < ${start} in ${field}`);
      if (start < FIELD_MIN[field]! || end > FIELD_MAX[field]!) throw bad(`${field} is out of range: ${start}-${end}`);
      return { start, end, step };
    });
  }
  if (c.comment) out.comment = String(c.comment);
  return out;
}
