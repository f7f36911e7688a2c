/**
 * The engine's public URLs, built in one place: what goes into a printed QR code or an e-mail
 * header must match what the API serves.
 */

/** Where a reply card's QR code points: a form for the card's response code. */
export function replyUrl(baseUrl: string, responseCode: string): string {
  return new URL(`r/${encodeURIComponent(responseCode)}`, withSlash(baseUrl)).toString();
}

/** The one-click unsubscribe link (RFC 8058) carrying a signed token. */
export function unsubscribeUrl(baseUrl: string, token: string): string {
  const url = new URL('unsubscribe', withSlash(baseUrl));
  url.searchParams.set('token', token);
  return url.toString();
}

/** Where the call centre POSTs call outcomes. */
export function callOutcomeUrl(baseUrl: string): string {
  return new URL('call-outcomes', withSlash(baseUrl)).toString();
}

function withSlash(baseUrl: string): string {
  return baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
}
