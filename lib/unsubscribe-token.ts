/**
 * Signed unsubscribe tokens for List-Unsubscribe links (RFC 8058 one-click). The token carries
 * the contact and channel and an HMAC, so the API can act on a POST without a login and nobody
 * can unsubscribe someone else by guessing ids.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface UnsubscribeClaim {
  contactId: number;
  channel: 'email' | 'post' | 'phone';
  /** The campaign the message belonged to, for the record. */
  campaignId: string;
}

const b64url = (buf: Buffer): string => buf.toString('base64url');

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/** Signs a claim into an opaque URL-safe token `payload.signature`. */
export function signUnsubscribeToken(secret: string, claim: UnsubscribeClaim): string {
  const payload = b64url(Buffer.from(JSON.stringify([claim.contactId, claim.channel, claim.campaignId]), 'utf8'));
  return `${payload}.${b64url(mac(secret, payload))}`;
}

/** Verifies a token; returns the claim, or null when it is malformed or the signature is wrong. */
export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeClaim | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [contactId, channel, campaignId] = value as unknown[];
    if (typeof contactId !== 'number' || !Number.isInteger(contactId)) return null;
    if (channel !== 'email' && channel !== 'post' && channel !== 'phone') return null;
    if (typeof campaignId !== 'string') return null;
    return { contactId, channel, campaignId };
  } catch {
    return null;
  }
}
