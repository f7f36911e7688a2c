/**
 * Starting campaigns. Workflow ids come from the campaign and the contact, and a start finds an
 * existing run instead of making a second one, so starting a campaign twice starts nothing new.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { StoredGift, StoredTrip } from '../activities/offer-details.js';
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';
import { broadcastWorkflowId, campaignSearchAttributes, contactWorkflowId, type CampaignKind } from '../lib/temporal-names.js';
import { greetings, type GreetingsInput } from '../workflows/greetings.js';
import { inspection, type InspectionInput } from '../workflows/inspection.js';
import { leadRouting } from '../workflows/lead-routing.js';
import type { FollowUpSettings } from '../workflows/support/settings.js';
import { notOfferedCount, notOfferedText, planInspectionOffers, recordOffers } from './inspection-offers.js';

export interface CampaignClient {
  temporal: Client;
  pool: Pool;
  taskQueue: string;
}

export interface StartTally {
  started: string[];
  /** Runs already open for this campaign and contact: left alone. */
  running: string[];
  /** Runs that already finished for this campaign and contact: not run again. */
  finished: string[];
  /** Inspection: owners not offered anything, and why (their centre has no free slot). */
  notOffered?: { count: number; reason: string };
}

type PerContactKind = Extract<CampaignKind, 'lead-routing' | 'inspection'>;

/** Creates the campaign record (once) and marks the contacts targeted. */
export async function registerCampaign(
  pool: Pool,
  campaign: { id: string; kind: CampaignKind; name?: string; params?: unknown },
  contactIds: number[],
): Promise<void> {
  const { rows } = await pool.query(sql('ensure-campaign'), [campaign.id, campaign.kind, campaign.name ?? campaign.id, campaign.params ?? {}]);
  if (rows[0]?.kind !== campaign.kind) {
    throw new Error(`campaign ${campaign.id} exists as a ${rows[0]?.kind} campaign, not ${campaign.kind}`);
  }
  if (contactIds.length > 0) await pool.query(sql('target-contacts'), [campaign.id, contactIds]);
}

/** Contacts asked for that are not on file: the caller's mistake, not a failure of the engine. */
export class UnknownContactsError extends Error {
  override name = 'UnknownContactsError';
  constructor(readonly contactIds: number[]) {
    super(`unknown contact${contactIds.length > 1 ? 's' : ''}: ${contactIds.join(', ')}`);
  }
}

/** Checks every contact exists; throws UnknownContactsError naming the unknown ones. */
export async function requireContacts(pool: Pool, contactIds: number[]): Promise<void> {
  const { rows } = await pool.query<{ id: number }>(sql('contacts-exist'), [contactIds]);
  const known = new Set(rows.map((r) => r.id));
  const unknown = contactIds.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new UnknownContactsError(unknown);
}

async function startPerContact(
  client: CampaignClient,
  kind: PerContactKind,
  campaignId: string,
  contactIds: number[],
  argsFor: (contactId: number) => unknown,
  params?: Record<string, unknown>,
): Promise<StartTally> {
  await requireContacts(client.pool, contactIds);
  await registerCampaign(client.pool, { id: campaignId, kind, params }, contactIds);
  const tally: StartTally = { started: [], running: [], finished: [] };
  const workflow = kind === 'lead-routing' ? leadRouting : inspection;
  for (const contactId of contactIds) {
    const workflowId = contactWorkflowId(kind, campaignId, contactId);
    const outcome = await startOnce(client, workflowId, () =>
      client.temporal.workflow.start(workflow, {
        workflowId,
        taskQueue: client.taskQueue,
        args: [argsFor(contactId)] as never,
        typedSearchAttributes: campaignSearchAttributes(kind, campaignId, contactId, 'targeted'),
        ...ONCE,
      }),
    );
    tally[outcome].push(workflowId);
  }
  return tally;
}

/** An id is never started a second time, open or closed: a campaign runs once per contact. */
export const ONCE = {
  workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
  workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
} as const;

/** Starts a run unless its id already has one; says which of the three happened. */
export async function startOnce(client: CampaignClient, workflowId: string, start: () => Promise<unknown>): Promise<'started' | 'running' | 'finished'> {
  try {
    await start();
    return 'started';
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const description = await client.temporal.workflow.getHandle(workflowId).describe();
    return description.status.name === 'RUNNING' ? 'running' : 'finished';
  }
}

/** Routes each prospect by heat (brochure or hot-lead pack and follow-up). */
export function startLeadRouting(
  client: CampaignClient,
  campaignId: string,
  contactIds: number[],
  followUp?: FollowUpSettings,
): Promise<StartTally> {
  return startPerContact(client, 'lead-routing', campaignId, contactIds, (contactId) => ({ campaignId, contactId, followUp }), followUp ? { followUp } : undefined);
}

/**
 * The follow-up settings a lead campaign was started with (its reply window, calling hours and
 * attempts), for runs started later on its behalf: a reply to a brochure's card, a prospect who
 * became hot. Campaigns started before settings were kept: the defaults, as their runs had.
 */
export async function campaignFollowUp(pool: Pool, campaignId: string): Promise<FollowUpSettings | undefined> {
  const { rows } = await pool.query<{ params: { followUp?: FollowUpSettings } }>(sql('campaign-by-id'), [campaignId]);
  return rows[0]?.params?.followUp;
}

/**
 * Offers each owner a free inspection slot at the service centre their offer names. Owners whose
 * centre has no free slot from now on are offered nothing, before anything is sent, and counted
 * in `notOffered`.
 */
export async function startInspection(
  client: CampaignClient,
  campaignId: string,
  contactIds: number[],
  options: Omit<InspectionInput, 'campaignId' | 'contactId'>,
): Promise<StartTally> {
  await requireContacts(client.pool, contactIds);
  const plan = await planInspectionOffers(client.pool, campaignId, contactIds);
  await recordOffers(client.pool, campaignId, plan);
  const offered = plan.offered.map((o) => o.contactId);
  const tally = offered.length
    ? await startPerContact(client, 'inspection', campaignId, offered, (contactId) => ({ campaignId, contactId, ...options }))
    : { started: [], running: [], finished: [] };
  const count = notOfferedCount(plan);
  return count ? { ...tally, notOffered: { count, reason: notOfferedText(plan) } } : tally;
}

/** What the tier letters announce: the gold owners' trip and the silver owners' gift. */
export interface GreetingsDetails {
  trip?: StoredTrip;
  gift?: StoredGift;
}

/** Starts (or finds) the greetings broadcast of a campaign. */
export async function startGreetings(
  client: CampaignClient,
  input: Omit<GreetingsInput, 'cursor' | 'totals' | 'targeted' | 'paused'>,
  details: GreetingsDetails = {},
): Promise<StartTally> {
  await registerCampaign(client.pool, { id: input.campaignId, kind: 'greetings', params: { ...input, ...details } }, []);
  const workflowId = broadcastWorkflowId('greetings', input.campaignId);
  const outcome = await startOnce(client, workflowId, () =>
    client.temporal.workflow.start(greetings, {
      workflowId,
      taskQueue: client.taskQueue,
      args: [input],
      typedSearchAttributes: campaignSearchAttributes('greetings', input.campaignId),
      ...ONCE,
    }),
  );
  const tally: StartTally = { started: [], running: [], finished: [] };
  tally[outcome].push(workflowId);
  return tally;
}
