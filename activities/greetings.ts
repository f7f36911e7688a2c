/**
 * One keyset page of a greetings broadcast: owners after the cursor in id order, each greeted by
 * e-mail and/or letter as they consent, under one key per owner, step and channel. E-mails go
 * through the pooled mailer with bounded concurrency and an optional rate; the page's letters go
 * to the letter shop as one print job. Counts are returned only after every piece is recorded.
 */
import { rsvpLink } from '../lib/customer-links.js';
import { sql } from '../db/queries.js';
import { springFestivalDate } from '../lib/lunar-calendar.js';
import { drawHoldout } from '../db/holdouts.js';
import { withSegment, type Segment } from '../db/segment.js';
import { deliveryKey } from '../lib/delivery-key.js';
import { failureKind } from '../lib/failure-reason.js';
import type { Occasion } from '../render/types.js';
import { giftFor, tripFor, type StoredGift, type StoredTrip } from './offer-details.js';
import { reach, readContacts, type ContactRow } from './contacts.js';
import { claimDeliveries, finishDelivery, groupCommit, leaseKeeper, leaseSeconds } from './delivery-record.js';
import type { ActivityDeps } from './deps.js';
import { eachLimited } from './each-limited.js';
import { TransientSendError } from './errors.js';
import { greetingContext, defaultSender, readPageParts } from './piece-context.js';
import { sendEmail } from './send-email.js';
import { sendLetters } from './send-letter.js';
import type { DeliveryResult, GreetingsPageRequest, GreetingsPageResult, PieceRequest, Tier } from './types.js';

/**
 * The template of a greeting: the holidays have a variant per tier (gold: the owners' trip,
 * silver: the gift, regular: a card); birthdays and anniversaries have one.
 */
export function greetingTemplate(occasion: GreetingsPageRequest['occasion'], tier: Tier): string {
  return occasion === 'birthday' || occasion === 'anniversary' ? `greeting-${occasion}` : `greeting-${occasion}-${tier}`;
}


/** Calendar date (YYYY-MM-DD) of an instant in a zone. */
export function dateIn(zone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Pauses between sends so the page keeps to `ratePerSecond` (0: no pause). */
function pacer(ratePerSecond: number): () => Promise<void> {
  if (ratePerSecond <= 0) return async () => undefined;
  const gap = 1000 / ratePerSecond;
  let next = Date.now();
  return async () => {
    const wait = next - Date.now();
    next = Math.max(next, Date.now()) + gap;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };
}


export interface CampaignParams {
  trip?: StoredTrip;
  gift?: StoredGift;
}

/** The occasion a greeting names for one owner: its date, the years married, the trip or the gift. */
export async function occasionFor(
  deps: { pool: ActivityDeps['pool']; config: Pick<ActivityDeps['config'], 'PUBLIC_BASE_URL' | 'CUSTOMER_LINK_SECRET'> },
  page: Pick<GreetingsPageRequest, 'occasion' | 'campaignId'>,
  c: ContactRow,
  params: CampaignParams,
  today: string,
): Promise<Occasion> {
  const year = Number(today.slice(0, 4));
  let date = today;
  let years: number | null = null;
  let partner: Occasion['partner'] = null;
  let greetedYear = year;
  if (page.occasion === 'christmas-new-year') {
    greetedYear = today.slice(5, 7) === '12' ? year + 1 : year;
    date = `${greetedYear}-01-01`;
  } else if (page.occasion === 'spring-festival') {
    greetedYear = today > springFestivalDate(year) ? year + 1 : year;
    date = springFestivalDate(greetedYear);
  } else if (page.occasion === 'anniversary' && c.wedding_anniversary) {
    years = year - Number(c.wedding_anniversary.slice(0, 4));
    if (c.household_id) {
      const p = (await deps.pool.query<{ name: string; title: string | null }>(sql('household-partner'), [c.household_id, c.id])).rows[0];
      partner = p ? { name: p.name, title: null } : null;
    }
  }
  return {
    kind: page.occasion,
    year: greetedYear,
    date,
    years,
    partner,
    // Each gold owner answers the trip on a page of their own: the RSVP link is theirs alone.
    trip: c.tier === 'gold' ? tripFor(params.trip, c.language, rsvpLink(deps.config, page.campaignId, c.id)) : null,
    gift: c.tier === 'silver' ? giftFor(params.gift, c.language) : null,
  };
}

function greetingDay(deps: ActivityDeps, onDate?: string): string {
  return onDate ?? dateIn('Asia/Shanghai', deps.clock?.now() ?? new Date());
}

/** The page query with the campaign's segment in it; its parameters follow the five of the page. */
function greetingsPageQuery(segment: Segment | undefined): { text: string; params: unknown[] } {
  return withSegment(sql('greetings-page'), 5, segment);
}

/** Owners a broadcast targets now, with the same filter as the pages (held-out owners included). */
export async function countGreetingsRecipients(
  deps: ActivityDeps,
  occasion: GreetingsPageRequest['occasion'],
  onDate?: string,
  sampleContacts = false,
  segment?: Segment,
): Promise<number> {
  const day = greetingDay(deps, onDate);
  // Counted over the pages' own query, so the count and the pages can never disagree.
  const query = greetingsPageQuery(segment);
  const { rows } = await deps.pool.query<{ owners: number }>(`SELECT count(*)::int AS owners FROM (${query.text.replace(/;\s*$/, '')}) AS page`, [
    0,
    null,
    occasion,
    day.slice(5),
    sampleContacts,
    ...query.params,
  ]);
  return rows[0]?.owners ?? 0;
}

/** The most frequent failure reasons of a page's results, for a pause that says why. */
function topReasons(results: DeliveryResult[]): { reason: string; pieces: number }[] {
  const byReason = new Map<string, number>();
  for (const r of results) {
    if (r.status !== 'failed') continue;
    const reason = failureKind(r.reason);
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  return [...byReason].map(([reason, pieces]) => ({ reason, pieces })).sort((a, b) => b.pieces - a.pieces).slice(0, 3);
}

export async function sendGreetingsPage(
  deps: ActivityDeps,
  page: GreetingsPageRequest,
  heartbeat: (details: unknown) => void = () => undefined,
): Promise<GreetingsPageResult> {
  // Birthdays and anniversaries: on the day the workflow names, else today on the programme's
  // calendar (China Standard Time).
  const today = greetingDay(deps, page.onDate);
  const query = greetingsPageQuery(page.segment);
  const found = await deps.pool.query<{ id: number }>(query.text, [page.afterContactId, page.pageSize, page.occasion, today.slice(5), page.sampleContacts ?? false, ...query.params]);
  const lastContactId = found.rows.at(-1)?.id ?? null;
  const totals = { sent: 0, failed: 0, skipped: 0 };
  if (lastContactId === null) return { lastContactId, ...totals };
  const { treated: ids } = await drawHoldout(deps.pool, page.campaignId, found.rows.map((r) => r.id), page.holdoutShare ?? 0);
  const heldOut = found.rows.length - ids.length;
  if (ids.length === 0) return { lastContactId, ...totals, heldOut };
  const rows = ids.map((id) => ({ id }));

  // The page is read at once, moments before its sends: contacts with their suppressions, each
  // owner's car, the campaign. Each send still claims its own key first.
  const [campaign, contacts, parts] = await Promise.all([
    deps.pool.query<{ params: CampaignParams }>(sql('campaign-for-context'), [page.campaignId]),
    readContacts(deps.pool, ids),
    readPageParts(deps.pool, page.campaignId, ids, page.occasion),
  ]);
  const params = campaign.rows[0]?.params ?? {};
  const sender = deps.sender ?? defaultSender;
  const results: DeliveryResult[] = [];
  const count = (r: DeliveryResult): void => {
    results.push(r);
    if (r.status === 'sent') totals.sent += 1;
    else if (r.status === 'failed') totals.failed += 1;
    else if (r.status === 'skipped') totals.skipped += 1;
  };
  const piece = (c: ContactRow, channel: 'email' | 'post', occasion: Occasion): PieceRequest => ({
    idempotencyKey: deliveryKey(page.campaignId, c.id, page.step, channel),
    campaignId: page.campaignId,
    contactId: c.id,
    step: page.step,
    template: greetingTemplate(page.occasion, c.tier),
    data: { occasion },
  });

  // Each owner's occasion, then every e-mail key of the page claimed in one statement.
  const occasions = new Map<number, Occasion>();
  for (const { id } of rows) {
    const current = contacts.get(id);
    if (current) occasions.set(id, await occasionFor(deps, page, current.contact, params, today));
  }
  // A channel the owner consented to but cannot receive now is still claimed and recorded as
  // skipped by the send; an owner with no channel at all gets one skipped record saying why.
  const channels = page.channels ?? ['email', 'post'];
  const wantsEmail = (c: ContactRow): boolean => channels.includes('email') && (c.consent_email || !c.consent_post || !channels.includes('post'));
  const emailPieces = new Map<number, PieceRequest>();
  for (const [id, occasion] of occasions) {
    const contact = contacts.get(id)!.contact;
    if (wantsEmail(contact)) emailPieces.set(id, piece(contact, 'email', occasion));
  }
  const lease = leaseSeconds(deps);
  const claims = await claimDeliveries(deps.pool, [...emailPieces.values()].map((p) => ({ ...p, channel: 'email' as const })), lease);
  // The page's pieces wait their turn for a connection, and a relay may take minutes to answer a
  // message's end: while this attempt lives it keeps holding them and tells Temporal so every
  // second (the SDK sends at most one heartbeat per 80% of the timeout), so no retry of the page
  // sends them meanwhile. A dead attempt goes quiet and its holds run out.
  const keeper = leaseKeeper(deps.pool, lease, deps.log);
  for (const claim of claims.values()) if (claim !== 'held' && claim.kind === 'claimed') keeper.hold(claim.deliveryId);

  const letters: PieceRequest[] = [];
  const finish = groupCommit(deps.pool);
  const pace = pacer(page.ratePerSecond);
  const gaveUp: TransientSendError[] = [];
  let emails = 0;
  let done = 0;
  const started = Date.now();
  const alive = setInterval(() => heartbeat({ afterContactId: page.afterContactId, done, of: rows.length }), 1000);
  try {
    await eachLimited(rows, deps.config.GREETINGS_CONCURRENCY, async ({ id }) => {
      const current = contacts.get(id);
      const occasion = occasions.get(id);
      if (!current || !occasion) return;
      const post = current.contact.consent_post && channels.includes('post');
      const emailPiece = emailPieces.get(id);
      if (emailPiece) {
        if (reach(current, 'email').ok) {
          emails += 1;
          await pace();
        }
        try {
          const context = greetingContext(current.contact, parts, sender, deps.clock?.now() ?? new Date(), occasion);
          // The page's claim serves the first try; a retry claims the key again on its own.
          let claim = claims.get(emailPiece.idempotencyKey);
          count(
            await sendWithRetries(() => {
              const first = claim;
              claim = undefined;
              if (first === 'held') throw new TransientSendError(`delivery ${emailPiece.idempotencyKey} is being sent by another attempt`);
              return sendEmail(deps, emailPiece, { now: current, context, claim: first, finish, keeper });
            }),
          );
        } catch (err) {
          if (!(err instanceof TransientSendError)) throw err;
          gaveUp.push(err);
        }
      }
      if (post) letters.push(piece(current.contact, 'post', occasion));
      done += 1;
    });
  } finally {
    clearInterval(alive);
    keeper.stop();
  }
  deps.metrics?.broadcastRate(page.campaignId, totals.sent / Math.max((Date.now() - started) / 1000, 0.001));
  // Most sends failing for a passing reason is an outage: fail the page so Temporal retries it
  // later (recorded pieces are not sent again). A few stubborn addresses are recorded as failed.
  // A piece held by another attempt (a crashed page's lease) must not be recorded failed: retry the page.
  const held = gaveUp.find((e) => e.deliveryId === undefined);
  if (held) throw held;
  if (gaveUp.length > 0 && gaveUp.length * 2 > emails) throw gaveUp[0];
  for (const err of gaveUp) {
    if (err.deliveryId !== undefined) count(await finishDelivery(deps.pool, err.deliveryId, true, 'failed', `gave up: ${err.message}`));
  }
  if (letters.length) {
    const results = await sendWithRetries(() => sendLetters(deps, letters, `${page.campaignId}-${page.step}-after-${page.afterContactId}`));
    for (const r of results) count(r);
  }
  heartbeat({ afterContactId: page.afterContactId, done, of: rows.length, letters: letters.length });
  return { lastContactId, ...totals, heldOut, failureReasons: topReasons(results) };
}

/**
 * A transient fault is tried again a few times inside the page; if it persists the page attempt
 * fails and Temporal retries the page, where the pieces already recorded are not sent again.
 */
async function sendWithRetries<T>(send: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i += 1) {
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof TransientSendError) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 200 * i));
    }
  }
}
