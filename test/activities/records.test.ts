import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { activityFixture, type ActivityFixture } from '../helpers/activities.js';
import { insertCampaign, insertContact } from '../helpers/seed.js';

let fx: ActivityFixture;
beforeAll(async () => {
  fx = await activityFixture();
  await insertCampaign(fx.db.pool, 'rec-2026', 'lead-routing');
});
afterAll(async () => fx?.close());

describe('records', () => {
  it('loads a contact with the channels usable now', async () => {
    const id = await insertContact(fx.db.pool, { tier: 'gold', heat: 'high', stage: 'prospect', consentPost: false });
    expect(await fx.activities.loadContact(id)).toEqual({
      id,
      name: '王伟',
      language: 'zh-CN',
      timeZone: 'Asia/Shanghai',
      heat: 'high',
      tier: 'gold',
      stage: 'prospect',
      channels: ['email', 'phone'],
    });
    await fx.db.pool.query(`INSERT INTO suppressions (channel, contact_id, reason) VALUES ('phone', $1, 'do-not-contact')`, [id]);
    expect((await fx.activities.loadContact(id)).channels).toEqual(['email']);
  });

  it('refuses an unknown contact without retry', async () => {
    const err = await fx.activities.loadContact(424242).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
  });

  it('issues one unguessable reply card per campaign and contact', async () => {
    const id = await insertContact(fx.db.pool);
    const [a, b] = await Promise.all([fx.activities.issueReplyCard('rec-2026', id), fx.activities.issueReplyCard('rec-2026', id)]);
    expect(a).toEqual(b);
    expect(a.responseCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(a.replyUrl).toBe(`${fx.config.PUBLIC_BASE_URL}/r/${a.responseCode}`);
    const other = await fx.activities.issueReplyCard('rec-2026', await insertContact(fx.db.pool));
    expect(other.responseCode).not.toBe(a.responseCode);
  });

  it('records the current stage and every stage reached, once each', async () => {
    const id = await insertContact(fx.db.pool);
    await fx.activities.recordStage('rec-2026', id, 'sent');
    await fx.activities.recordStage('rec-2026', id, 'sent');
    await fx.activities.recordStage('rec-2026', id, 'lost', 'bought another brand');
    const current = await fx.db.pool.query('SELECT stage, end_reason FROM campaign_contacts WHERE campaign_id = $1 AND contact_id = $2', ['rec-2026', id]);
    expect(current.rows).toEqual([{ stage: 'lost', end_reason: 'bought another brand' }]);
    const reached = await fx.db.pool.query('SELECT stage FROM campaign_contact_stages WHERE campaign_id = $1 AND contact_id = $2 ORDER BY stage', ['rec-2026', id]);
    expect(reached.rows.map((r) => r.stage)).toEqual(['lost', 'sent']);
  });
});
