/**
 * A campaign definition: what a manager writes down once (a YAML file) and the engine checks,
 * stores by version and runs. The schema's messages are written for the manager: each names
 * what is wrong and what would be right; definition-file.ts adds the line.
 */
import { z } from 'zod';

const CAMPAIGN_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Campaign kinds: also the shorthand `campaign start <kind>`, so never a definition's id. */
export const DEFINITION_KINDS = ['leads', 'inspection', 'greetings'] as const;
export type DefinitionKind = (typeof DEFINITION_KINDS)[number];
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type DefinitionLanguage = (typeof LANGUAGES)[number];

/** One value or a list of them, always read as a list. */
function oneOrMany<T extends z.ZodType>(item: T) {
  return z.union([item, z.array(item).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);
}

/**
 * A date: YYYY-MM-DD, or MM-DD in a definition a schedule starts every year (filled in with the
 * run's year, or the next year when the day has passed).
 */
const dayOrYearlyDay = z
  .string()
  .regex(/^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date as YYYY-MM-DD, or MM-DD for every year');
const isoDay = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date as YYYY-MM-DD');
const duration = z.string().regex(/^\d+(\.\d+)?\s*(minutes?|hours?|days?|weeks?)$/, "a duration such as '14 days', '2 hours' or '1 week'");
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24-hour)');

/** Text in each language customers read; both languages, since the file holds both kinds of customer. */
const perLanguage = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }, { error: 'text in both languages: zh-CN and en' }).strict();

const segment = z
  .object({
    heat: oneOrMany(z.enum(['high', 'low'])).optional(),
    tier: oneOrMany(z.enum(['gold', 'silver', 'regular'])).optional(),
    source: oneOrMany(z.string().min(1)).optional(),
    city: oneOrMany(z.string().min(1)).optional(),
    dealer: oneOrMany(z.string().min(1)).optional(),
    centre: oneOrMany(z.string().min(1)).optional(),
    model: oneOrMany(z.string().min(1)).optional(),
    purchased: z.object({ from: isoDay.optional(), to: isoDay.optional() }).strict().optional(),
    birthdayMonth: oneOrMany(z.number().int().min(1).max(12)).optional(),
    anniversaryMonth: oneOrMany(z.number().int().min(1).max(12)).optional(),
    title: oneOrMany(z.string().min(1)).optional(),
    industry: oneOrMany(z.string().min(1)).optional(),
  })
  .strict();

const sending = z
  .object({
    /** E-mails per second; 0 as fast as the relay takes them. */
    rate: z.number().min(0).max(10_000).default(0),
    /** Share of attempted pieces that may fail before a broadcast pauses itself. */
    errorThreshold: z.number().gt(0).max(1).default(0.2),
    pageSize: z.number().int().min(1).max(5000).default(500),
  })
  .strict();

const senderLetterhead = z
  .object({
    company: z.string().min(1),
    department: z.string().min(1),
    returnAddress: z.string().min(1),
    addressLines: z.array(z.string().min(1)).min(1),
    hotline: z.string().min(1),
    hotlineHours: z.string().min(1),
    website: z.string().url(),
    signatory: z.object({ name: z.string().min(1), role: z.string().min(1) }).strict(),
  })
  .partial()
  .strict();

const common = {
  id: z.string().regex(CAMPAIGN_ID, 'lower-case letters, digits and dashes, e.g. xmas-2026').refine((id) => !(DEFINITION_KINDS as readonly string[]).includes(id), 'an id other than a kind name (leads, inspection, greetings)'),
  /** What customers read as the campaign's name; the id never reaches them. */
  name: perLanguage,
  description: z.string().optional(),
  audience: segment.default({}),
  /** Share of the audience held out (recorded, sent nothing) to measure what the campaign caused. */
  holdout: z.number().min(0).max(0.5).default(0),
  sending: sending.default({ rate: 0, errorThreshold: 0.2, pageSize: 500 }),
  /** The letterhead per language, over the engine's configured one. */
  sender: z.object({ 'zh-CN': senderLetterhead.optional(), en: senderLetterhead.optional() }).strict().optional(),
};

const trip = z
  .object({
    destination: perLanguage,
    startsOn: dayOrYearlyDay,
    endsOn: dayOrYearlyDay,
    rsvpBy: dayOrYearlyDay,
  })
  .strict();

const gift = z.object({ description: perLanguage, delivery: perLanguage }).strict();

const greetings = z
  .object({
    ...common,
    kind: z.literal('greetings'),
    occasion: z.enum(['christmas-new-year', 'spring-festival', 'birthday', 'anniversary']),
    /** Which channels a broadcast uses, each as the owner consents; default both. */
    channels: oneOrMany(z.enum(['email', 'post'])).default(['email', 'post']),
    /** The gold owners' trip the gold letters announce. */
    trip: trip.optional(),
    /** The silver owners' gift the silver letters announce. */
    gift: gift.optional(),
  })
  .strict();

const inspection = z
  .object({
    ...common,
    kind: z.literal('inspection'),
    offer: z
      .object({
        period: duration.default('30 days'),
        reminderBefore: duration.default('1 day'),
        followUpAfter: duration.default('1 day'),
      })
      .strict()
      .default({ period: '30 days', reminderBefore: '1 day', followUpAfter: '1 day' }),
  })
  .strict();

const leads = z
  .object({
    ...common,
    kind: z.literal('leads'),
    replyWindow: duration.default('14 days'),
    calls: z
      .object({
        attempts: z.number().int().min(1).max(10).default(3),
        hours: z.object({ start: clock, end: clock }).strict().default({ start: '08:30', end: '21:00' }),
        /** How long after the last call its outcome may still arrive. */
        outcomeGrace: duration.default('2 hours'),
      })
      .strict()
      .default({ attempts: 3, hours: { start: '08:30', end: '21:00' }, outcomeGrace: '2 hours' }),
  })
  .strict();

/** Tiers a holiday greeting varies by: gold letters announce the trip, silver the gift. */
const HOLIDAYS = ['christmas-new-year', 'spring-festival'];

export const campaignDefinition = z.discriminatedUnion('kind', [greetings, inspection, leads], {
  error: 'kind must be one of leads, inspection, greetings',
}).superRefine((d, ctx) => {
  if (d.kind !== 'greetings' || !HOLIDAYS.includes(d.occasion)) return;
  const tiers = d.audience.tier ?? ['gold', 'silver', 'regular'];
  if (tiers.includes('gold') && !d.trip) {
    ctx.addIssue({ code: 'custom', path: ['trip'], message: "the gold owners' letters announce a trip: give trip (destination, startsOn, endsOn, rsvpBy), or leave gold out of audience.tier" });
  }
  if (tiers.includes('silver') && !d.gift) {
    ctx.addIssue({ code: 'custom', path: ['gift'], message: "the silver owners' letters announce a gift: give gift (description, delivery), or leave silver out of audience.tier" });
  }
});

export type CampaignDefinition = z.output<typeof campaignDefinition>;
export type GreetingsDefinition = Extract<CampaignDefinition, { kind: 'greetings' }>;
export type InspectionDefinition = Extract<CampaignDefinition, { kind: 'inspection' }>;
export type LeadsDefinition = Extract<CampaignDefinition, { kind: 'leads' }>;
