/** Sends one piece on every channel the contact can receive it on, each under its own key. */
import { deliveryKey } from '../../lib/delivery-key.js';
import type { Channel, ContactProfile, DeliveryResult } from '../../activities/types.js';
import { sends } from './activities.js';

export interface PieceSpec {
  campaignId: string;
  step: string;
  template: string;
  data?: Record<string, unknown>;
}

/** The mail channels (e-mail, post) the contact has; phone is the call centre's, not a piece. */
export function mailChannels(contact: ContactProfile): Channel[] {
  return contact.channels.filter((c) => c === 'email' || c === 'post');
}

/** Delivers the piece by e-mail and/or post as the contact consents; returns one result per channel. */
export async function deliverPiece(contact: ContactProfile, spec: PieceSpec): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = [];
  for (const channel of mailChannels(contact)) {
    const piece = {
      idempotencyKey: deliveryKey(spec.campaignId, contact.id, spec.step, channel),
      campaignId: spec.campaignId,
      contactId: contact.id,
      step: spec.step,
      template: spec.template,
      data: spec.data,
    };
    results.push(channel === 'email' ? await sends.sendEmailPiece(piece) : await sends.sendLetterPiece(piece));
  }
  return results;
}

/** True when at least one channel carried the piece. */
export function anySent(results: DeliveryResult[]): boolean {
  return results.some((r) => r.status === 'sent' || r.status === 'queued');
}
