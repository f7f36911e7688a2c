/**
 * A contact's own choices of channel, as the preference page behind every unsubscribe link shows
 * and changes them. Leaving a channel adds an unsubscribe suppression (checked at every send);
 * coming back removes only the contact's own unsubscribe, never a do-not-contact or a bounce.
 * Each change lands in the consent history as done by the customer on that page.
 */
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';
import { inTransaction } from '../db/transaction.js';

export type Channel = 'email' | 'post' | 'phone';
export const CHANNELS: Channel[] = ['email', 'post', 'phone'];

export type ChannelState = 'receiving' | 'unsubscribed' | 'not-agreed' | 'blocked';

export interface Preferences {
  contactId: number;
  name: string;
  language: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  channels: Record<Channel, ChannelState>;
}

interface PreferenceRow {
  id: number;
  name: string;
  language: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  consent_email: boolean;
  consent_post: boolean;
  consent_phone: boolean;
  suppressions: { channel: string; reason: string }[];
}

export async function readPreferences(pool: Pool, contactId: number): Promise<Preferences | undefined> {
  const row = (await pool.query<PreferenceRow>(sql('preference-contact'), [contactId])).rows[0];
  if (!row) return undefined;
  const state = (channel: Channel): ChannelState => {
    const on = row.suppressions.filter((s) => s.channel === channel || s.channel === 'all');
    if (on.some((s) => s.reason !== 'unsubscribe' || s.channel === 'all')) return 'blocked';
    if (on.length) return 'unsubscribed';
    return row[`consent_${channel}`] ? 'receiving' : 'not-agreed';
  };
  return {
    contactId: row.id,
    name: row.name,
    language: row.language,
    email: row.email,
    phone: row.phone,
    address: row.address,
    channels: { email: state('email'), post: state('post'), phone: state('phone') },
  };
}

async function asCustomer(pool: Pool, detail: string, fn: (q: (name: string, args: unknown[]) => Promise<unknown>) => Promise<void>): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(`SELECT set_config('campaign_engine.how', 'preference page', true), set_config('campaign_engine.actor', 'the customer', true), set_config('campaign_engine.detail', $1, true)`, [detail]);
    await fn((name, args) => client.query(sql(name), args));
  });
}

/** Stops a channel for the contact at once; a repeat changes nothing. `detail` says from which message. */
export async function leaveChannel(pool: Pool, contactId: number, channel: Channel, detail: string): Promise<void> {
  await asCustomer(pool, detail, (q) => q('unsubscribe-channel', [channel, contactId, detail]).then(() => undefined));
}

/** Undoes the contact's own unsubscribe from a channel; other suppressions stand. */
export async function rejoinChannel(pool: Pool, contactId: number, channel: Channel, detail: string): Promise<void> {
  await asCustomer(pool, detail, (q) => q('resubscribe-channel', [channel, contactId]).then(() => undefined));
}
