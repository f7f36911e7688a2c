import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, formatTime, salutation } from '../../render/index.js';

describe('formatting in the contact language and time zone', () => {
  it('formats dates in zh-CN and en', () => {
    expect(formatDate('2026-12-05', 'zh-CN', 'Asia/Shanghai')).toBe('2026年12月5日');
    expect(formatDate('2026-12-05', 'en', 'Asia/Shanghai')).toBe('5 December 2026');
  });

  it('shows an instant in the contact time zone', () => {
    // 20:30 UTC on the 4th is already the 5th, 04:30, in Shanghai.
    expect(formatDateTime('2026-12-04T20:30:00Z', 'en', 'Asia/Shanghai')).toBe('Saturday, 5 December 2026 at 4:30\u00a0am');
    expect(formatTime('2026-12-04T20:30:00Z', 'zh-CN', 'Europe/London')).toBe('20:30');
    expect(formatDateTime('2026-12-05T01:30:00Z', 'zh-CN', 'Asia/Shanghai')).toBe('2026年12月5日星期六 09:30');
  });

  it('keeps a bare calendar date on its day in every zone', () => {
    expect(formatDate('2026-12-25', 'en', 'America/Los_Angeles')).toBe('25 December 2026');
    expect(formatDate('2026-12-25', 'en', 'Pacific/Auckland')).toBe('25 December 2026');
  });

  it('formats CNY without decimals for whole amounts', () => {
    expect(formatMoney({ amount: 259800, currency: 'CNY' }, 'zh-CN')).toBe('¥259,800');
    expect(formatMoney({ amount: 259800, currency: 'CNY' }, 'en')).toBe('CN¥259,800');
    expect(formatMoney({ amount: 99.5, currency: 'CNY' }, 'zh-CN')).toBe('¥99.50');
  });

  it('greets by title and family name, or by full name', () => {
    expect(salutation({ name: '王伟', familyName: '王', title: '先生' }, 'zh-CN')).toBe('尊敬的王先生：');
    expect(salutation({ name: 'Emily Chen', familyName: 'Chen', title: 'Ms' }, 'en')).toBe('Dear Ms Chen,');
    expect(salutation({ name: 'Emily Chen', familyName: null, title: null }, 'en')).toBe('Dear Emily Chen,');
  });

  it('rejects a value that is not a date', () => {
    expect(() => formatDate('soon', 'en', 'Asia/Shanghai')).toThrow(/not an ISO date/);
  });
});
