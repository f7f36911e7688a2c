/**
 * Answers that arrive after their campaign step has closed: a reply card after the reply window
 * or after the lead was closed, a booking after the offer ended, an RSVP after its date. They are
 * kept for the team (the console lists `late_answers`) and never acted on as if on time.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';
import { contactWorkflowId } from '../lib/temporal-names.js';
import { followUpStatusQuery } from '../workflows/reply-follow-up.js';
import type { CampaignClient } from './start.js';

export type LatePage = 'reply' | 'booking' | 'survey' | 'rsvp';

/** Records a late answer once per page and person; a repeat keeps the first. */
export async function recordLateAnswer(pool: Pool, page: LatePage, campaignId: string, contactId: number, answers: unknown, whyLate: string): Promise<void> {
  await pool.query(sql('record-late-answer'), [page, campaignId, contactId, JSON.stringify(answers ?? {}), whyLate]);
}

/** The late answer on record for this page and person, if any. */
export async function lateAnswerOf(pool: Pool, page: LatePage, campaignId: string, contactId: number): Promise<{ whyLate: string; receivedAt: Date } | undefined> {
  const row = (await pool.query<{ why_late: string; received_at: Date }>(sql('late-answer-of'), [page, campaignId, contactId])).rows[0];
  return row ? { whyLate: row.why_late, receivedAt: row.received_at } : undefined;
}

/** How long a lead's follow-up may take to say where it stands before the reply is taken as on time. */
const STATUS_TIMEOUT_MS = 3000;

/**
 * Why a reply to this lead's card comes too late, or null when it is on time: the lead reached an
 * end state in the campaign, its follow-up has ended, or the follow-up's reply window is over
 * (it has moved on to calling). No follow-up at all (a low-heat brochure) is on time: the reply
 * starts one.
 */
export async function whyReplyIsLate(client: CampaignClient, campaignId: string, contactId: number): Promise<string | null> {
  const closed = (await client.pool.query<{ stage: string }>(sql('lead-closed-stage'), [campaignId, contactId])).rows[0];
  if (closed) return `the lead was already closed (${closed.stage})`;
  const handle = client.temporal.workflow.getHandle(contactWorkflowId('reply-follow-up', campaignId, contactId));
  try {
    const run = await handle.describe();
    if (run.status.name !== 'RUNNING') return 'the follow-up of this card has ended';
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), STATUS_TIMEOUT_MS)));
    // With no worker to answer, the reply is signalled: after its window the follow-up ignores it.
    const status = await Promise.race([handle.query(followUpStatusQuery).catch(() => null), slow]).finally(() => clearTimeout(timer));
    if (status && (status.replied || status.stage !== 'awaiting-reply')) return 'the reply window of this card is over';
    return null;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}
