/**
 * Times as people read them: in a named zone, the zone said. A customer's pieces, bookings and
 * calls are shown in the customer's own zone (what they were told: an owner booked for 00:01 in
 * Shanghai must not read 16:01 on an operator's screen); everything else in the display zone
 * (DISPLAY_TIME_ZONE). Machine output (--json) keeps ISO 8601 instants.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function format(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(zone, f);
  }
  return f;
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    format(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone of the machine, the default display zone. */
export function systemTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** '2026-12-04 00:01 Asia/Shanghai': the minute in `zone`, and the zone. */
export function displayTime(at: Date | string, zone: string): string {
  const parts = Object.fromEntries(format(zone).formatToParts(typeof at === 'string' ? new Date(at) : at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${zone}`;
}
