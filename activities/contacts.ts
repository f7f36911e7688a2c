/**
 * A contact as read from Postgres at the moment of use, and whether each channel may carry a
 * piece to them now: consent, an address, and no suppression (do-not-contact, unsubscribe,
 * bounce) of the contact or of its address.
 */
import type pg from 'pg';
import { sql } from '../db/queries.js';
import type { Channel, ContactProfile, Heat, Language, Tier } from './types.js';

export interface ContactRow {
  id: number;
  name: string;
  title: string | null;
  company: string | null;
  industry: string | null;
  address: string | null;
  postcode: string | null;
  city: string | null;
  email: string | null;
  phone: string | null;
  language: Language;
  time_zone: string;
  consent_email: boolean;
  consent_post: boolean;
  consent_phone: boolean;
  tier: Tier;
  stage: 'prospect' | 'owner';
  heat: Heat | null;
  source_code: string | null;
  birthday: string | null;
  wedding_anniversary: string | null;
  household_id: string | null;
  screening: Record<string, unknown>;
}

export interface Suppression {
  channel: Channel | 'all';
  reason: string;
}

export interface ContactNow {
  contact: ContactRow;
  suppressions: Suppression[];
}

export async function readContact(pool: pg.Pool, contactId: number): Promise<ContactNow | null> {
  const contact = (await pool.query<ContactRow>(sql('contact-by-id'), [contactId])).rows[0];
  if (!contact) return null;
  const { rows } = await pool.query<Suppression>(sql('contact-suppressions'), [contactId, contact.email, contact.phone]);
  return { contact, suppressions: rows };
}

/** A page of contacts as they are now, in two queries however long the page. */
export async function readContacts(pool: pg.Pool, contactIds: number[]): Promise<Map<number, ContactNow>> {
  const [contacts, suppressions] = await Promise.all([
    pool.query<ContactRow>(sql('contacts-by-ids'), [contactIds]),
    pool.query<Suppression & { contact_id: number }>(sql('suppressions-for-contacts'), [contactIds]),
  ]);
  const page = new Map<number, ContactNow>(contacts.rows.map((contact) => [contact.id, { contact, suppressions: [] }]));
  for (const { contact_id, channel, reason } of suppressions.rows) page.get(contact_id)?.suppressions.push({ channel, reason });
  return page;
}

export type Reach = { ok: true } | { ok: false; reason: string };

/** Whether `channel` may carry a piece to the contact now, and why not. */
export function reach({ contact, suppressions }: ContactNow, channel: Channel): Reach {
  const consent = channel === 'email' ? contact.consent_email : channel === 'post' ? contact.consent_post : contact.consent_phone;
  if (!consent) return { ok: false, reason: `no consent for ${channel}` };
  const hasAddress =
    channel === 'email' ? !!contact.email : channel === 'phone' ? !!contact.phone : !!(contact.address && contact.postcode && contact.city);
  if (!hasAddress) return { ok: false, reason: `no ${channel === 'post' ? 'postal address' : channel === 'email' ? 'e-mail address' : 'phone number'}` };
  const blocked = suppressions.find((s) => s.channel === channel || s.channel === 'all');
  if (blocked) return { ok: false, reason: `suppressed: ${blocked.reason}` };
  return { ok: true };
}

export function toProfile(now: ContactNow): ContactProfile {
  const c = now.contact;
  return {
    id: c.id,
    name: c.name,
    language: c.language,
    timeZone: c.time_zone,
    heat: c.heat,
    tier: c.tier,
    stage: c.stage,
    channels: (['email', 'post', 'phone'] as const).filter((ch) => reach(now, ch).ok),
  };
}
