/**
 * The data a template is rendered with. Plain, JSON-serialisable data: the activities build it
 * from the database and may pass it through Temporal unchanged. Templates are compiled in strict
 * mode, so every key below must be present; an absent part is `null` (or an empty array), never
 * a missing key. `sampleContext()` in sample-context.ts is a complete example.
 */
import type { Language, ReplyCard, Tier } from '../activities/types.js';

export type { Language, ReplyCard, Tier };

/** An amount of money in major units (yuan for CNY), e.g. { amount: 259800, currency: 'CNY' }. */
export interface Money {
  amount: number;
  currency: string;
}

/** The person a piece is addressed to, with the postal address printed in the envelope window. */
export interface Contact {
  /** Full name as the contact writes it, e.g. '王伟' or 'Emily Chen'. */
  name: string;
  /** Family name for the salutation ('王', 'Chen'); null to greet by full name. */
  familyName: string | null;
  /** Form of address: 'Mr', 'Ms', 'Dr' (en) or '先生', '女士' (zh-CN); null when unknown. */
  title: string | null;
  /** Printed under the name in the address block when the piece goes to an office. */
  company: string | null;
  /** Chooses the template folder (templates/en or templates/zh-CN) and the date and money formats. */
  language: Language;
  /** IANA zone, e.g. 'Asia/Shanghai': dates and slot times are shown in it. */
  timeZone: string;
  /** Street lines, without postcode and city, e.g. ['浦东新区世纪大道100号', '环球金融中心 25楼']. */
  addressLines: string[];
  postcode: string;
  city: string;
}

/** The campaign a piece belongs to; the source code is printed on every piece for response measurement. */
export interface Campaign {
  id: string;
  name: string;
  sourceCode: string;
}

/** The sender's letterhead and contact points (from configuration). */
export interface Sender {
  company: string;
  department: string;
  /** One line printed above the window address (the return address of DIN 5008). */
  returnAddress: string;
  addressLines: string[];
  hotline: string;
  /** Hotline hours as text, e.g. '8:30–21:00 daily' or '每天 8:30–21:00'. */
  hotlineHours: string;
  website: string;
  /** Who signs the letters. */
  signatory: { name: string; role: string };
}

/** A dealer or service centre. */
export interface Place {
  name: string;
  addressLines: string[];
  postcode: string;
  city: string;
  phone: string;
  /** Distance from the contact, when known. */
  distanceKm: number | null;
}

export interface PriceLine {
  /** Trim or package, e.g. '2.0T Luxury'. */
  label: string;
  price: Money;
}

/** A model the contact said they are interested in, with its catalogue text and price lines. */
export interface ModelOfInterest {
  code: string;
  name: string;
  summary: string;
  features: string[];
  priceLines: PriceLine[];
}

/** The owner's car, for owner campaigns (inspection, greetings). */
export interface Vehicle {
  model: string;
  registration: string | null;
  /** ISO date, e.g. '2023-05-20'. */
  purchasedOn: string | null;
}

/** An inspection time slot at a service centre. */
export interface Slot {
  /** ISO instant, e.g. '2026-12-05T01:30:00Z'; shown in the contact's time zone. */
  startsAt: string;
  serviceCentre: Place;
}

/** The free-inspection offer or booking. */
export interface Booking {
  /** The code the owner quotes to book (phone, reply, web). */
  code: string;
  /** Where the owner books or changes a slot online. */
  bookingUrl: string;
  /** Slots offered in the offer and in the missed-visit letter. */
  offered: Slot[];
  /** The booked slot (confirmation, reminder, thanks, missed); null before booking. */
  slot: Slot | null;
  /** The short satisfaction survey (thanks letter); null otherwise. */
  surveyUrl: string | null;
}

/** The yearly owners' trip a gold owner is invited to. */
export interface Trip {
  destination: string;
  /** ISO dates. */
  startsOn: string;
  endsOn: string;
  rsvpUrl: string;
  /** ISO date by which to answer. */
  rsvpBy: string;
}

/** The holiday gift a silver owner is sent. */
export interface Gift {
  description: string;
  /** How it reaches them, e.g. 'by courier in the week before the holiday'. */
  delivery: string;
}

export type OccasionKind = 'christmas-new-year' | 'spring-festival' | 'birthday' | 'anniversary';

/** What a greeting celebrates. */
export interface Occasion {
  kind: OccasionKind;
  /** The year greeted, e.g. 2027 for the New Year or the Spring Festival of 2027. */
  year: number;
  /** ISO date of the occasion (the festival, birthday or wedding anniversary). */
  date: string;
  /** Years married (anniversary); null otherwise. */
  years: number | null;
  /** The spouse, so an anniversary letter greets both (one letter per household); null otherwise. */
  partner: { name: string; title: string | null } | null;
  /** Gold tier only: the owners' trip invitation. */
  trip: Trip | null;
  /** Silver tier only: the gift announcement. */
  gift: Gift | null;
}

/**
 * Everything a piece template may use, for e-mail and print alike. Parts a template does not
 * need are null; the template's front matter says which parts it requires (e.g. `replyCard`).
 */
export interface PieceContext {
  contact: Contact;
  campaign: Campaign;
  sender: Sender;
  /** ISO instant the piece is dated; passed in so that a re-render is identical. */
  date: string;
  tier: Tier;
  /** Business-reply card: required on every lead-programme piece (pack, brochure, more material, inspection offer). */
  replyCard: ReplyCard | null;
  models: ModelOfInterest[];
  dealers: Place[];
  serviceCentres: Place[];
  vehicle: Vehicle | null;
  booking: Booking | null;
  occasion: Occasion | null;
}

/** An e-mail's context: a piece plus the unsubscribe link the mailer fills in (signed token). */
export interface EmailContext extends PieceContext {
  unsubscribeUrl: string;
  /** "View in browser": this e-mail as sent, on the engine's page (signed); absent in previews of no piece. */
  viewUrl?: string;
}

/** One piece of a print batch: an id the letter shop reports back, the template and its data. */
export interface PrintPiece {
  pieceId: string;
  template: string;
  context: PieceContext;
}

export interface EmailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  attachments: EmailAttachment[];
}

export interface PrintBatch {
  pdf: Buffer;
  /** Pages of each piece, in batch order (for the letter shop's manifest). */
  pieces: { pieceId: string; pages: number }[];
}

/** One problem found by validateTemplates. */
export interface TemplateError {
  template: string;
  language: Language | null;
  /** Which rendering failed: the subject, the HTML or text part, the print body, a sheet, or the file itself. */
  part: 'file' | 'subject' | 'html' | 'text' | 'print' | 'sheet';
  message: string;
}
