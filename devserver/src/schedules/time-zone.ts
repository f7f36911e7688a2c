// Wall-clock fields of an instant in an IANA time zone, and the instants of a wall-clock time
// (none in a spring-forward gap, two in a fall-back overlap).
export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    formatters.set(tz, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

export function wallTime(ms: number, tz: string): WallTime {
  if (tz === 'UTC' || tz === '') {
    const d = new Date(ms);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay() };
  }
  const w: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
  for (const p of formatter(tz).formatToParts(new Date(ms))) {
    if (p.type === 'weekday') w.weekday = WEEKDAYS[p.value] ?? 0;
    else if (p.type in w) (w as unknown as Record<string, number>)[p.type] = Number(p.value);
  }
  return w;
}

/** Offset of the zone from UTC at an instant, in milliseconds. */
function offsetMs(ms: number, tz: string): number {
  const w = wallTime(ms, tz);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/** The instants (ascending) at which the zone's clocks show the given wall time. */
export function instantsOf(year: number, month: number, day: number, hour: number, minute: number, second: number, tz: string): number[] {
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  if (tz === 'UTC' || tz === '') return [naive];
  const out: number[] = [];
  for (const probe of [naive - 86_400_000 / 2, naive + 86_400_000 / 2]) {
    const t = naive - offsetMs(probe, tz);
    if (out.includes(t)) continue;
    const w = wallTime(t, tz);
    if (w.year === year && w.month === month && w.day === day && w.hour === hour && w.minute === minute && w.second === second) out.push(t);
  }
  return out.sort((a, b) => a - b);
}
