/** Days and clock times in a zone, for the timeline and the rehearsal's start. */

const formats = new Map<string, Intl.DateTimeFormat>();

function parts(at: number, zone: string): Record<string, string> {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(zone, f);
  }
  return Object.fromEntries(f.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
}

/** YYYY-MM-DD of an instant in a zone. */
export function dayIn(at: number, zone: string): string {
  const p = parts(at, zone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** HH:MM of an instant in a zone. */
export function clockIn(at: number, zone: string): string {
  const p = parts(at, zone);
  return `${p.hour}:${p.minute}`;
}

/** The instant the wall clock in `zone` shows `day` at `clock` (two passes settle a DST change). */
export function instantIn(day: string, clock: string, zone: string): number {
  const wall = Date.parse(`${day}T${clock}:00Z`);
  const offset = (at: number): number => Date.parse(`${dayIn(at, zone)}T${clockIn(at, zone)}:00Z`) - Math.floor(at / 60_000) * 60_000;
  const guess = wall - offset(wall);
  return wall - offset(guess);
}

/** Whole days from one local day to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
