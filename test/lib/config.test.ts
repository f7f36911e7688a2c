import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../lib/config.js';

describe('loadConfig', () => {
  it('fills defaults and coerces numbers', () => {
    const config = loadConfig({ SMTP_PORT: '2525', SMTP_SECURE: 'true' });
    expect(config.SMTP_PORT).toBe(2525);
    expect(config.SMTP_SECURE).toBe(true);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.CALL_HOURS_START).toBe('08:30');
  });

  it('names the bad variable in one line', () => {
    expect(() => loadConfig({ SMTP_PORT: 'abc' })).toThrow(ConfigError);
    try {
      loadConfig({ SMTP_PORT: 'abc', CALL_HOURS_END: '25:00' });
    } catch (err) {
      const message = (err as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/SMTP_PORT: .*\(got "abc"\)/);
      expect(message).toMatch(/CALL_HOURS_END: expected HH:MM/);
    }
  });

  it('rejects a non-postgres DATABASE_URL and a short secret', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ UNSUBSCRIBE_SECRET: 'short' })).toThrow(/UNSUBSCRIBE_SECRET/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});
