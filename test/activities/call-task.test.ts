import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransientSendError } from '../../activities/errors.js';
import type { CallTaskRequest } from '../../activities/types.js';
import { deliveryKey } from '../../lib/delivery-key.js';
import { activityFixture, type ActivityFixture } from '../helpers/activities.js';
import { insertCampaign, insertContact } from '../helpers/seed.js';

let fx: ActivityFixture;
beforeAll(async () => {
  fx = await activityFixture();
  await insertCampaign(fx.db.pool, 'follow-2026', 'reply-follow-up');
});
afterAll(async () => fx?.close());

const task = (contactId: number, attempt = 1): CallTaskRequest => ({
  idempotencyKey: deliveryKey('follow-2026', contactId, `call-${attempt}`, 'phone'),
  campaignId: 'follow-2026',
  contactId,
  workflowId: `reply-follow-up/follow-2026/contact-${contactId}`,
  purpose: 'reply-follow-up',
  notes: 'no reply card after 14 days',
  attempt,
  window: { notBefore: '2026-12-01T00:30:00.000Z', notAfter: '2026-12-01T13:00:00.000Z' },
});

describe('createCallTask', () => {
  it('creates one task per key, records it, and the outcome reaches the callback', async () => {
    fx.callCentre.simulator.setAnswer('reached-interested');
    const id = await insertContact(fx.db.pool, { name: 'Emily Chen', language: 'en' });
    const first = await fx.activities.createCallTask(task(id));
    const again = await fx.activities.createCallTask(task(id));
    expect(first).toMatchObject({ status: 'sent', repeated: false });
    expect(again).toEqual({ ...first, repeated: true });
    const created = fx.callCentre.simulator.tasks().filter((t) => t.contactId === id);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ taskId: first.providerId, name: 'Emily Chen', language: 'en', timeZone: 'Asia/Shanghai', attempt: 1 });
    expect(created[0]?.window).toEqual(task(id).window);
    const { rows } = await fx.db.pool.query('SELECT workflow_id, provider_task_id FROM call_tasks WHERE contact_id = $1', [id]);
    expect(rows).toEqual([{ workflow_id: task(id).workflowId, provider_task_id: first.providerId }]);
    const outcomes = await fx.callCentre.callbacks.waitFor(1);
    expect(outcomes.find((o) => o.taskId === first.providerId)).toMatchObject({ outcome: 'reached-interested', reference: task(id).workflowId });
  });

  it('skips a contact whose phone consent is withdrawn', async () => {
    const id = await insertContact(fx.db.pool, { consentPhone: false });
    expect(await fx.activities.createCallTask(task(id))).toMatchObject({ status: 'skipped', reason: 'no consent for phone' });
    expect(fx.callCentre.simulator.tasks().filter((t) => t.contactId === id)).toHaveLength(0);
  });

  it('throws retryable while the centre is down, then creates the task once', async () => {
    const id = await insertContact(fx.db.pool);
    fx.callCentre.simulator.setDown(true);
    await expect(fx.activities.createCallTask(task(id))).rejects.toBeInstanceOf(TransientSendError);
    fx.callCentre.simulator.setDown(false);
    expect(await fx.activities.createCallTask(task(id))).toMatchObject({ status: 'sent', repeated: true });
    expect(fx.callCentre.simulator.tasks().filter((t) => t.contactId === id)).toHaveLength(1);
  });

  it('writes the instants in the agent notes in the customer zone, never as bare UTC', async () => {
    const id = await insertContact(fx.db.pool, { name: '刘洋', language: 'zh-CN' });
    const missed = { ...task(id), idempotencyKey: deliveryKey('follow-2026', id, 'missed', 'phone'), notes: 'Missed the inspection on 2026-12-05T01:30:00.000Z at 上海浦东服务中心; offer a new slot.' };
    expect(await fx.activities.createCallTask(missed)).toMatchObject({ status: 'sent' });
    const [created] = fx.callCentre.simulator.tasks().filter((t) => t.contactId === id);
    expect(created?.notes).toBe('Missed the inspection on 2026-12-05 09:30 Asia/Shanghai at 上海浦东服务中心; offer a new slot.');
    const { rows } = await fx.db.pool.query('SELECT notes FROM call_tasks WHERE contact_id = $1', [id]);
    expect(rows[0]?.notes).toBe(created?.notes);
  });
});
