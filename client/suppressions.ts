/**
 * The do-not-contact list, kept by hand or from a file: whom (a contact, an e-mail address, a
 * phone number, a postal address), on which channel or all, and why. Each change is recorded in
 * the consent history with when, how and by whom (db triggers write it). The sends check the
 * list at the moment of sending, as before.
 */
import type { Pool } from '../db/pool.js';
import type { PoolClient } from 'pg';
import { sql } from '../db/queries.js';
import { inTransaction } from '../db/transaction.js';
import { clean, normaliseEmail, normalisePhone } from '../import/normalise.js';

export const CHANNELS = ['email', 'post', 'phone', 'all'] as const;
export type SuppressChannel = (typeof CHANNELS)[number];

/** Whom an entry names: one of these. */
export type SuppressTarget = { contactId: number } | { email: string } | { phone: string } | { address: string; postcode?: string };

/** A mistake in a do-not-contact request, said as the user can fix it. */
export class SuppressionError extends Error {
  override name = 'SuppressionError';
}

/** Who makes a change and how (the history's columns), and why. */
export interface ChangedBy {
  actor: string;
  how: string;
  reason: string;
}

interface Keyed {
  contactId: number | null;
  address: string | null;
  postal: { address: string; postcode: string | null } | null;
}

/** The target as the table keys it: e-mails lower-cased, phones as +country..., postal by key. */
function keyOf(target: SuppressTarget): Keyed {
  if ('contactId' in target) return { contactId: target.contactId, address: null, postal: null };
  if ('email' in target) {
    const email = normaliseEmail(clean(target.email));
    if (!email) throw new SuppressionError(`email: '${target.email}' is not an e-mail address`);
    return { contactId: null, address: email, postal: null };
  }
  if ('phone' in target) {
    const phone = normalisePhone(clean(target.phone));
    if (!phone) throw new SuppressionError(`phone: '${target.phone}' is not a phone number (a Chinese number, or +country code)`);
    return { contactId: null, address: phone, postal: null };
  }
  const address = clean(target.address);
  if (!address) throw new SuppressionError('address: empty');
  return { contactId: null, address: null, postal: { address, postcode: target.postcode ? clean(target.postcode) : null } };
}

/** A consent change in a transaction that tells the history triggers who, how and why. */
function inChange<T>(pool: Pool, by: ChangedBy, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, async (client) => {
    await client.query(sql('who-changes-consent'), [by.actor, by.how, by.reason]);
    return fn(client);
  });
}

async function requireContact(pool: Pool, keyed: Keyed): Promise<void> {
  if (keyed.contactId === null) return;
  const { rowCount } = await pool.query('SELECT 1 FROM contacts WHERE id = $1', [keyed.contactId]);
  if (!rowCount) throw new SuppressionError(`contact: no contact ${keyed.contactId}`);
}

/** Puts the target on the do-not-contact list for a channel (or all); false if it was already. */
export async function addSuppression(pool: Pool, target: SuppressTarget, channel: SuppressChannel, by: ChangedBy): Promise<boolean> {
  const keyed = keyOf(target);
  if (!by.reason.trim()) throw new SuppressionError('reason: say why (it is kept with the entry)');
  await requireContact(pool, keyed);
  return inChange(pool, by, async (client) => {
    const { rowCount } = await client.query(sql('add-suppression'), [channel, keyed.contactId, keyed.address, keyed.postal?.address ?? null, keyed.postal?.postcode ?? null, by.reason]);
    return (rowCount ?? 0) > 0;
  });
}

/** Takes the target off the list on a channel (every channel when none is given); the entries removed. */
export async function removeSuppression(pool: Pool, target: SuppressTarget, channel: SuppressChannel | undefined, by: ChangedBy): Promise<{ channel: string; reason: string }[]> {
  const keyed = keyOf(target);
  if (!by.reason.trim()) throw new SuppressionError('reason: say why (it is kept in the consent history)');
  await requireContact(pool, keyed);
  return inChange(pool, by, async (client) => {
    const { rows } = await client.query<{ channel: string; reason: string }>(sql('remove-suppressions'), [channel ?? null, keyed.contactId, keyed.address, keyed.postal?.address ?? null, keyed.postal?.postcode ?? null]);
    return rows.map((r) => ({ channel: r.channel, reason: r.reason }));
  });
}

export interface SuppressionRow {
  id: number;
  channel: string;
  reason: string;
  detail: string | null;
  created_at: Date;
  contact_id: number | null;
  address: string | null;
  name: string | null;
  how: string | null;
  actor: string | null;
}

export async function listSuppressions(pool: Pool, filter: { contactId?: number; limit?: number }): Promise<SuppressionRow[]> {
  const { rows } = await pool.query<SuppressionRow>(sql('list-suppressions'), [filter.contactId ?? null, filter.limit ?? 1000]);
  return rows;
}

export interface ConsentChange {
  at: Date;
  channel: string;
  change: string;
  how: string;
  actor: string;
  detail: string | null;
}

/** A contact's consent changes, oldest first: by the contact or by any of its addresses. */
export async function consentHistory(pool: Pool, contactId: number): Promise<ConsentChange[]> {
  const { rows } = await pool.query<ConsentChange>(sql('consent-history'), [contactId]);
  return rows;
}
