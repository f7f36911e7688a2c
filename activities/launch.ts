/**
 * One page of a per-contact campaign's launch. The page is read by keyset from the audience, its
 * holdout drawn and recorded, and each contact's run started by its business id, so a retried
 * page (or a second launch) starts nobody twice. Inspection offers are written here, page by page
 * like a broadcast (one read of the page, pooled sends under each owner's delivery key), and the
 * owner's run starts already waiting for the booking: a run per owner costs one workflow task.
 *
 * Order within a page, for a crash at any point: offers (each sent once by its key), then the
 * runs (each started once by its id), then the stage (moved only from 'targeted').
 */
import type { Client } from '@temporalio/client';
import { ONCE, startOnce } from '../client/start.js';
import { planInspectionOffers, recordOffers, type OfferPlan } from '../client/inspection-offers.js';
import { drawHoldout } from '../db/holdouts.js';
import { sql } from '../db/queries.js';
import { withSegment } from '../db/segment.js';
import { deliveryKey } from '../lib/delivery-key.js';
import { replyUrl } from '../lib/public-urls.js';
import { campaignSearchAttributes, contactWorkflowId } from '../lib/temporal-names.js';
import { inspection } from '../workflows/inspection.js';
import { leadRouting } from '../workflows/lead-routing.js';
import { readContacts, reach } from './contacts.js';
import type { ActivityDeps } from './deps.js';
import { activityHeartbeat } from './heartbeat.js';
import { eachLimited } from './each-limited.js';
import { issueReplyCard, newResponseCode } from './records.js';
import { sendEmail } from './send-email.js';
import { sendLetters } from './send-letter.js';
import { emptyTally } from '../lib/launch-tally.js';
import type { DeliveryResult, LaunchActivities, LaunchPageRequest, LaunchPageResult, LaunchTally, PieceRequest } from './types.js';

export interface LaunchDeps extends ActivityDeps {
  temporal: Client;
  taskQueue: string;
}

/** Workflow starts in flight at once: enough to keep the server busy, few enough to stay polite. */
const STARTS_IN_FLIGHT = 32;

/** Owners not offered, by reason as the dry run words it. */
function notOfferedOf(plan: OfferPlan): Record<string, number> {
  const reasons: Record<string, number> = {};
  for (const w of plan.withoutSlot) reasons[`no free slot from now on at ${w.centre}`] = w.owners.length;
  if (plan.noCentre.length) reasons['no service centre on file'] = plan.noCentre.length;
  return reasons;
}

/** Each owner's booking code: the page's cards issued in one statement, a rare collision singly. */
async function bookingCodes(deps: LaunchDeps, campaignId: string, contactIds: number[]): Promise<Map<number, string>> {
  await deps.pool.query(sql('issue-reply-cards'), [campaignId, contactIds, contactIds.map(() => newResponseCode())]);
  const { rows } = await deps.pool.query<{ contact_id: number; response_code: string }>(sql('reply-cards-of'), [campaignId, contactIds]);
  const codes = new Map(rows.map((r) => [r.contact_id, r.response_code]));
  for (const id of contactIds) {
    if (!codes.has(id)) codes.set(id, (await issueReplyCard(deps.pool, deps.config.PUBLIC_BASE_URL, campaignId, id)).responseCode);
  }
  return codes;
}

/** Writes the page's offers on every channel each owner can receive them on now. */
async function sendOffers(deps: LaunchDeps, request: LaunchPageRequest, codes: Map<number, string>): Promise<LaunchTally['pieces']> {
  const pieces = { sent: 0, failed: 0, skipped: 0 };
  const count = (r: DeliveryResult): void => {
    if (r.repeated) return; // recorded by an earlier attempt of the page
    if (r.status === 'sent' || r.status === 'queued') pieces.sent += 1;
    else if (r.status === 'failed') pieces.failed += 1;
    else pieces.skipped += 1;
  };
  const contacts = await readContacts(deps.pool, [...codes.keys()]);
  const piece = (contactId: number, channel: 'email' | 'post'): PieceRequest => {
    const bookingCode = codes.get(contactId)!;
    return {
      idempotencyKey: deliveryKey(request.campaignId, contactId, 'offer', channel),
      campaignId: request.campaignId,
      contactId,
      step: 'offer',
      template: 'inspection-offer',
      data: { bookingCode, replyCard: { responseCode: bookingCode, replyUrl: replyUrl(deps.config.PUBLIC_BASE_URL, bookingCode) } },
    };
  };
  const letters: PieceRequest[] = [];
  const emails: { now: NonNullable<ReturnType<typeof contacts.get>>; piece: PieceRequest }[] = [];
  // As an owner's own run would: each channel the owner can receive a piece on now.
  for (const [id, now] of contacts) {
    if (reach(now, 'email').ok) emails.push({ now, piece: piece(id, 'email') });
    if (reach(now, 'post').ok) letters.push(piece(id, 'post'));
  }
  await eachLimited(emails, deps.config.GREETINGS_CONCURRENCY, async ({ now, piece }) => count(await sendEmail(deps, piece, { now })));
  if (letters.length) for (const r of await sendLetters(deps, letters, `${request.campaignId}-offer-after-${request.afterContactId}`)) count(r);
  return pieces;
}

/** Starts each contact's run by its business id; counts those already there. */
async function startRuns(deps: LaunchDeps, request: LaunchPageRequest, contactIds: number[], codes?: Map<number, string>): Promise<{ started: number; already: number }> {
  const tally = { started: 0, already: 0 };
  const client = { temporal: deps.temporal, pool: deps.pool, taskQueue: deps.taskQueue };
  const { campaignId, kind } = request;
  await eachLimited(contactIds, STARTS_IN_FLIGHT, async (contactId) => {
    const workflowId = contactWorkflowId(kind, campaignId, contactId);
    const common = { workflowId, taskQueue: deps.taskQueue, ...ONCE };
    const outcome = await startOnce(client, workflowId, () =>
      kind === 'inspection'
        ? deps.temporal.workflow.start(inspection, {
            ...common,
            args: [{ campaignId, contactId, ...request.offer!, offered: { bookingCode: codes!.get(contactId)! } }],
            typedSearchAttributes: campaignSearchAttributes(kind, campaignId, contactId, 'sent'),
          })
        : deps.temporal.workflow.start(leadRouting, {
            ...common,
            args: [{ campaignId, contactId, followUp: request.followUp }],
            typedSearchAttributes: campaignSearchAttributes(kind, campaignId, contactId, 'targeted'),
          }),
    );
    if (outcome === 'started') tally.started += 1;
    else tally.already += 1;
  });
  return tally;
}

export async function launchPage(deps: LaunchDeps, request: LaunchPageRequest, heartbeat: (details: unknown) => void = () => undefined): Promise<LaunchPageResult> {
  // Alive while it works, so a killed worker's page is retried within the heartbeat timeout.
  const alive = setInterval(() => heartbeat({ afterContactId: request.afterContactId }), 1000);
  try {
    return await launchOnePage(deps, request);
  } finally {
    clearInterval(alive);
  }
}

async function launchOnePage(deps: LaunchDeps, request: LaunchPageRequest): Promise<LaunchPageResult> {
  const { pool } = deps;
  const { campaignId } = request;
  const query = withSegment(sql('segment-contacts'), 2, request.segment);
  const { rows } = await pool.query<{ id: number }>(query.text, [request.afterContactId, request.pageSize, ...query.params]);
  const tally = emptyTally();
  const lastContactId = rows.at(-1)?.id ?? null;
  if (lastContactId === null) return { lastContactId, ...tally };
  tally.audience = rows.length;

  const { treated, heldOut } = await drawHoldout(pool, campaignId, rows.map((r) => r.id), request.holdoutShare);
  tally.heldOut = heldOut.length;
  // Contacts whose runs have moved on are in the campaign already: nothing to write or start.
  const inCampaign = new Set((await pool.query<{ contact_id: number }>(sql('launch-in-campaign'), [campaignId, treated])).rows.map((r) => r.contact_id));
  let fresh = treated.filter((id) => !inCampaign.has(id));
  tally.already = inCampaign.size;

  let codes: Map<number, string> | undefined;
  if (request.kind === 'inspection' && fresh.length) {
    // Owners whose centre has no free slot are offered nothing, before anything is sent.
    const plan = await planInspectionOffers(pool, campaignId, fresh, deps.clock?.now() ?? new Date());
    await recordOffers(pool, campaignId, plan);
    tally.notOffered = notOfferedOf(plan);
    fresh = plan.offered.map((o) => o.contactId);
  }
  if (fresh.length === 0) return { lastContactId, ...tally };
  await pool.query(sql('target-contacts'), [campaignId, fresh]);
  if (request.kind === 'inspection') {
    codes = await bookingCodes(deps, campaignId, fresh);
    tally.pieces = await sendOffers(deps, request, codes);
  }
  const runs = await startRuns(deps, request, fresh, codes);
  tally.started = runs.started;
  tally.already += runs.already;
  if (request.kind === 'inspection') await pool.query(sql('record-page-sent'), [campaignId, fresh]);
  return { lastContactId, ...tally };
}

export function createLaunchActivities(deps: LaunchDeps): LaunchActivities {
  return {
    /** Keys: each piece's delivery key and each run's workflow id; a retried page repeats nothing; heartbeats. */
    launchPage: (request) => launchPage(deps, request, activityHeartbeat),
  };
}
