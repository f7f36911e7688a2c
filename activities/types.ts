/**
 * The activity contract: what workflows may ask of the outside world. Workflows import these
 * types only (never the implementations) and call them through proxyActivities.
 *
 * Every activity that sends takes an idempotency key that the workflow builds from the business
 * key (campaign, contact, step, channel). The activity claims that key in the deliveries table
 * under a unique constraint before sending, so a retry or a replay of the same key never sends
 * a second piece: it returns the recorded result instead.
 */
import type { Segment } from '../db/segment.js';
import type { FollowUpSettings } from '../workflows/support/settings.js';

export type Channel = 'email' | 'post' | 'phone';
export type Language = 'zh-CN' | 'en';
export type Tier = 'gold' | 'silver' | 'regular';
export type Heat = 'high' | 'low';
export type DeliveryStatus = 'queued' | 'sent' | 'failed' | 'skipped';

/** What a workflow needs to know of a contact; read fresh by an activity, never cached in the workflow. */
export interface ContactProfile {
  id: number;
  name: string;
  language: Language;
  /** IANA zone, e.g. Asia/Shanghai; calling hours are in this zone. */
  timeZone: string;
  heat: Heat | null;
  tier: Tier;
  stage: 'prospect' | 'owner';
  /** Channels the contact consents to, has an address for, and is not suppressed on, right now. */
  channels: Channel[];
}

/** The recorded result of one piece. `repeated` is true when the key had been claimed before. */
export interface DeliveryResult {
  deliveryId: number;
  status: DeliveryStatus;
  reason?: string;
  /** SMTP Message-ID, letter-shop piece id or call task id. */
  providerId?: string;
  repeated: boolean;
}

/** Identifies one piece: built in the workflow by `deliveryKey` in lib/delivery-key.ts. */
export interface PieceRequest {
  idempotencyKey: string;
  campaignId: string;
  contactId: number;
  /** The campaign step, e.g. 'pack', 'brochure', 'reminder'. */
  step: string;
  /** Template name under templates/, e.g. 'hot-lead-pack', 'greeting-gold'. */
  template: string;
  /** Extra template data, e.g. the reply card code or the booked slot. */
  data?: Record<string, unknown>;
}

export interface ReplyCard {
  responseCode: string;
  replyUrl: string;
}

export interface CallWindow {
  /** ISO instants bounding this attempt, inside calling hours in the contact's zone. */
  notBefore: string;
  notAfter: string;
}

export interface CallTaskRequest {
  idempotencyKey: string;
  campaignId: string;
  contactId: number;
  /** Which workflow the call outcome is signalled to. */
  workflowId: string;
  purpose: 'reply-follow-up' | 'test-drive-booking' | 'lost-customer-survey' | 'inspection-rebook';
  notes: string;
  attempt: number;
  window: CallWindow;
}

export type CallOutcome = 'reached-interested' | 'reached-refused' | 'no-answer';

export type SlotBooking =
  | { ok: true; bookingId: number; slotId: number; serviceCentre: string; startsAt: string }
  /**
   * full: no place left; unknown-slot: no such slot; past: it has begun; closed: the centre closed
   * it; other-centre: not at the service centre the owner's offer names.
   */
  | { ok: false; reason: 'full' | 'unknown-slot' | 'past' | 'closed' | 'other-centre' | 'already-booked' | 'not-booked' };

export interface GreetingsPageRequest {
  campaignId: string;
  occasion: 'christmas-new-year' | 'spring-festival' | 'birthday' | 'anniversary';
  /** The step of each owner's delivery key, e.g. 'greeting-2026'; one greeting per owner per step. */
  step: string;
  /** Keyset cursor: contacts with id greater than this; 0 for the first page. */
  afterContactId: number;
  pageSize: number;
  /** E-mails per second across the page; 0 means unthrottled. */
  ratePerSecond: number;
  /** Birthday and anniversary greetings: only owners whose day (month and day) is this date, YYYY-MM-DD. */
  onDate?: string;
  /** The bundled sample owners (npm start's demonstration) instead of the programme's own. */
  sampleContacts?: boolean;
  /** The campaign's audience within the owner file (tier, city, model, ...). */
  segment?: Segment;
  /** Share of owners held out (recorded, sent nothing), drawn stably per campaign and owner. */
  holdoutShare?: number;
  /** The channels the campaign uses, each as the owner consents; default both. */
  channels?: ('email' | 'post')[];
}

export interface GreetingsPageResult {
  /** The last contact id of the page, or null when no owner is left after the cursor. */
  lastContactId: number | null;
  sent: number;
  failed: number;
  skipped: number;
  /** Owners of the page in the campaign's holdout: recorded, sent nothing. */
  heldOut?: number;
  /** The page's failures by reason, most frequent first (a few at most). */
  failureReasons?: { reason: string; pieces: number }[];
}

export interface CampaignActivities {
  /** Reads a contact with its channels as of now. Not found is non-retryable. */
  loadContact(contactId: number): Promise<ContactProfile>;
  /** Issues (or returns the already issued) reply card for a campaign and contact. */
  issueReplyCard(campaignId: string, contactId: number): Promise<ReplyCard>;
  /** Renders and sends one e-mail once per key; consent and suppression are checked at send time. */
  sendEmailPiece(piece: PieceRequest): Promise<DeliveryResult>;
  /** Renders one print piece once per key and hands it to the letter shop. */
  sendLetterPiece(piece: PieceRequest): Promise<DeliveryResult>;
  /** Creates one call task once per key at the call centre. */
  createCallTask(task: CallTaskRequest): Promise<DeliveryResult>;
  /** Records where a contact stands in a campaign's funnel, with the reason of an end state. */
  recordStage(campaignId: string, contactId: number, stage: string, reason?: string): Promise<void>;
  /** Books a slot for an owner; capacity is enforced by the database. */
  bookInspectionSlot(campaignId: string, contactId: number, slotId: number): Promise<SlotBooking>;
  /** Cancels the owner's booking in this campaign, freeing its place. */
  cancelInspectionBooking(campaignId: string, contactId: number): Promise<SlotBooking>;
  /** Whether the owner came to the booked inspection, as the service centre recorded it. */
  inspectionAttendance(bookingId: number): Promise<'came' | 'no-show' | 'unknown'>;
  /** How many owners a greetings broadcast targets (the owner file as of now; on a date for birthdays). */
  countGreetingsRecipients(occasion: GreetingsPageRequest['occasion'], onDate?: string, sampleContacts?: boolean, segment?: Segment): Promise<number>;
  /** Re-sends one failed e-mail or letter under its own key; a piece not failed is left as it is. */
  replayDelivery(deliveryId: number): Promise<DeliveryResult>;
  /** Sends one keyset page of greetings, heartbeating progress; each piece once per owner. */
  sendGreetingsPage(page: GreetingsPageRequest): Promise<GreetingsPageResult>;
}

/** Activities that administer campaigns rather than send: used by seasonal runs. */
export interface AdminActivities {
  /** Creates the campaign record once (a seasonal run names its campaign from its date). */
  registerCampaign(campaignId: string, kind: string, params: Record<string, unknown>): Promise<void>;
  /** Starts the inspection offer for every owner, once each (ids from campaign and owner). */
  startInspectionForOwners(campaignId: string, offerPeriod: string): Promise<{ started: number; running: number; finished: number }>;
  /**
   * Checks and starts a defined campaign for a scheduled run: names the run's campaign from the
   * definition and the day, fills its yearly dates, and starts it only when the check passes (a
   * failed check is non-retryable and starts nothing, so the campaign's id stays free).
   */
  startDefinedCampaign(request: DefinedRunRequest): Promise<DefinedRunResult>;
}

export interface DefinedRunRequest {
  definitionId: string;
  /** Yearly runs name their campaign <definition>-<year>; daily ones <definition>-<date>. */
  period: 'year' | 'day';
  /** The zone whose calendar day the run is for. */
  timeZone: string;
}

export interface DefinedRunResult {
  campaignId: string;
  version: number;
  started: number;
  /** Runs already there (open or ended): left alone. */
  already: number;
  heldOut?: number;
  /** A per-contact campaign: the workflow id of its launch, which goes on by itself. */
  launch?: string;
  /** A daily run with nobody to greet that day: nothing started. */
  nobodyToday?: boolean;
}

/** One page of a per-contact campaign's launch (workflows/campaign-launch.ts). */
export interface LaunchPageRequest {
  campaignId: string;
  kind: 'inspection' | 'lead-routing';
  /** The campaign's audience; paged by contact id after the cursor. */
  segment: Segment;
  holdoutShare: number;
  /** Keyset cursor: contacts with id greater than this; 0 for the first page. */
  afterContactId: number;
  pageSize: number;
  /** Inspection: the offer's settings, as each owner's run takes them. */
  offer?: { offerPeriod: string; reminderBefore: string; followUpAfter: string };
  /** Leads: the follow-up each prospect's run takes. */
  followUp?: FollowUpSettings;
}

export interface LaunchTally {
  /** Contacts of the audience read so far. */
  audience: number;
  heldOut: number;
  /** Runs started by this launch. */
  started: number;
  /** Contacts already in the campaign (a run open or ended): left alone. */
  already: number;
  /** Inspection: owners not offered, by reason (no free slot at their centre, no centre). */
  notOffered: Record<string, number>;
  /** Inspection: offer pieces recorded by this launch's pages. */
  pieces: { sent: number; failed: number; skipped: number };
}

export interface LaunchPageResult extends LaunchTally {
  /** The last contact id of the page, or null when the audience is exhausted. */
  lastContactId: number | null;
}

/** Activities that launch per-contact campaigns page by page, with the Temporal client. */
export interface LaunchActivities {
  /**
   * Reads a page of the audience, draws its holdout, writes the inspection offers of the page
   * (each under its delivery key) and starts each contact's run by its business id.
   */
  launchPage(request: LaunchPageRequest): Promise<LaunchPageResult>;
}

/** Everything the worker registers. */
export type AllActivities = CampaignActivities & AdminActivities & LaunchActivities;
