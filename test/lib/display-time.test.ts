import { describe, expect, it } from 'vitest';
import { displayTime, isTimeZone } from '../../lib/display-time.js';
import { loadConfig } from '../../lib/config.js';

describe('times for people', () => {
  it('shows the minute in the zone asked, and names the zone', () => {
    // The booking an owner in Shanghai was told is at 00:01 is not "16:01Z" to the operator.
    expect(displayTime(new Date('2026-12-03T16:01:00Z'), 'Asia/Shanghai')).toBe('2026-12-04 00:01 Asia/Shanghai');
    expect(displayTime('2026-12-03T16:01:00Z', 'Europe/London')).toBe('2026-12-03 16:01 Europe/London');
    expect(displayTime('2026-07-01T00:30:00Z', 'Europe/London')).toBe('2026-07-01 01:30 Europe/London'); // summer time
    expect(displayTime('2026-12-03T23:59:00Z', 'UTC')).toBe('2026-12-03 23:59 UTC');
  });

  it('knows IANA zones, and a bad DISPLAY_TIME_ZONE stops the program naming it', () => {
    expect(isTimeZone('America/Sao_Paulo')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(() => loadConfig({ DISPLAY_TIME_ZONE: 'Mars/Olympus' })).toThrow(/^Invalid configuration: DISPLAY_TIME_ZONE: expected an IANA time zone such as Asia\/Shanghai \(got "Mars\/Olympus"\)$/);
    expect(loadConfig({ DISPLAY_TIME_ZONE: 'Asia/Shanghai' }).DISPLAY_TIME_ZONE).toBe('Asia/Shanghai');
  });
});
