import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDeliveries, groupCommit } from '../../activities/delivery-record.js';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { insertCampaign, insertContact } from '../helpers/seed.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
  await insertCampaign(db.pool, 'gc-2026');
});
afterAll(async () => db?.close());

/** The pool, counting the statements that record outcomes. */
function countingPool(pool: pg.Pool): { pool: pg.Pool; writes: () => number } {
  let writes = 0;
  const counted = new Proxy(pool, {
    get(target, key, receiver) {
      if (key !== 'query') return Reflect.get(target, key, receiver) as unknown;
      return (text: string, values?: unknown[]) => {
        if (/^\s*UPDATE deliveries/m.test(text.replace(/^--.*$/gm, ''))) writes += 1;
        return target.query(text, values);
      };
    },
  });
  return { pool: counted, writes: () => writes };
}

async function claimed(n: number, step: string): Promise<number[]> {
  const contacts = await Promise.all(Array.from({ length: n }, () => insertContact(db.pool)));
  const pieces = contacts.map((contactId) => ({
    idempotencyKey: `gc-2026/${contactId}/${step}/email`,
    campaignId: 'gc-2026',
    contactId,
    step,
    channel: 'email' as const,
    template: 'greeting-birthday',
  }));
  const claims = await claimDeliveries(db.pool, pieces, 60);
  return pieces.map((p) => {
    const claim = claims.get(p.idempotencyKey);
    if (claim === undefined || claim === 'held' || claim.kind !== 'claimed') throw new Error(`not claimed: ${p.idempotencyKey}`);
    return claim.deliveryId;
  });
}

const statusOf = async (id: number) =>
  (await db.pool.query<{ status: string; reason: string | null; provider_id: string | null; lease_until: Date | null }>(
    'SELECT status, reason, provider_id, lease_until FROM deliveries WHERE id = $1',
    [id],
  )).rows[0];

describe('group commit of a page\'s outcomes', () => {
  it('records each outcome before the send hears it is recorded, several to a statement', async () => {
    const ids = await claimed(40, 'batch');
    const { pool, writes } = countingPool(db.pool);
    const finish = groupCommit(pool);
    const seenCommitted: boolean[] = [];
    await Promise.all(
      ids.map(async (id, i) => {
        const result = await (i % 4 === 3 ? finish(id, false, 'failed', 'smtp 550: no such mailbox', `<m${i}@x>`) : finish(id, false, 'sent', undefined, `<m${i}@x>`));
        // Read on another connection: the row must already be committed when the send is told so.
        seenCommitted.push((await statusOf(id))?.status === result.status);
      }),
    );
    expect(seenCommitted).toHaveLength(40);
    expect(seenCommitted.every(Boolean)).toBe(true);
    expect(await statusOf(ids[0]!)).toEqual({ status: 'sent', reason: null, provider_id: '<m0@x>', lease_until: null });
    expect(await statusOf(ids[3]!)).toEqual({ status: 'failed', reason: 'smtp 550: no such mailbox', provider_id: '<m3@x>', lease_until: null });
    // The first outcome goes alone; the rest arrive while a commit is being written and share one.
    expect(writes()).toBeGreaterThanOrEqual(2);
    expect(writes()).toBeLessThan(40);
  });

  it('tells every send of a batch that fails, and records the next batch', async () => {
    const [good, bad, later] = await claimed(3, 'fail');
    const finish = groupCommit(db.pool);
    const first = finish(good!, false, 'sent');
    // Queued while the first commit is in flight, so they share the next statement, which the
    // table's check refuses: both hear of it, neither is recorded.
    const second = finish(bad!, false, 'bogus' as 'sent');
    const third = finish(later!, false, 'sent');
    await expect(first).resolves.toMatchObject({ status: 'sent' });
    await expect(second).rejects.toThrow(/check constraint/);
    await expect(third).rejects.toThrow(/check constraint/);
    expect((await statusOf(bad!))?.status).toBe('queued');
    expect((await statusOf(later!))?.status).toBe('queued');
    await expect(finish(later!, true, 'sent')).resolves.toMatchObject({ status: 'sent', repeated: true });
    expect((await statusOf(later!))?.status).toBe('sent');
  });
});
