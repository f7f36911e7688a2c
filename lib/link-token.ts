/**
 * Signed links of the customer pages that carry no printed code: the post-visit survey, the
 * owners' trip RSVP and "view in browser". Each kind signs under a key of its own derived from
 * one secret, so a token of one kind is refused by every other page, and nobody can reach
 * another customer's page by changing an id.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkKind = 'survey' | 'rsvp' | 'view';

/** What a token carries: ids and keys, never shown to the customer. */
export type LinkFields = (string | number)[];

const keyFor = (secret: string, kind: LinkKind): Buffer => createHmac('sha256', secret).update(`campaign-engine/link/${kind}`).digest();
const mac = (secret: string, kind: LinkKind, payload: string): Buffer => createHmac('sha256', keyFor(secret, kind)).update(payload).digest();

/** Signs fields into an opaque URL-safe token `payload.signature` of one kind. */
export function signLinkToken(secret: string, kind: LinkKind, fields: LinkFields): string {
  const payload = Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
  return `${payload}.${mac(secret, kind, payload).toString('base64url')}`;
}

/** The fields of a token of this kind, or null when it is malformed, forged or of another kind. */
export function verifyLinkToken(secret: string, kind: LinkKind, token: string): LinkFields | null {
  if (token.length > 1024) return null;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = mac(secret, kind, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || typeof v === 'number')) return null;
    return value as LinkFields;
  } catch {
    return null;
  }
}
