/**
 * One customer as every department should see them: who they are and how they may be reached now,
 * the campaigns they are in, what was sent, failed or skipped and why, their replies, bookings and
 * calls, and the workflows running for them. "We know nothing about it" is never an answer.
 */
import type { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time.js';
import { reach, readContact } from '../activities/contacts.js';
import type { Channel } from '../activities/types.js';
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';
import { consentHistory, type ConsentChange } from './suppressions.js';
import { normaliseEmail, normalisePhone } from '../import/normalise.js';
import { CampaignIdKey, CampaignStageKey, ContactIdKey } from '../lib/temporal-names.js';

/** How many of the latest pieces the view lists. */
export const LATEST_PIECES = 20;

export interface ContactView {
  id: number;
  name: string;
  stage: string;
  heat: string | null;
  tier: string;
  language: string;
  timeZone: string;
  sourceCode: string | null;
  /** Each channel: reachable now, or why not (consent, address, suppression), by the sends' own rule. */
  channels: Record<Channel, { reachable: true } | { reachable: false; reason: string }>;
  campaigns: { campaignId: string; kind: string | null; stage: string | null; endReason: string | null; updatedAt: Date }[];
  pieces: { campaignId: string; step: string; channel: string; status: string; reason: string | null; at: Date }[];
  replies: { campaignId: string; answers: unknown; channel: string | null; repliedAt: Date }[];
  bookings: { id: number; campaignId: string; status: string; attendance: string | null; startsAt: Date; serviceCentre: string }[];
  calls: { campaignId: string; purpose: string; attempt: number; windowStart: Date; outcome: string | null; notes: string | null }[];
  /** Every consent change: when, on which channel, what, how and by whom. */
  consent: ConsentChange[];
}

/**
 * The contacts a caller may mean by what they give: a contact id (up to nine digits), an e-mail
 * address, or a phone number in any of the forms the list import accepts. Several for a shared
 * number; none for an unknown one. Undefined when it is none of the three.
 */
export async function findContacts(pool: Pool, key: string): Promise<{ id: number; name: string }[] | undefined> {
  const text = key.trim();
  if (/^\d{1,9}$/.test(text)) {
    const { rows } = await pool.query<{ id: number; name: string }>(sql('contact-by-id'), [Number(text)]);
    return rows.map((r) => ({ id: r.id, name: r.name }));
  }
  const email = text.includes('@') ? normaliseEmail(text) : null;
  if (email) return (await pool.query<{ id: number; name: string }>(sql('contacts-by-email'), [email])).rows;
  const phone = normalisePhone(text);
  if (phone) return (await pool.query<{ id: number; name: string }>(sql('contacts-by-phone'), [phone])).rows;
  return undefined;
}

/** What Postgres holds for a contact, or undefined for an unknown one. */
export async function readContactView(pool: Pool, contactId: number): Promise<ContactView | undefined> {
  const now = await readContact(pool, contactId);
  if (!now) return undefined;
  const [campaigns, pieces, replies, bookings, calls, consent] = await Promise.all([
    pool.query(sql('contact-campaigns'), [contactId]),
    pool.query(sql('contact-pieces'), [contactId, LATEST_PIECES]),
    pool.query(sql('contact-replies'), [contactId]),
    pool.query(sql('contact-bookings'), [contactId]),
    pool.query(sql('contact-calls'), [contactId]),
    consentHistory(pool, contactId),
  ]);
  const c = now.contact;
  const channels = {} as ContactView['channels'];
  for (const channel of ['email', 'post', 'phone'] as const) {
    const r = reach(now, channel);
    channels[channel] = r.ok ? { reachable: true } : { reachable: false, reason: r.reason };
  }
  return {
    id: c.id,
    name: c.name,
    stage: c.stage,
    heat: c.heat,
    tier: c.tier,
    language: c.language,
    timeZone: c.time_zone,
    sourceCode: c.source_code,
    channels,
    campaigns: campaigns.rows.map((r) => ({ campaignId: r.campaign_id, kind: r.kind, stage: r.stage, endReason: r.end_reason, updatedAt: r.updated_at })),
    pieces: pieces.rows.map((r) => ({ campaignId: r.campaign_id, step: r.step, channel: r.channel, status: r.status, reason: r.reason, at: r.at })),
    replies: replies.rows.map((r) => ({ campaignId: r.campaign_id, answers: r.answers, channel: r.channel, repliedAt: r.replied_at })),
    bookings: bookings.rows.map((r) => ({ id: r.id, campaignId: r.campaign_id, status: r.status, attendance: r.attendance, startsAt: r.starts_at, serviceCentre: r.service_centre })),
    calls: calls.rows.map((r) => ({ campaignId: r.campaign_id, purpose: r.purpose, attempt: r.attempt, windowStart: r.window_start, outcome: r.outcome, notes: r.notes })),
    consent,
  };
}

/** An activity of a run that has failed and waits to be tried again: why a run stands still. */
export interface RetryingActivity {
  activity: string;
  attempt: number;
  lastFailure: string | undefined;
  nextAttemptAt: Date | undefined;
}

export interface RunningForContact {
  workflowId: string;
  workflowType: string;
  campaignId: string | undefined;
  stage: string | undefined;
  startTime: Date;
  retrying: RetryingActivity[];
}

/**
 * The workflows running for a contact now, from visibility (its ContactId search attribute), each
 * with the activities it is retrying (from describing it: a contact has a handful of runs).
 */
export async function runningForContact(temporal: Client, contactId: number): Promise<RunningForContact[]> {
  const query = `${ContactIdKey.name} = ${contactId} AND ExecutionStatus = 'Running'`;
  const runs = [];
  for await (const run of temporal.workflow.list({ query })) runs.push(run);
  // One describe per run, all at once.
  return Promise.all(
    runs.map(async (run) => ({
      workflowId: run.workflowId,
      workflowType: run.type,
      campaignId: run.typedSearchAttributes.get(CampaignIdKey),
      stage: run.typedSearchAttributes.get(CampaignStageKey),
      startTime: run.startTime,
      retrying: await retryingActivities(temporal, run.workflowId, run.runId),
    })),
  );
}

async function retryingActivities(temporal: Client, workflowId: string, runId: string): Promise<RetryingActivity[]> {
  const { raw } = await temporal.workflow.getHandle(workflowId, runId).describe();
  return (raw.pendingActivities ?? [])
    .filter((a) => (a.attempt ?? 1) > 1 || a.lastFailure)
    .map((a) => {
      const next = optionalTsToMs(a.nextAttemptScheduleTime);
      return {
        activity: a.activityType?.name ?? 'unknown activity',
        attempt: a.attempt ?? 1,
        lastFailure: a.lastFailure?.message ?? undefined,
        nextAttemptAt: next === undefined ? undefined : new Date(next),
      };
    });
}
