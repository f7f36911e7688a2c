/**
 * The engine's public URLs, built in one place: what goes into a printed QR code or an e-mail
 * must match what the API serves. Each customer page has a path of its own and takes only its
 * own kind of code or token (api/customers/).
 */

/** Where a reply card's QR code points: the card's questions, for its response code. */
export function replyUrl(baseUrl: string, responseCode: string): string {
  return new URL(`r/${encodeURIComponent(responseCode)}`, withSlash(baseUrl)).toString();
}

/** Where an owner books, changes or cancels an inspection slot with the offer's booking code. */
export function bookingUrl(baseUrl: string, bookingCode: string): string {
  return new URL(`book/${encodeURIComponent(bookingCode)}`, withSlash(baseUrl)).toString();
}

/** The post-visit satisfaction survey of one booking (a signed `survey` token). */
export function surveyUrl(baseUrl: string, token: string): string {
  return new URL(`survey/${encodeURIComponent(token)}`, withSlash(baseUrl)).toString();
}

/** A gold owner's own answer to the owners' trip invitation (a signed `rsvp` token). */
export function rsvpUrl(baseUrl: string, token: string): string {
  return new URL(`rsvp/${encodeURIComponent(token)}`, withSlash(baseUrl)).toString();
}

/** An e-mail as it was sent, in the browser (a signed `view` token). */
export function viewUrl(baseUrl: string, token: string): string {
  return new URL(`view/${encodeURIComponent(token)}`, withSlash(baseUrl)).toString();
}

/** The preference page behind every unsubscribe link, and the one-click POST of RFC 8058. */
export function unsubscribeUrl(baseUrl: string, token: string): string {
  const url = new URL('unsubscribe', withSlash(baseUrl));
  url.searchParams.set('token', token);
  return url.toString();
}

/** Where the call centre POSTs call outcomes (signed: see api/partners/). */
export function callOutcomeUrl(baseUrl: string): string {
  return new URL('call-outcomes', withSlash(baseUrl)).toString();
}

function withSlash(baseUrl: string): string {
  return baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
}
