/**
 * The check a definition must pass before it starts (and what `--dry-run` prints): the audience
 * counted per channel and variant (tier x language x channel), every variant rendered with a
 * real contact of that variant through the same context the activities build, what will be
 * skipped and why, and for an inspection every owner's centre with a free slot. Sends and
 * records nothing.
 */
import { greetingTemplate, occasionFor, type CampaignParams } from '../activities/greetings.js';
import { readContacts, reach, type ContactNow } from '../activities/contacts.js';
import { buildPieceContext, defaultSender } from '../activities/piece-context.js';
import type { Pool } from '../db/pool.js';
import { isHeldOut } from '../lib/holdout.js';
import type { LinkSettings } from '../lib/customer-links.js';
import { replyUrl, unsubscribeUrl } from '../lib/public-urls.js';
import type { PieceContext } from '../render/types.js';
import type { CampaignDefinition } from './definition-schema.js';
import { audienceOf, forRunDate } from './definition-start.js';
import { notOfferedCount, notOfferedText, planInspectionOffers } from './inspection-offers.js';
import { segmentContactIds } from './segment.js';
import { validateCampaignTemplates } from './templates.js';

export interface VariantCheck {
  template: string;
  tier: string;
  language: string;
  channel: 'email' | 'post';
  contacts: number;
  /** The real contact it was rendered with. */
  contactId: number;
  problem?: string;
}

export interface DefinitionCheck {
  campaignId: string;
  kind: CampaignDefinition['kind'];
  /** The contacts the audience holds now. */
  audience: number;
  heldOut: number;
  /** Contacts who will get at least one piece. */
  reached: number;
  pieces: { email: number; post: number };
  variants: VariantCheck[];
  /** Contacts (or their channels) that get nothing, by reason. */
  skipped: { reason: string; contacts: number }[];
  /** Problems that stop the start; empty when it may start. */
  problems: string[];
}

const PAGE = 1000;
/** Stands in for the code a reply card or booking gets when the campaign issues it. */
const CHECK_CODE = 'CHECK-CODE';

function templateFor(definition: CampaignDefinition, c: ContactNow['contact']): string {
  if (definition.kind === 'greetings') return greetingTemplate(definition.occasion, c.tier);
  if (definition.kind === 'inspection') return 'inspection-offer';
  return c.heat === 'high' ? 'hot-lead-pack' : 'brochure';
}

/** A greetings run on a day greets only the owners whose day it is. */
function onTheDay(definition: CampaignDefinition, c: ContactNow['contact'], runDate: string): boolean {
  if (definition.kind !== 'greetings') return true;
  const day = definition.occasion === 'birthday' ? c.birthday : definition.occasion === 'anniversary' ? c.wedding_anniversary : null;
  return definition.occasion !== 'birthday' && definition.occasion !== 'anniversary' ? true : day?.slice(5) === runDate.slice(5);
}

/** The channels a contact's piece goes by, as the activities decide; with why a channel is not used. */
function channelsOf(definition: CampaignDefinition, now: ContactNow): { use: ('email' | 'post')[]; skipped: string[] } {
  const allowed = definition.kind === 'greetings' ? definition.channels : ['email', 'post'];
  const use: ('email' | 'post')[] = [];
  const skipped: string[] = [];
  for (const channel of ['email', 'post'] as const) {
    const consented = channel === 'email' ? now.contact.consent_email : now.contact.consent_post;
    if (!allowed.includes(channel) || !consented) continue;
    const r = reach(now, channel);
    if (r.ok) use.push(channel);
    else skipped.push(`${channel}: ${r.reason}`);
  }
  if (use.length === 0 && skipped.length === 0) skipped.push('no consent for a channel the campaign uses');
  return { use, skipped };
}

/** The links a piece carries are built as the sends build them. */
type CheckSettings = LinkSettings;

async function renderVariant(pool: Pool, config: CheckSettings, definition: CampaignDefinition, campaignId: string, now: ContactNow, template: string, channel: 'email' | 'post', runDate: string): Promise<string | undefined> {
  const render = await import('../render/index.js');
  const c = now.contact;
  try {
    const data: Record<string, unknown> = {};
    // The card (a pack's reply card, an offer's booking code) is issued when the piece goes out.
    if (template === 'hot-lead-pack' || definition.kind === 'inspection') data.replyCard = { responseCode: CHECK_CODE, replyUrl: replyUrl(config.PUBLIC_BASE_URL, CHECK_CODE) };
    if (definition.kind === 'inspection') data.bookingCode = CHECK_CODE;
    const context: PieceContext = await buildPieceContext({ pool, contact: c, campaignId, baseUrl: config.PUBLIC_BASE_URL, linkSecret: config.CUSTOMER_LINK_SECRET, sender: defaultSender, now: new Date(), data });
    context.campaign = { ...context.campaign, name: definition.name[c.language] };
    if (definition.kind === 'greetings') {
      const params: CampaignParams = { trip: definition.trip, gift: definition.gift };
      context.occasion = await occasionFor({ pool, config }, { occasion: definition.occasion, campaignId }, c, params, runDate);
    }
    if (channel === 'email') await render.renderEmail(template, { ...context, unsubscribeUrl: unsubscribeUrl(config.PUBLIC_BASE_URL, CHECK_CODE) });
    else await render.renderPrintPiece({ pieceId: `check-${template}-${c.id}`, template, context });
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export interface CheckOptions {
  campaignId?: string;
  runDate: string;
  sampleContacts?: boolean;
}

/** Checks a definition against the contact file as it is now. */
export async function checkDefinition(pool: Pool, config: CheckSettings, stored: CampaignDefinition, options: CheckOptions): Promise<DefinitionCheck> {
  const definition = forRunDate(stored, options.runDate);
  const campaignId = options.campaignId ?? definition.id;
  const problems = (await validateCampaignTemplates(definition.kind)).map((e) => `template ${e}`);
  const ids = await segmentContactIds(pool, audienceOf(definition, options.sampleContacts));

  const variants = new Map<string, { template: string; tier: string; language: string; channel: 'email' | 'post'; contacts: number; sample: ContactNow }>();
  const skipped = new Map<string, number>();
  const pieces = { email: 0, post: 0 };
  let audience = 0;
  let heldOut = 0;
  let reached = 0;
  const treated: ContactNow[] = [];
  for (let i = 0; i < ids.length; i += PAGE) {
    for (const now of (await readContacts(pool, ids.slice(i, i + PAGE))).values()) {
      if (!onTheDay(definition, now.contact, options.runDate)) continue;
      audience++;
      if (isHeldOut(campaignId, now.contact.id, definition.holdout)) heldOut++;
      else treated.push(now);
    }
  }
  if (audience === 0) problems.push('the audience holds no contacts: check audience (and, for a daily greeting, the run date)');

  // An inspection offers only owners whose centre has a free slot: the others get nothing.
  let sendTo = treated;
  if (definition.kind === 'inspection' && treated.length) {
    const plan = await planInspectionOffers(pool, campaignId, treated.map((t) => t.contact.id));
    const count = notOfferedCount(plan);
    if (count) skipped.set(`not offered: ${notOfferedText(plan)}`, count);
    if (plan.offered.length === 0) {
      const fix = [plan.withoutSlot.length ? 'create slots (campaign slots create)' : '', plan.noCentre.length ? 'import the service centres the owner file names (campaign import --as service-centres)' : '']
        .filter(Boolean)
        .join(', or ');
      problems.push(`no owner can be offered a slot: ${notOfferedText(plan)}; ${fix}`);
    }
    const offered = new Set(plan.offered.map((o) => o.contactId));
    sendTo = treated.filter((t) => offered.has(t.contact.id));
  }

  for (const now of sendTo) {
    const { use, skipped: why } = channelsOf(definition, now);
    for (const reason of why) skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
    if (use.length) reached++;
    const template = templateFor(definition, now.contact);
    for (const channel of use) {
      pieces[channel]++;
      const key = `${template}|${now.contact.language}|${channel}`;
      const variant = variants.get(key) ?? { template, tier: now.contact.tier, language: now.contact.language, channel, contacts: 0, sample: now };
      variant.contacts++;
      variants.set(key, variant);
    }
  }

  const checked: VariantCheck[] = [];
  for (const v of variants.values()) {
    const problem = await renderVariant(pool, config, definition, campaignId, v.sample, v.template, v.channel, options.runDate);
    if (problem) problems.push(`${v.template} (${v.language}, ${v.channel}) with contact ${v.sample.contact.id}: ${problem}`);
    checked.push({ template: v.template, tier: v.tier, language: v.language, channel: v.channel, contacts: v.contacts, contactId: v.sample.contact.id, ...(problem ? { problem } : {}) });
  }
  checked.sort((a, b) => a.template.localeCompare(b.template) || a.language.localeCompare(b.language) || a.channel.localeCompare(b.channel));
  return {
    campaignId,
    kind: definition.kind,
    audience,
    heldOut,
    reached,
    pieces,
    variants: checked,
    skipped: [...skipped].map(([reason, contacts]) => ({ reason, contacts })).sort((a, b) => b.contacts - a.contacts),
    problems,
  };
}
