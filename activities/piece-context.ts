/**
 * Builds the renderer's PieceContext for one contact from the record as it is now: the contact,
 * the campaign, the nearest dealers and service centres, the models of interest, the owner's car,
 * the reply card, the booking. The workflow's `data` adds or overrides parts (reply card,
 * occasion, booking), so the template gets everything it requires and nothing is left undefined.
 */
import type pg from 'pg';
import { sql } from '../db/queries.js';
import type { Booking, Contact, ModelOfInterest, Occasion, PieceContext, Place, Sender, Slot, Vehicle } from '../render/types.js';
import { campaignContext, readCampaignRecord, senderFor, type CampaignRecord } from './campaign-context.js';
import type { ContactRow } from './contacts.js';
import { surveyLink } from '../lib/customer-links.js';
import { bookingUrl, replyUrl } from '../lib/public-urls.js';
import type { ReplyCard } from './types.js';

/** The letterhead used when the deps give none. */
export const defaultSender: Sender = {
  company: 'Campaign Engine Motors',
  department: 'Customer Relationship Centre',
  returnAddress: 'CRM Centre · 100 Century Avenue · 200120 Shanghai',
  addressLines: ['100 Century Avenue', '200120 Shanghai'],
  hotline: '400-800-1998',
  hotlineHours: '8:30–21:00',
  website: 'https://www.example.com',
  signatory: { name: 'Li Ming', role: 'CRM Manager' },
};

const CJK = /^[\u3400-\u9fff]/;

/** Family name for the salutation: a Chinese name's first character, an English name's last word. */
export function familyNameOf(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return null;
  if (CJK.test(trimmed)) return trimmed.length >= 2 ? trimmed.slice(0, 1) : null;
  const words = trimmed.split(/\s+/);
  return words.length >= 2 ? (words.at(-1) ?? null) : null;
}

const postcodeNumber = (postcode: string | null): string => (postcode ?? '').replace(/\D/g, '') || '0';
const lines = (text: string | null): string[] => (text ? text.split(/\r?\n|;\s*/).map((l) => l.trim()).filter(Boolean) : []);

interface PlaceRow {
  id?: number;
  name: string;
  address: string;
  postcode: string;
  city: string;
  phone: string;
}
const toPlace = (r: PlaceRow): Place => ({ name: r.name, addressLines: lines(r.address), postcode: r.postcode, city: r.city, phone: r.phone, distanceKm: null });

interface SlotRow extends PlaceRow {
  starts_at: Date;
}
const toSlot = (r: SlotRow): Slot => ({ startsAt: r.starts_at.toISOString(), serviceCentre: toPlace(r) });


export interface ContextInput {
  pool: pg.Pool;
  contact: ContactRow;
  campaignId: string;
  baseUrl: string;
  /** Signs the links of the customer pages (CUSTOMER_LINK_SECRET). */
  linkSecret: string;
  sender: Sender;
  now: Date;
  data?: Record<string, unknown>;
}

function toContact(c: ContactRow): Contact {
  const salutation = typeof c.screening.salutation === 'string' ? c.screening.salutation : null;
  return {
    name: c.name,
    familyName: familyNameOf(c.name),
    title: salutation,
    company: c.company,
    language: c.language,
    timeZone: c.time_zone,
    addressLines: lines(c.address),
    postcode: c.postcode ?? '',
    city: c.city ?? '',
  };
}

type ModelRow = { code: string; name: string; summary: string; features: string[]; price_lines: ModelOfInterest['priceLines'] };

/** The models the contact named; when none is known, the catalogue's first three, so a pack is never empty. */
async function modelsOf(pool: pg.Pool, screening: Record<string, unknown>, language: string): Promise<ModelOfInterest[]> {
  const codes = Array.isArray(screening.models) ? screening.models.filter((m): m is string => typeof m === 'string') : [];
  let { rows } = codes.length ? await pool.query<ModelRow>(sql('models-by-code'), [codes, language]) : { rows: [] as ModelRow[] };
  if (!rows.length) ({ rows } = await pool.query<ModelRow>(sql('default-models'), [3, language]));
  return rows.map((r) => ({ code: r.code, name: r.name, summary: r.summary, features: r.features, priceLines: r.price_lines }));
}

async function vehicleOf(pool: pg.Pool, contactId: number, language: string): Promise<Vehicle | null> {
  const row = (await pool.query<{ model: string; purchase_date: string | null }>(sql('latest-vehicle'), [contactId, language])).rows[0];
  return row ? { model: row.model, registration: null, purchasedOn: row.purchase_date } : null;
}

async function replyCardOf(pool: pg.Pool, campaignId: string, contactId: number, baseUrl: string): Promise<ReplyCard | null> {
  const row = (await pool.query<{ response_code: string }>(sql('reply-card-for'), [campaignId, contactId])).rows[0];
  return row ? { responseCode: row.response_code, replyUrl: replyUrl(baseUrl, row.response_code) } : null;
}

/** The renderer's Booking from what the workflow passes: a booking code and/or a SlotBooking. */
async function bookingOf(input: ContextInput, code: string | null, c: ContactRow): Promise<Booking | null> {
  const data = input.data ?? {};
  const booked = data.booking as { ok?: boolean; slotId?: number; bookingId?: number } | undefined;
  if (!code && !booked) return null;
  const bookingCode = typeof data.bookingCode === 'string' ? data.bookingCode : (code ?? '');
  // The slots at the centre the owner's offer names; an offer made before offers named one: the nearest.
  const atCentre = await input.pool.query<SlotRow>(sql('open-slots-for-offer'), [input.campaignId, c.id, input.now, 3, c.language]);
  const named = atCentre.rowCount || (await input.pool.query(sql('offer-exists'), [input.campaignId, c.id])).rowCount;
  const offered = named ? atCentre.rows : (await input.pool.query<SlotRow>(sql('open-slots-near'), [c.city, postcodeNumber(c.postcode), input.now, 3, c.language])).rows;
  let slot: Slot | null = null;
  if (booked?.ok && typeof booked.slotId === 'number') {
    const row = (await input.pool.query<SlotRow>(sql('slot-with-centre'), [booked.slotId, c.language])).rows[0];
    slot = row ? toSlot(row) : null;
  }
  // The booking page takes the booking code; the survey its own signed link, one per booking.
  const survey = slot && booked?.ok && typeof booked.bookingId === 'number'
    ? surveyLink({ PUBLIC_BASE_URL: input.baseUrl, CUSTOMER_LINK_SECRET: input.linkSecret }, booked.bookingId)
    : null;
  return { code: bookingCode, bookingUrl: bookingUrl(input.baseUrl, bookingCode), offered: offered.map(toSlot), slot, surveyUrl: survey };
}

/** The parts of a context that a broadcast reads once per page rather than once per piece. */
export interface PageParts {
  campaign: CampaignRecord;
  vehicles: Map<number, Vehicle>;
}

/**
 * Reads the page-level parts of a greetings page: the campaign once, every owner's car at once.
 * The page's occasion names a campaign without a display name ('圣诞新年问候').
 */
export async function readPageParts(pool: pg.Pool, campaignId: string, contactIds: number[], occasion: string | null = null): Promise<PageParts> {
  const [record, vehicles] = await Promise.all([
    readCampaignRecord(pool, campaignId),
    pool.query<{ contact_id: number; model: string; purchase_date: string | null }>(sql('latest-vehicles'), [contactIds]),
  ]);
  return {
    campaign: { ...record, occasion: record.occasion ?? occasion },
    vehicles: new Map(vehicles.rows.map((r) => [r.contact_id, { model: r.model, registration: null, purchasedOn: r.purchase_date }])),
  };
}

/**
 * A greeting's context from a page's parts: greetings name the owner, the car and the occasion,
 * and carry no reply card, catalogue or dealer list, so no query is needed per piece.
 */
export function greetingContext(contact: ContactRow, parts: PageParts, sender: Sender, now: Date, occasion: Occasion): PieceContext {
  return {
    contact: toContact(contact),
    campaign: campaignContext(parts.campaign, contact.language),
    sender: senderFor(parts.campaign, contact.language, sender),
    date: now.toISOString(),
    tier: contact.tier,
    replyCard: null,
    models: [],
    dealers: [],
    serviceCentres: [],
    vehicle: parts.vehicles.get(contact.id) ?? null,
    booking: null,
    occasion,
  };
}

const CONTEXT_KEYS = new Set(['contact', 'campaign', 'sender', 'date', 'tier', 'replyCard', 'models', 'dealers', 'serviceCentres', 'vehicle', 'booking', 'occasion']);

/** The full context for one piece; `data` keys that name a context part replace it. */
export async function buildPieceContext(input: ContextInput): Promise<PieceContext> {
  const { pool, contact: c } = input;
  const data = input.data ?? {};
  const near = [c.city, postcodeNumber(c.postcode), 3] as const;
  const [campaign, models, dealers, centres, vehicle, card] = await Promise.all([
    readCampaignRecord(pool, input.campaignId),
    modelsOf(pool, c.screening, c.language),
    pool.query<PlaceRow>(sql('nearest-dealers'), [...near, c.language]),
    pool.query<PlaceRow>(sql('nearest-service-centres'), [...near, c.language]),
    vehicleOf(pool, c.id, c.language),
    replyCardOf(pool, input.campaignId, c.id, input.baseUrl),
  ]);
  const replyCard = (data.replyCard as ReplyCard | undefined) ?? card;
  const wantsBooking = 'bookingCode' in data || 'booking' in data;
  const context: PieceContext = {
    contact: toContact(c),
    campaign: campaignContext(campaign, c.language),
    sender: senderFor(campaign, c.language, input.sender),
    date: typeof data.date === 'string' ? data.date : input.now.toISOString(),
    tier: c.tier,
    replyCard,
    models,
    dealers: dealers.rows.map(toPlace),
    serviceCentres: centres.rows.map(toPlace),
    vehicle,
    booking: wantsBooking ? await bookingOf(input, replyCard?.responseCode ?? null, c) : null,
    occasion: null,
  };
  for (const [key, value] of Object.entries(data)) {
    if (CONTEXT_KEYS.has(key) && key !== 'booking' && key !== 'replyCard' && key !== 'date') (context as unknown as Record<string, unknown>)[key] = value;
  }
  return context;
}
