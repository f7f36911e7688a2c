/**
 * Responses that come back from the world: reply cards (data entry, web form, QR scan), call
 * outcomes from the call centre, and inspection bookings. Each answers at once whether it took.
 */
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';
import { contactWorkflowId } from '../lib/temporal-names.js';
import type { CallOutcome, SlotBooking } from '../activities/types.js';
import { bookSlotUpdate, cancelBookingUpdate } from '../workflows/inspection.js';
import { replySignal, type ReplyAnswers } from '../workflows/reply-follow-up.js';
import { callOutcomeSignal, type CallOutcomeReport } from '../workflows/support/calls.js';

/** A code that is unknown, forged or no longer answerable; says nothing of whether it exists. */
export class UnknownCodeError extends Error {
  override name = 'UnknownCodeError';
  constructor() {
    super('unknown or invalid code');
  }
}

interface CodeOwner {
  campaignId: string;
  contactId: number;
}

async function ownerOfCode(pool: Pool, code: string): Promise<CodeOwner> {
  // Codes are short opaque strings; anything else is rejected before it reaches the database.
  if (!/^[A-Za-z0-9-]{6,64}$/.test(code)) throw new UnknownCodeError();
  const { rows } = await pool.query<{ campaign_id: string; contact_id: number }>(sql('reply-card-by-code'), [code]);
  const row = rows[0];
  if (!row) throw new UnknownCodeError();
  return { campaignId: row.campaign_id, contactId: row.contact_id };
}

export type ReplyReceipt = { accepted: true; workflowId: string } | { accepted: false; reason: string };

/** Records a returned reply card and signals the lead's follow-up. */
export async function submitReply(
  temporal: Client,
  pool: Pool,
  code: string,
  answers: ReplyAnswers,
): Promise<ReplyReceipt> {
  const owner = await ownerOfCode(pool, code);
  const workflowId = contactWorkflowId('reply-follow-up', owner.campaignId, owner.contactId);
  await pool.query(sql('record-reply'), [code, answers, answers.via ?? 'data-entry']);
  try {
    await temporal.workflow.getHandle(workflowId).signal(replySignal, answers);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { accepted: false, reason: 'the follow-up for this card has already ended' };
    throw err;
  }
  return { accepted: true, workflowId };
}

export class UnknownCallTaskError extends Error {
  override name = 'UnknownCallTaskError';
  constructor(taskId: string) {
    super(`unknown call task '${taskId}'`);
  }
}

/**
 * Records a call centre's outcome (once per task) and signals the workflow that created the
 * task. The task is found by the centre's task id in our own record, never by ids it sends.
 */
export async function reportCallOutcome(
  temporal: Client,
  pool: Pool,
  taskId: string,
  outcome: CallOutcome,
  notes?: string,
): Promise<void> {
  const { rows } = await pool.query<{ workflow_id: string; idempotency_key: string }>(sql('call-task-by-provider-id'), [taskId]);
  const task = rows[0];
  if (!task) throw new UnknownCallTaskError(taskId);
  await pool.query(sql('record-call-outcome'), [taskId, outcome, notes ?? null]);
  const report: CallOutcomeReport = { taskKey: task.idempotency_key, outcome, note: notes };
  await temporal.workflow.getHandle(task.workflow_id).signal(callOutcomeSignal, report);
}

/** Books an inspection slot by the owner's booking code; answers with the slot or why not. */
export async function bookInspection(temporal: Client, pool: Pool, bookingCode: string, slotId: number): Promise<SlotBooking> {
  const owner = await ownerOfCode(pool, bookingCode);
  const handle = temporal.workflow.getHandle(contactWorkflowId('inspection', owner.campaignId, owner.contactId));
  return handle.executeUpdate(bookSlotUpdate, { args: [slotId] });
}

/** Cancels the owner's inspection booking, freeing the place. */
export async function cancelInspection(temporal: Client, pool: Pool, bookingCode: string): Promise<SlotBooking> {
  const owner = await ownerOfCode(pool, bookingCode);
  const handle = temporal.workflow.getHandle(contactWorkflowId('inspection', owner.campaignId, owner.contactId));
  return handle.executeUpdate(cancelBookingUpdate);
}
