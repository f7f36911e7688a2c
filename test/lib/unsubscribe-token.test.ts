import { describe, expect, it } from 'vitest';
import { signUnsubscribeToken, verifyUnsubscribeToken } from '../../lib/unsubscribe-token.js';

const secret = 'x'.repeat(32);

describe('unsubscribe token', () => {
  it('round-trips a claim', () => {
    const token = signUnsubscribeToken(secret, { contactId: 7, channel: 'email', campaignId: 'xmas-2026' });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyUnsubscribeToken(secret, token)).toEqual({ contactId: 7, channel: 'email', campaignId: 'xmas-2026' });
  });

  it('rejects a forged, altered or foreign token', () => {
    const token = signUnsubscribeToken(secret, { contactId: 7, channel: 'email', campaignId: 'c' });
    const other = signUnsubscribeToken(secret, { contactId: 8, channel: 'email', campaignId: 'c' });
    const [, sig] = token.split('.');
    const [payload8] = other.split('.');
    expect(verifyUnsubscribeToken(secret, `${payload8}.${sig}`)).toBeNull();
    expect(verifyUnsubscribeToken('y'.repeat(32), token)).toBeNull();
    expect(verifyUnsubscribeToken(secret, 'garbage')).toBeNull();
    expect(verifyUnsubscribeToken(secret, `${token}.x`)).toBeNull();
  });
});
