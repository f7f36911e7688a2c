/**
 * The signed links put into a piece's context, one function per page, so the activities that
 * render and the pages that verify agree on what each token carries.
 */
import { signLinkToken } from './link-token.js';
import { rsvpUrl, surveyUrl, viewUrl } from './public-urls.js';

export interface LinkSettings {
  PUBLIC_BASE_URL: string;
  CUSTOMER_LINK_SECRET: string;
}

/** The survey of one inspection booking: the booking's id is the whole claim. */
export function surveyLink(s: LinkSettings, bookingId: number): string {
  return surveyUrl(s.PUBLIC_BASE_URL, signLinkToken(s.CUSTOMER_LINK_SECRET, 'survey', [bookingId]));
}

/** A gold owner's trip RSVP in a greetings campaign. */
export function rsvpLink(s: LinkSettings, campaignId: string, contactId: number): string {
  return rsvpUrl(s.PUBLIC_BASE_URL, signLinkToken(s.CUSTOMER_LINK_SECRET, 'rsvp', [campaignId, contactId]));
}

/** "View in browser": the e-mail piece of this idempotency key, re-rendered as it was sent. */
export function viewLink(s: LinkSettings, idempotencyKey: string): string {
  return viewUrl(s.PUBLIC_BASE_URL, signLinkToken(s.CUSTOMER_LINK_SECRET, 'view', [idempotencyKey]));
}
