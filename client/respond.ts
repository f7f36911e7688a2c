/**
 * Responses that come back from the world: reply cards (data entry, web form, QR scan), call
 * outcomes from the call centre, and inspection bookings. Each answers at once whether it took.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';
import { contactWorkflowId } from '../lib/temporal-names.js';
import type { CallOutcome, SlotBooking } from '../activities/types.js';
import { bookSlotUpdate, cancelBookingUpdate } from '../workflows/inspection.js';
import { replyFollowUp, replySignal, type ReplyAnswers } from '../workflows/reply-follow-up.js';
import { callOutcomeSignal, type CallOutcomeReport } from '../workflows/support/calls.js';
import { answerTimeframe, checkTimeframe, type Rescored } from './heat.js';
import { recordLateAnswer, whyReplyIsLate } from './late-answers.js';
import { campaignFollowUp, type CampaignClient } from './start.js';

/** A code that is unknown, forged or no longer answerable; says nothing of whether it exists. */
export class UnknownCodeError extends Error {
  override name = 'UnknownCodeError';
  constructor() {
    super('unknown or invalid code');
  }
}

/** Whose card (or booking code) a code is, and whether it has been answered. */
interface CodeOwner {
  campaignId: string;
  contactId: number;
  replied: boolean;
}

/** The owner of a code; `kind` limits it to one kind of campaign (a booking code is an inspection's). */
async function ownerOfCode(pool: Pool, code: string, kind?: string): Promise<CodeOwner> {
  // Codes are short opaque strings; anything else is rejected before it reaches the database.
  if (!/^[A-Za-z0-9-]{6,64}$/.test(code)) throw new UnknownCodeError();
  const { rows } = await pool.query<{ campaign_id: string; contact_id: number; replied_at: Date | null; kind: string | null }>(sql('reply-card-by-code'), [code]);
  const row = rows[0];
  if (!row || (kind !== undefined && row.kind !== kind)) throw new UnknownCodeError();
  return { campaignId: row.campaign_id, contactId: row.contact_id, replied: row.replied_at !== null };
}

export type ReplyReceipt =
  | { accepted: true; workflowId: string; rescored?: Rescored }
  | { accepted: false; reason: string; late?: true; rescored?: Rescored };

/**
 * Routes a returned reply card to the lead's follow-up and records it. A card is answered once: a
 * second reply to the same card changes nothing. A reply to a card whose lead has no follow-up
 * running (a low-heat brochure, or a follow-up that ended) starts one, so the new answer is acted
 * on: a prospect who now wants a test drive gets the call.
 */
export async function submitReply(client: CampaignClient, code: string, answers: ReplyAnswers): Promise<ReplyReceipt> {
  if (answers.purchaseTimeframe !== undefined) answers = { ...answers, purchaseTimeframe: checkTimeframe(answers.purchaseTimeframe) };
  const owner = await ownerOfCode(client.pool, code);
  if (owner.replied) return { accepted: false, reason: 'this card was already answered' };
  // After the window or a closed lead, the answer is kept for the team and routes nothing; its
  // timeframe still re-scores heat, as any answer of the questionnaire does.
  const late = await whyReplyIsLate(client, owner.campaignId, owner.contactId);
  if (late) {
    await recordLateAnswer(client.pool, 'reply', owner.campaignId, owner.contactId, answers, late);
    const rescored = answers.purchaseTimeframe === undefined ? undefined : await answerTimeframe(client, owner.contactId, answers.purchaseTimeframe);
    return { accepted: false, late: true, reason: `${late}: the answer is recorded for the team`, ...(rescored ? { rescored } : {}) };
  }
  const workflowId = contactWorkflowId('reply-follow-up', owner.campaignId, owner.contactId);
  // Signal first: if recording fails, a retry signals again and the workflow keeps the first reply.
  await client.temporal.workflow.signalWithStart(replyFollowUp, {
    workflowId,
    taskQueue: client.taskQueue,
    args: [{ campaignId: owner.campaignId, contactId: owner.contactId, settings: await campaignFollowUp(client.pool, owner.campaignId) }],
    signal: replySignal,
    signalArgs: [answers],
  });
  await client.pool.query(sql('record-reply'), [code, answers, answers.via ?? 'data-entry']);
  // A timeframe on the card re-scores heat; a prospect who became hot gets the pack now.
  if (answers.purchaseTimeframe === undefined) return { accepted: true, workflowId };
  return { accepted: true, workflowId, rescored: await answerTimeframe(client, owner.contactId, answers.purchaseTimeframe) };
}

export class UnknownCallTaskError extends Error {
  override name = 'UnknownCallTaskError';
  constructor(taskId: string) {
    super(`unknown call task '${taskId}'`);
  }
}

/** What became of a reported call outcome. */
export interface CallOutcomeReceipt {
  /** False when the task already had an outcome on record: the first report stands. */
  recorded: boolean;
  /** False when the run that placed the call has ended: the outcome routes nothing any more. */
  routed: boolean;
  /** A timeframe the customer gave on the call, and what it did to their heat. */
  rescored?: Rescored;
}

/**
 * Records a call centre's outcome (once per task) and signals the workflow that created the
 * task. The task is found by the centre's task id in our own record, never by ids it sends.
 */
export async function reportCallOutcome(
  client: CampaignClient,
  taskId: string,
  outcome: CallOutcome,
  notes?: string,
  purchaseTimeframe?: string,
): Promise<CallOutcomeReceipt> {
  const { temporal, pool } = client;
  const timeframe = purchaseTimeframe === undefined ? undefined : checkTimeframe(purchaseTimeframe);
  const { rows } = await pool.query<{ workflow_id: string; idempotency_key: string; contact_id: number }>(sql('call-task-by-provider-id'), [taskId]);
  const task = rows[0];
  if (!task) throw new UnknownCallTaskError(taskId);
  // A timeframe given on the call re-scores heat; a prospect who became hot gets the pack now.
  const rescored = timeframe === undefined ? undefined : await answerTimeframe(client, task.contact_id, timeframe);
  const { rowCount } = await pool.query(sql('record-call-outcome'), [taskId, outcome, notes ?? null]);
  const report: CallOutcomeReport = { taskKey: task.idempotency_key, outcome, note: notes };
  // Signalled even when already recorded: an earlier report may have been recorded but not delivered.
  try {
    await temporal.workflow.getHandle(task.workflow_id).signal(callOutcomeSignal, report);
  } catch (err) {
    // A report repeated (or arriving late) after the run that placed the call has ended was an
    // unexpected failure ("workflow execution already completed"): exit 1 in the CLI, 500 to the
    // call centre, which then retried in vain. The outcome is on record; nothing is left to route.
    if (err instanceof WorkflowNotFoundError) return { recorded: (rowCount ?? 0) > 0, routed: false, ...(rescored ? { rescored } : {}) };
    throw err;
  }
  return { recorded: (rowCount ?? 0) > 0, routed: true, ...(rescored ? { rescored } : {}) };
}

/** A booking request the inspection workflow refused outright (a closed offer, a malformed slot). */
export class BookingRefusedError extends Error {
  override name = 'BookingRefusedError';
}

/** Runs a booking update; a rejection by the workflow's validator becomes its one-line reason. */
async function bookingUpdate(run: () => Promise<SlotBooking>): Promise<SlotBooking> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) throw new BookingRefusedError(err.cause?.message ?? err.message);
    if (err instanceof WorkflowNotFoundError) throw new BookingRefusedError('this inspection offer has ended');
    throw err;
  }
}

/** Books an inspection slot by the owner's booking code; answers at once with the slot or why not. */
/** Checks that a code is an inspection's booking code (UnknownCodeError if not), touching only the database. */
export async function checkBookingCode(pool: Pool, bookingCode: string): Promise<void> {
  await ownerOfCode(pool, bookingCode, 'inspection');
}

export async function bookInspection(temporal: Client, pool: Pool, bookingCode: string, slotId: number): Promise<SlotBooking> {
  const owner = await ownerOfCode(pool, bookingCode, 'inspection');
  const handle = temporal.workflow.getHandle(contactWorkflowId('inspection', owner.campaignId, owner.contactId));
  return bookingUpdate(() => handle.executeUpdate(bookSlotUpdate, { args: [slotId] }));
}

/** The time zone of the customer a code belongs to (the engine's default when unknown). */
export async function timeZoneOfCode(pool: Pool, code: string): Promise<string> {
  const { rows } = await pool.query<{ time_zone: string }>(sql('time-zone-by-code'), [code]);
  return rows[0]?.time_zone ?? 'Asia/Shanghai';
}

/** Cancels the owner's inspection booking, freeing the place. */
export async function cancelInspection(temporal: Client, pool: Pool, bookingCode: string): Promise<SlotBooking> {
  const owner = await ownerOfCode(pool, bookingCode, 'inspection');
  const handle = temporal.workflow.getHandle(contactWorkflowId('inspection', owner.campaignId, owner.contactId));
  return bookingUpdate(() => handle.executeUpdate(cancelBookingUpdate));
}

/** Records whether the owner came to the booked inspection, as the service centre reports it. */
export async function recordAttendance(pool: Pool, bookingId: number, attendance: 'came' | 'no-show'): Promise<boolean> {
  const { rowCount } = await pool.query(sql('record-attendance'), [bookingId, attendance]);
  return (rowCount ?? 0) > 0;
}
