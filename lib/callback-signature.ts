/**
 * The call centre's callback signature: HMAC-SHA256, with the shared secret, over the timestamp,
 * a dot and the raw body, sent as two headers. The timestamp bounds how long a captured callback
 * could be replayed; the receiver also remembers each signature for that window (api/partners/).
 *
 *   X-Callback-Timestamp: 1767225600123            (Unix time in milliseconds)
 *   X-Callback-Signature: v1=<64 hex digits>       (HMAC-SHA256(secret, "<timestamp>.<raw body>"))
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-callback-timestamp';
export const SIGNATURE_HEADER = 'x-callback-signature';
/** How old (or how far ahead of our clock) a signed callback may be. */
export const CALLBACK_WINDOW_MS = 5 * 60_000;

const hmacHex = (secret: string, timestamp: string, body: string): string =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');

/** The two headers a sender puts on a callback whose body is exactly `body`. */
export function signCallback(secret: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = String(now);
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `v1=${hmacHex(secret, timestamp, body)}` };
}

export type SignatureCheck = { ok: true; signature: string } | { ok: false; why: string };

/** Checks a callback's headers against its raw body: present, well formed, fresh and right. */
export function checkCallbackSignature(secret: string, headers: Record<string, unknown>, body: string, now = Date.now()): SignatureCheck {
  const timestamp = headers[TIMESTAMP_HEADER];
  const signature = headers[SIGNATURE_HEADER];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return { ok: false, why: `${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} headers are required` };
  if (!/^\d{10,16}$/.test(timestamp)) return { ok: false, why: `${TIMESTAMP_HEADER} must be Unix time in milliseconds` };
  if (Math.abs(now - Number(timestamp)) > CALLBACK_WINDOW_MS) return { ok: false, why: `${TIMESTAMP_HEADER} is more than 5 minutes from now` };
  const given = /^v1=([0-9a-f]{64})$/.exec(signature)?.[1];
  if (!given) return { ok: false, why: `${SIGNATURE_HEADER} must be v1=<hex HMAC-SHA256>` };
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  if (!timingSafeEqual(Buffer.from(given, 'hex'), expected)) return { ok: false, why: 'signature does not match' };
  return { ok: true, signature: given };
}
