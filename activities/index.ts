/**
 * The activities, built from their adapters by `createActivities(deps)`: the worker passes real
 * adapters, tests pass real adapters bound to loopback. Every send claims its idempotency key in
 * `deliveries` first, so retries and replays never send a piece twice.
 */
import type { ActivityDeps } from './deps.js';
import { createCall } from './call-task.js';
import { countGreetingsRecipients, sendGreetingsPage } from './greetings.js';
import { activityHeartbeat } from './heartbeat.js';
import { attendance, bookSlot, cancelBooking } from './inspection.js';
import { issueReplyCard, loadContact, recordStage } from './records.js';
import { sendEmail } from './send-email.js';
import { sendLetter } from './send-letter.js';
import { replayDelivery } from './replay.js';
import type { CampaignActivities, DeliveryResult } from './types.js';

export type { ActivityDeps, Clock, Renderer } from './deps.js';
export { systemClock } from './deps.js';
export { defaultSender } from './piece-context.js';

/** Logs what operations need to see of a send: failures with their reason, retries with theirs. */
function logged<A extends { idempotencyKey: string }>(
  deps: ActivityDeps,
  kind: string,
  send: (arg: A) => Promise<DeliveryResult>,
): (arg: A) => Promise<DeliveryResult> {
  return async (arg) => {
    try {
      const result = await send(arg);
      if (!result.repeated && result.status !== 'sent') deps.log?.warn({ kind, key: arg.idempotencyKey, ...result }, `${kind} ${result.status}`);
      return result;
    } catch (err) {
      deps.log?.info({ kind, key: arg.idempotencyKey, err: err instanceof Error ? err.message : String(err) }, `${kind} will be retried`);
      throw err;
    }
  };
}

export function createActivities(deps: ActivityDeps): CampaignActivities {
  const { pool } = deps;
  return {
    /** Reads the contact and its usable channels now; unknown id: non-retryable ContactNotFound. */
    loadContact: (contactId) => loadContact(pool, contactId),

    /** Key (campaign, contact): returns the card already issued, else issues one with a random code. */
    issueReplyCard: (campaignId, contactId) => issueReplyCard(pool, deps.config.PUBLIC_BASE_URL, campaignId, contactId),

    /** Key piece.idempotencyKey; transient SMTP faults retry with the same Message-ID; sends one e-mail. */
    sendEmailPiece: logged(deps, 'email', (piece) => sendEmail(deps, piece)),

    /** Key piece.idempotencyKey; a letter-shop fault retries; writes one print job for the piece. */
    sendLetterPiece: logged(deps, 'letter', (piece) => sendLetter(deps, piece)),

    /** Key task.idempotencyKey (also the centre's Idempotency-Key); centre down retries; creates one call task. */
    createCallTask: logged(deps, 'call task', async (task) => {
      const result = await createCall(deps, task);
      deps.metrics?.piece('phone', task.campaignId, result);
      return result;
    }),

    /** Key (campaign, contact, stage): idempotent; records the current stage and that it was reached. */
    recordStage: (campaignId, contactId, stage, reason) => recordStage(pool, campaignId, contactId, stage, reason),

    /** Key (campaign, contact): a repeat answers with the booking made; capacity enforced by the database. */
    bookInspectionSlot: (campaignId, contactId, slotId) => bookSlot(pool, campaignId, contactId, slotId),

    /** Key (campaign, contact): cancels the live booking and frees its place; none: not-booked. */
    cancelInspectionBooking: (campaignId, contactId) => cancelBooking(pool, campaignId, contactId),

    /** Read only: came, no-show, or unknown until the service centre records it. */
    inspectionAttendance: (bookingId) => attendance(pool, bookingId),

    /** Keys per owner (campaign, owner, step, channel); a retried page sends nothing twice; heartbeats. */
    sendGreetingsPage: (page) => sendGreetingsPage(deps, page, activityHeartbeat),

    /** Read only: owners the broadcast targets now (on the day, for birthdays and anniversaries). */
    countGreetingsRecipients: (occasion, onDate, sampleContacts, segment) => countGreetingsRecipients(deps, occasion, onDate, sampleContacts, segment),

    /** Key: the failed piece's own key (same Message-ID); transient faults retry; re-sends it once. */
    replayDelivery: (deliveryId) => replayDelivery(deps, deliveryId),
  };
}
