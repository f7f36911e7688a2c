/**
 * The customer pages' guard: each page takes its own kind of code or signed token and nothing
 * else. A printed code belongs to the reply card of a lead campaign or to an inspection offer;
 * signed tokens carry their kind in their key (lib/link-token.ts). Whatever does not fit gets
 * `null`, and the page answers the same "not found" for all of it.
 */
import type { Pool } from '../../db/pool.js';
import { sql } from '../../db/queries.js';
import { verifyLinkToken } from '../../lib/link-token.js';
import { verifyUnsubscribeToken, type UnsubscribeClaim } from '../../lib/unsubscribe-token.js';
import { pageLanguage, type PageLanguage } from './messages/index.js';

/** Printed codes are short and opaque; anything else is refused before the database. */
const CODE = /^[A-Za-z0-9-]{6,64}$/;

export interface CodeOwner {
  code: string;
  campaignId: string;
  contactId: number;
  replied: boolean;
  lang: PageLanguage;
  timeZone: string;
  name: string;
}

interface CodeRow {
  campaign_id: string;
  contact_id: number;
  replied_at: Date | null;
  kind: string | null;
  language: string;
  time_zone: string;
  name: string;
}

async function ownerOf(pool: Pool, code: string, fits: (kind: string | null) => boolean): Promise<CodeOwner | null> {
  if (!CODE.test(code)) return null;
  const row = (await pool.query<CodeRow>(sql('page-code-owner'), [code])).rows[0];
  if (!row || !fits(row.kind)) return null;
  return { code, campaignId: row.campaign_id, contactId: row.contact_id, replied: row.replied_at !== null, lang: pageLanguage(row.language), timeZone: row.time_zone, name: row.name };
}

/** A reply card's code: any campaign's card but an inspection's booking code. */
export const replyCardCode = (pool: Pool, code: string) => ownerOf(pool, code, (kind) => kind !== 'inspection');

/** An inspection offer's booking code. */
export const bookingCode = (pool: Pool, code: string) => ownerOf(pool, code, (kind) => kind === 'inspection');

/** The booking a survey token names. */
export function surveyToken(secret: string, token: string): number | null {
  const fields = verifyLinkToken(secret, 'survey', token);
  return fields && fields.length === 1 && typeof fields[0] === 'number' ? fields[0] : null;
}

/** The campaign and gold owner an RSVP token names. */
export function rsvpToken(secret: string, token: string): { campaignId: string; contactId: number } | null {
  const fields = verifyLinkToken(secret, 'rsvp', token);
  if (!fields || fields.length !== 2) return null;
  const [campaignId, contactId] = fields;
  return typeof campaignId === 'string' && typeof contactId === 'number' ? { campaignId, contactId } : null;
}

/** The e-mail piece (its idempotency key) a "view in browser" token names. */
export function viewToken(secret: string, token: string): string | null {
  const fields = verifyLinkToken(secret, 'view', token);
  return fields && fields.length === 1 && typeof fields[0] === 'string' ? fields[0] : null;
}

/** Whose choices an unsubscribe link opens, and from which channel. */
export function unsubscribeToken(secret: string, token: string): UnsubscribeClaim | null {
  return token.length > 1024 ? null : verifyUnsubscribeToken(secret, token);
}
