/**
 * One outbound-call task at the call centre, once per key: the centre gets the same key as its
 * Idempotency-Key, so a retried create finds the task made the first time.
 */
import { sql } from '../db/queries.js';
import { displayTime } from '../lib/display-time.js';
import { callOutcomeUrl } from '../lib/public-urls.js';
import { readContact, reach } from './contacts.js';
import { claimDelivery, finishDelivery, releaseDelivery } from './delivery-record.js';
import type { ActivityDeps } from './deps.js';
import type { CallTaskRequest, DeliveryResult } from './types.js';

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})\b/g;

/**
 * The agent's notes with every instant in the customer's zone, as the customer was told it
 * ('Missed the inspection on 2026-12-05 09:30 Asia/Shanghai'), never a bare UTC ISO instant.
 */
export function readableNotes(notes: string, timeZone: string): string {
  return notes.replace(ISO_INSTANT, (instant) => (Number.isNaN(Date.parse(instant)) ? instant : displayTime(instant, timeZone)));
}

export async function createCall(deps: ActivityDeps, task: CallTaskRequest): Promise<DeliveryResult> {
  const { pool } = deps;
  const step = `call-${task.purpose}-${task.attempt}`;
  const claim = await claimDelivery(
    pool,
    { idempotencyKey: task.idempotencyKey, campaignId: task.campaignId, contactId: task.contactId, step, channel: 'phone', template: null },
    Math.max(60, Math.ceil((deps.config.CALL_CENTRE_TIMEOUT_MS * 3) / 1000)),
  );
  if (claim.kind === 'finished') return claim.result;
  const { deliveryId, repeated } = claim;
  const now = await readContact(pool, task.contactId);
  if (!now) return finishDelivery(pool, deliveryId, repeated, 'skipped', 'unknown contact');
  const allowed = reach(now, 'phone');
  if (!allowed.ok) return finishDelivery(pool, deliveryId, repeated, 'skipped', allowed.reason);
  const notes = readableNotes(task.notes, now.contact.time_zone);

  const outcome = await deps.callService.createTask(task.idempotencyKey, {
    contactId: task.contactId,
    name: now.contact.name,
    phone: now.contact.phone ?? '',
    language: now.contact.language,
    timeZone: now.contact.time_zone,
    purpose: task.purpose,
    notes,
    attempt: task.attempt,
    window: task.window,
    callbackUrl: callOutcomeUrl(deps.config.PUBLIC_BASE_URL),
    reference: task.workflowId,
  });
  if (outcome.kind === 'transient') return releaseDelivery(pool, deliveryId, `call centre: ${outcome.reason}`);
  if (outcome.kind === 'permanent') return finishDelivery(pool, deliveryId, repeated, 'failed', `call centre: ${outcome.reason}`);
  await pool.query(sql('insert-call-task'), [
    deliveryId,
    task.campaignId,
    task.contactId,
    task.workflowId,
    task.purpose,
    notes,
    task.attempt,
    task.window.notBefore,
    task.window.notAfter,
    outcome.taskId,
  ]);
  return finishDelivery(pool, deliveryId, repeated, 'sent', undefined, outcome.taskId);
}
