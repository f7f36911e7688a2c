/**
 * The questionnaire loop: any new answer to "when will you buy?" (a reply card, a call, a
 * re-imported row) re-scores the prospect's purchase heat, and a prospect who becomes hot while a
 * lead campaign is open for them gets that campaign's hot-lead pack at once, with nobody starting
 * anything. The pack's workflow id is the campaign's and the contact's, started at most once, so
 * a repeated answer, a retry or a race with the campaign's own routing sends one pack.
 */
import type { Heat } from '../activities/types.js';
import { sql } from '../db/queries.js';
import { classifyHeat, clean, timeframeMonths } from '../import/normalise.js';
import { campaignSearchAttributes, contactWorkflowId } from '../lib/temporal-names.js';
import { hotLeadPack } from '../workflows/hot-lead-pack.js';
import { campaignFollowUp, startOnce, ONCE, type CampaignClient } from './start.js';

/** An answer that is no purchase timeframe: said as the user can fix it. */
export class TimeframeError extends Error {
  override name = 'TimeframeError';
  constructor(answer: string) {
    super(`timeframe: '${answer}' is not a purchase timeframe (e.g. 3个月内, within a year, 1年以上)`);
  }
}

/** Checks an answer before anything is recorded; returns it cleaned. */
export function checkTimeframe(answer: string): string {
  const text = clean(answer);
  if (timeframeMonths(text) === null) throw new TimeframeError(answer);
  return text;
}

export interface Rescored {
  /** Heat now; undefined when the contact is no prospect (an owner's answer changes no heat). */
  heat?: Heat;
  becameHot: boolean;
  /** Hot-lead pack runs started now, one per open lead campaign. */
  packs: string[];
}

/** Records the answer, re-scores heat, and starts the packs a prospect who became hot is due. */
export async function answerTimeframe(client: CampaignClient, contactId: number, answer: string): Promise<Rescored> {
  const text = checkTimeframe(answer);
  const heat = classifyHeat(text);
  const { rows } = await client.pool.query<{ was: Heat | null }>(sql('rescore-heat'), [contactId, text, heat]);
  if (rows.length === 0) return { becameHot: false, packs: [] };
  const becameHot = heat === 'high' && rows[0]!.was !== 'high';
  return { heat, becameHot, packs: becameHot ? await startDuePacks(client, contactId) : [] };
}

/** The (contact, lead campaign) pairs open for these hot prospects: where a pack is due. */
export async function packsDue(pool: CampaignClient['pool'], contactIds: number[]): Promise<{ contactId: number; campaignId: string }[]> {
  const { rows } = await pool.query<{ contact_id: number; campaign_id: string }>(sql('open-lead-campaigns'), [contactIds]);
  return rows.map((r) => ({ contactId: r.contact_id, campaignId: r.campaign_id }));
}

/** Starts the hot-lead pack in every lead campaign open for the contact (once each, ever). */
export async function startDuePacks(client: CampaignClient, contactId: number): Promise<string[]> {
  return startPacks(client, await packsDue(client.pool, [contactId]));
}

/**
 * Starts each due pack unless its run exists (running or finished): a repeat starts nothing, so
 * a list imported again after Temporal was down starts what the first import could not.
 */
export async function startPacks(client: CampaignClient, due: { contactId: number; campaignId: string }[]): Promise<string[]> {
  const started: string[] = [];
  for (const { contactId, campaignId } of due) {
    const workflowId = contactWorkflowId('hot-lead-pack', campaignId, contactId);
    const followUp = await campaignFollowUp(client.pool, campaignId);
    const outcome = await startOnce(client, workflowId, () =>
      client.temporal.workflow.start(hotLeadPack, {
        workflowId,
        taskQueue: client.taskQueue,
        args: [{ campaignId, contactId, followUp }],
        typedSearchAttributes: campaignSearchAttributes('hot-lead-pack', campaignId, contactId),
        ...ONCE,
      }),
    );
    if (outcome === 'started') started.push(workflowId);
  }
  return started;
}
