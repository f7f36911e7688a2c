import { describe, expect, it } from 'vitest';
import { nextCallingWindow } from '../../workflows/support/calling-hours.js';

const hours = { start: '08:30', end: '21:00' };

describe('calling windows in the contact time zone', () => {
  it('starts at 08:30 local when asked before the calling hours', () => {
    // 2026-12-01 05:00 in Shanghai (UTC+8) is 2026-11-30T21:00Z.
    const w = nextCallingWindow(Date.parse('2026-11-30T21:00:00Z'), 'Asia/Shanghai', hours);
    expect(w).toEqual({ notBefore: '2026-12-01T00:30:00.000Z', notAfter: '2026-12-01T13:00:00.000Z', localDate: '2026-12-01' });
  });

  it('starts now when asked inside the hours, and moves to the next day after them', () => {
    const inside = Date.parse('2026-12-01T02:00:00Z'); // 10:00 Shanghai
    expect(nextCallingWindow(inside, 'Asia/Shanghai', hours).notBefore).toBe('2026-12-01T02:00:00.000Z');
    const late = Date.parse('2026-12-01T13:30:00Z'); // 21:30 Shanghai
    expect(nextCallingWindow(late, 'Asia/Shanghai', hours).localDate).toBe('2026-12-02');
  });

  it('puts a retry on a later local day than the previous attempt', () => {
    const w = nextCallingWindow(Date.parse('2026-12-01T02:00:00Z'), 'Asia/Shanghai', hours, '2026-12-01');
    expect(w.localDate).toBe('2026-12-02');
    expect(w.notBefore).toBe('2026-12-02T00:30:00.000Z');
  });

  it('follows daylight saving time in zones that have it', () => {
    // London: GMT in winter, BST (UTC+1) in summer.
    expect(nextCallingWindow(Date.parse('2026-01-10T00:00:00Z'), 'Europe/London', hours).notBefore).toBe('2026-01-10T08:30:00.000Z');
    expect(nextCallingWindow(Date.parse('2026-07-10T00:00:00Z'), 'Europe/London', hours).notBefore).toBe('2026-07-10T07:30:00.000Z');
  });

  it('rejects calling hours that are not HH:MM or end before they start', () => {
    expect(() => nextCallingWindow(0, 'UTC', { start: '8am', end: '21:00' })).toThrow(/not HH:MM/);
    expect(() => nextCallingWindow(0, 'UTC', { start: '21:00', end: '08:30' })).toThrow(/not after start/);
  });
});
