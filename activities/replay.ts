/**
 * Replay of a failed piece: the record goes back to queued under the same key, and the piece is
 * sent through the same path as the first time: consent and suppression are checked now, the
 * Message-ID is the same, and a piece that is not failed any more is not touched (its result comes
 * back with `repeated: true`).
 */
import { sql } from '../db/queries.js';
import type { ActivityDeps } from './deps.js';
import { sendEmail } from './send-email.js';
import { sendLetter } from './send-letter.js';
import type { DeliveryResult, DeliveryStatus, PieceRequest } from './types.js';

interface Reopened {
  idempotency_key: string;
  campaign_id: string;
  contact_id: number;
  step: string;
  channel: 'email' | 'post';
  template: string | null;
  data: Record<string, unknown> | null;
}

export async function replayDelivery(deps: ActivityDeps, deliveryId: number): Promise<DeliveryResult> {
  const reopened = (await deps.pool.query<Reopened>(sql('reopen-failed-delivery'), [deliveryId])).rows[0];
  if (!reopened) {
    const row = (await deps.pool.query<{ id: number; status: DeliveryStatus; reason: string | null }>(sql('delivery-by-id'), [deliveryId])).rows[0];
    if (!row) return { deliveryId, status: 'skipped', reason: 'no such delivery', repeated: true };
    return { deliveryId, status: row.status, reason: row.reason ?? 'not a failed e-mail or letter', repeated: true };
  }
  const piece: PieceRequest = {
    idempotencyKey: reopened.idempotency_key,
    campaignId: reopened.campaign_id,
    contactId: reopened.contact_id,
    step: reopened.step,
    template: reopened.template ?? '',
    data: reopened.data ?? undefined,
  };
  const result = reopened.channel === 'email' ? await sendEmail(deps, piece) : await sendLetter(deps, piece);
  // This attempt is the replay's own: `repeated` reports only pieces the replay left alone.
  return { ...result, repeated: false };
}
