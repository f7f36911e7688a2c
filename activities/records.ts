/** Reads and records that send nothing: the contact now, reply cards, funnel stages. */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { sql } from '../db/queries.js';
import { readContact, toProfile } from './contacts.js';
import { permanent } from './errors.js';
import { replyUrl } from '../lib/public-urls.js';
import type { ContactProfile, ReplyCard } from './types.js';

// Crockford base32 without I, L, O, U: no two characters a data-entry clerk could confuse.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** An unguessable response code: 80 random bits as 16 characters in groups of four. */
export function newResponseCode(): string {
  const bytes = randomBytes(16);
  let code = '';
  for (let i = 0; i < 16; i += 1) code += ALPHABET[(bytes[i] ?? 0) % 32];
  return code.match(/.{4}/g)!.join('-');
}

export async function loadContact(pool: pg.Pool, contactId: number): Promise<ContactProfile> {
  const now = await readContact(pool, contactId);
  if (!now) throw permanent(`contact ${contactId} not found`, 'ContactNotFound');
  return toProfile(now);
}

export async function issueReplyCard(pool: pg.Pool, baseUrl: string, campaignId: string, contactId: number): Promise<ReplyCard> {
  for (let i = 0; i < 3; i += 1) {
    const existing = (await pool.query<{ response_code: string }>(sql('reply-card-for'), [campaignId, contactId])).rows[0];
    if (existing) return { responseCode: existing.response_code, replyUrl: replyUrl(baseUrl, existing.response_code) };
    try {
      const inserted = (await pool.query<{ response_code: string }>(sql('insert-reply-card'), [campaignId, contactId, newResponseCode()])).rows[0];
      if (inserted) return { responseCode: inserted.response_code, replyUrl: replyUrl(baseUrl, inserted.response_code) };
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err; // a code collision: draw again
    }
  }
  throw new Error(`could not issue a reply card for ${campaignId}/${contactId}`);
}

export async function recordStage(pool: pg.Pool, campaignId: string, contactId: number, stage: string, reason?: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(sql('ensure-campaign-row'), [campaignId]);
    await client.query(sql('upsert-campaign-contact'), [campaignId, contactId, stage, reason ?? null]);
    await client.query(sql('insert-stage-reached'), [campaignId, contactId, stage, reason ?? null]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
