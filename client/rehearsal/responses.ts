/**
 * The customers of a rehearsal: with the assumed response rate, a share of prospects answer their
 * reply card, a share of owners book an inspection slot (and come), and a share of calls are
 * answered. Who answers, what and when is drawn from a hash of the seed and the contact (or the
 * call task), so a rehearsal run twice tells the same story. Every answer goes through the client
 * function the CLI uses (`campaign reply`, `campaign book`, `campaign call-outcome`, `campaign
 * attendance`), against the rehearsal's Temporal and database.
 */
import { createHash } from 'node:crypto';
import type { CallOutcome } from '../../activities/types.js';
import type { ReplyAnswers } from '../../workflows/reply-follow-up.js';
import { bookInspection, recordAttendance, reportCallOutcome, submitReply } from '../respond.js';
import type { CampaignClient } from '../start.js';
import type { ReceivedCall } from './outbox.js';

export type ResponseKind = 'reply' | 'booking' | 'attendance' | 'answered call' | 'unanswered call';

/** A customer's answer due at a virtual instant. */
export interface PlannedResponse {
  at: number;
  kind: ResponseKind;
  /** Runs the answer; says what came of it, for the timeline's detail. */
  run(): Promise<string>;
}

export interface ResponseSettings {
  campaignId: string;
  rate: number;
  seed: string;
  /** How long a reply card or an offer stays open, in ms: answers fall inside it. */
  openForMs: number;
}

/** A number in [0, 1) fixed by the seed and the parts. */
export function draw(seed: string, ...parts: (string | number)[]): number {
  const digest = createHash('sha256').update([seed, ...parts].join('|')).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

/** What a prospect who answers writes on the card: half want a test drive, a quarter more material, a quarter no. */
function cardAnswers(seed: string, contactId: number): ReplyAnswers {
  const u = draw(seed, 'answer', contactId);
  if (u < 0.5) return { wantsTestDrive: true, via: 'data-entry' };
  if (u < 0.75) return { wantsMaterial: true, via: 'data-entry' };
  return { notInterested: true, reason: 'bought elsewhere', via: 'data-entry' };
}

/** The reply of a prospect whose card was issued (seen) at `seenAt`, if they answer. */
export function planReply(client: CampaignClient, s: ResponseSettings, card: { code: string; contactId: number }, seenAt: number): PlannedResponse | null {
  if (draw(s.seed, 'replies', card.contactId) >= s.rate) return null;
  const answers = cardAnswers(s.seed, card.contactId);
  return {
    at: seenAt + Math.round((0.1 + 0.8 * draw(s.seed, 'reply-day', card.contactId)) * s.openForMs),
    kind: 'reply',
    run: async () => {
      const receipt = await submitReply(client, card.code, answers);
      return receipt.accepted ? Object.keys(answers).find((k) => k !== 'via' && k !== 'reason') ?? 'reply' : `not taken: ${receipt.reason}`;
    },
  };
}

/** The outcome the call centre reports for a task: answered per the rate, within the task's window. */
export function planCallOutcome(client: CampaignClient, s: ResponseSettings, call: ReceivedCall): PlannedResponse {
  // Drawn by what the call is (contact, purpose, attempt), not by the order tasks arrived in.
  const which = `${call.contactId}|${call.purpose}|${call.attempt}`;
  const answered = draw(s.seed, 'call', which) < s.rate;
  const outcome: CallOutcome = !answered ? 'no-answer' : draw(s.seed, 'interest', call.contactId) < 0.5 ? 'reached-interested' : 'reached-refused';
  const from = Math.max(Date.parse(call.window.notBefore), call.at);
  const room = Math.max(Date.parse(call.window.notAfter) - from - 10 * 60_000, 0);
  return {
    at: from + Math.round(draw(s.seed, 'call-time', which) * Math.min(room, 4 * 3_600_000)),
    kind: answered ? 'answered call' : 'unanswered call',
    run: async () => {
      await reportCallOutcome(client, call.taskId, outcome, 'rehearsal');
      return outcome;
    },
  };
}

/**
 * The booking of an owner whose offer was issued at `seenAt`, if they book: the first free slot
 * at their centre a day or more after they decide; and that they come, reported an hour after the
 * slot starts.
 */
export function planBooking(client: CampaignClient, s: ResponseSettings, offer: { code: string; contactId: number }, seenAt: number, schedule: (r: PlannedResponse) => void): PlannedResponse | null {
  if (draw(s.seed, 'books', offer.contactId) >= s.rate) return null;
  const at = seenAt + Math.round((0.05 + 0.5 * draw(s.seed, 'book-day', offer.contactId)) * s.openForMs);
  return {
    at,
    kind: 'booking',
    run: async () => {
      const { rows } = await client.pool.query<{ id: number; starts_at: Date }>(
        `SELECT s.id, s.starts_at FROM inspection_slots s JOIN inspection_offers o ON o.service_centre_id = s.service_centre_id
         WHERE o.campaign_id = $1 AND o.contact_id = $2 AND s.closed_at IS NULL AND s.booked < s.capacity AND s.starts_at > $3
         ORDER BY s.starts_at LIMIT 1`,
        [s.campaignId, offer.contactId, new Date(at + 86_400_000)],
      );
      const slot = rows[0];
      if (!slot) return 'no free slot';
      const booking = await bookInspection(client.temporal, client.pool, offer.code, slot.id);
      if (!booking.ok) return `refused: ${booking.reason}`;
      schedule({ at: slot.starts_at.getTime() + 3_600_000, kind: 'attendance', run: async () => ((await recordAttendance(client.pool, booking.bookingId, 'came')) ? 'came' : 'not recorded') });
      return `slot ${slot.id}`;
    },
  };
}
