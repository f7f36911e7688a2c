import { describe, expect, it } from 'vitest';
import { springFestivalDate } from '../../lib/lunar-calendar.js';

describe('Spring Festival dates', () => {
  it('follow the lunar calendar, a different day each year', () => {
    expect(springFestivalDate(2026)).toBe('2026-02-17');
    expect(springFestivalDate(2027)).toBe('2027-02-06');
    expect(springFestivalDate(2028)).toBe('2028-01-26');
    expect(springFestivalDate(2031)).toBe('2031-01-23');
  });
});
