/**
 * Running a campaign definition: its audience drawn through the segment, its holdout drawn
 * stably and recorded, its settings and offer details stored with the campaign record, and the
 * kind's workflows started by business key (starting twice starts nothing new).
 */
import type { Pool } from '../db/pool.js';
import type { Segment } from '../db/segment.js';
import type { FollowUpSettings } from '../workflows/support/settings.js';
import type { CampaignDefinition, LeadsDefinition } from './definition-schema.js';
import type { StoredDefinition } from './definitions.js';
import type { LaunchTally } from '../activities/types.js';
import type { LaunchProgress } from '../workflows/campaign-launch.js';
import { launchWorkflowId } from '../lib/temporal-names.js';
import { launchCampaign, startLaunch, type LaunchRequest } from './launch.js';
import { registerCampaign, startGreetings, type CampaignClient } from './start.js';

/** The contacts a definition reaches: its audience within the kind's part of the file. */
export function audienceOf(definition: CampaignDefinition, sampleContacts = false): Segment {
  const stage = definition.kind === 'leads' ? 'prospect' : 'owner';
  return { ...definition.audience, stage, withVehicle: definition.kind === 'inspection', sampleContacts };
}

/** YYYY-MM-DD of a MM-DD day: this year's, or next year's when it has passed by `runDate`. */
function fillDay(day: string, runDate: string, notBefore?: string): string {
  if (day.length === 10) return day;
  let year = Number(runDate.slice(0, 4));
  let full = `${year}-${day}`;
  const floor = notBefore && notBefore > runDate ? notBefore : runDate;
  while (full < floor) full = `${++year}-${day}`;
  return full;
}

/**
 * The definition with its yearly dates (MM-DD) filled in for a run on `runDate`: the RSVP date
 * first, then the trip starting after it and ending after it starts.
 */
export function forRunDate(definition: CampaignDefinition, runDate: string): CampaignDefinition {
  if (definition.kind !== 'greetings' || !definition.trip) return definition;
  const rsvpBy = fillDay(definition.trip.rsvpBy, runDate);
  const startsOn = fillDay(definition.trip.startsOn, runDate, rsvpBy);
  const endsOn = fillDay(definition.trip.endsOn, runDate, startsOn);
  return { ...definition, trip: { ...definition.trip, rsvpBy, startsOn, endsOn } };
}

/** Whether any yearly (MM-DD) date is left to fill: such a definition runs only by schedule or with a run date. */
export function hasYearlyDates(definition: CampaignDefinition): boolean {
  return definition.kind === 'greetings' && !!definition.trip && [definition.trip.rsvpBy, definition.trip.startsOn, definition.trip.endsOn].some((d) => d.length === 5);
}

/** A lead definition's follow-up: the reply window, then the calls. */
function followUpOf(definition: LeadsDefinition): FollowUpSettings {
  return { replyWindow: definition.replyWindow, callingHours: definition.calls.hours, callAttempts: definition.calls.attempts, outcomeGrace: definition.calls.outcomeGrace };
}

/** Records the campaign, with the definition's version, names and offer details, once. */
async function registerFromDefinition(pool: Pool, campaignId: string, stored: StoredDefinition, definition: CampaignDefinition): Promise<void> {
  const kind = definition.kind === 'leads' ? 'lead-routing' : definition.kind;
  const offer = definition.kind === 'greetings' ? { occasion: definition.occasion, trip: definition.trip, gift: definition.gift } : {};
  const settings = definition.kind === 'leads' ? { followUp: followUpOf(definition) } : {};
  await registerCampaign(pool, { id: campaignId, kind, name: definition.name['zh-CN'], params: { names: definition.name, sender: definition.sender, holdout: definition.holdout, ...offer, ...settings } }, []);
  // The first start decides the version a campaign runs; a later start of an edited definition
  // finds the campaign and keeps it.
  await pool.query(
    `UPDATE campaigns SET definition_id = $2, definition_version = $3, display_names = $4 WHERE id = $1 AND definition_id IS NULL`,
    [campaignId, stored.id, stored.version, definition.name],
  );
}

export interface DefinitionStart {
  campaignId: string;
  version: number;
  /** Runs started: a broadcast's one, or each contact's. */
  started: number;
  /** Runs already there (open or ended): left alone. */
  already: number;
  /** Per-contact kinds: contacts held out; a broadcast holds out page by page. */
  heldOut?: number;
  /** Inspection: owners not offered anything, and why. */
  notOffered?: { count: number; reason: string };
  /** Inspection: the offers the launch wrote. */
  pieces?: LaunchTally['pieces'];
  /** Per-contact kinds: the launch's workflow id. */
  launch?: string;
  /** A launch returned before it finished: the counts are not known yet. */
  underWay?: boolean;
}

export interface StartDefinitionOptions {
  /** Default: the definition's id. A schedule names each year's campaign. */
  campaignId?: string;
  /** The day the run is for (fills yearly dates); default today in the programme's zone. */
  runDate: string;
  sampleContacts?: boolean;
  /** Per-contact kinds: the launch's progress while the caller waits. */
  onProgress?: (progress: LaunchProgress) => void;
  /**
   * Per-contact kinds: wait for the launch to finish (default), or return once it is under way
   * (a schedule's run; a CLI with no worker polling).
   */
  wait?: boolean;
}

/** Starts a checked definition (definition-check.ts decides whether it may start). */
export async function startDefinition(client: CampaignClient, stored: StoredDefinition, options: StartDefinitionOptions): Promise<DefinitionStart> {
  const definition = forRunDate(stored.definition, options.runDate);
  const campaignId = options.campaignId ?? definition.id;
  await registerFromDefinition(client.pool, campaignId, stored, definition);
  const base = { campaignId, version: stored.version };

  if (definition.kind === 'greetings') {
    const tally = await startGreetings(
      client,
      {
        campaignId,
        occasion: definition.occasion,
        step: campaignId,
        ratePerSecond: definition.sending.rate,
        pageSize: definition.sending.pageSize,
        errorThreshold: definition.sending.errorThreshold,
        segment: audienceOf(definition, options.sampleContacts),
        holdoutShare: definition.holdout,
        channels: definition.channels,
        onDate: definition.occasion === 'birthday' || definition.occasion === 'anniversary' ? options.runDate : undefined,
        sampleContacts: options.sampleContacts,
      },
      { trip: definition.trip, gift: definition.gift },
    );
    return { ...base, started: tally.started.length, already: tally.running.length + tally.finished.length };
  }

  const launch: LaunchRequest = {
    campaignId,
    kind: definition.kind === 'leads' ? 'lead-routing' : 'inspection',
    segment: audienceOf(definition, options.sampleContacts),
    holdoutShare: definition.holdout,
    ...(definition.kind === 'leads'
      ? { followUp: followUpOf(definition) }
      : { offer: { offerPeriod: definition.offer.period, reminderBefore: definition.offer.reminderBefore, followUpAfter: definition.offer.followUpAfter } }),
  };
  if (options.wait === false) {
    return { ...base, started: 0, already: 0, launch: await startLaunch(client, launch), underWay: true };
  }
  const tally = await launchCampaign(client, launch, options.onProgress);
  const notOffered = Object.entries(tally.notOffered);
  return {
    ...base,
    launch: launchWorkflowId(campaignId),
    started: tally.started,
    already: tally.already,
    heldOut: tally.heldOut,
    ...(notOffered.length
      ? { notOffered: { count: notOffered.reduce((n, [, c]) => n + c, 0), reason: notOffered.map(([reason, n]) => `${reason} (${n} owner${n === 1 ? '' : 's'})`).join('; ') } }
      : {}),
    ...(definition.kind === 'inspection' ? { pieces: tally.pieces } : {}),
  };
}
