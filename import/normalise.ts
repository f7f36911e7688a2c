/**
 * Validation and normalisation of one prospect row, and the purchase-heat rule. Pure functions:
 * one row in, a contact or the list of what is wrong with it out.
 */
import type { Heat } from '../activities/types.js';
import type { Column } from './columns.js';
import { optional, readContact, type ContactFields } from './contact-fields.js';
import { clean } from './fields.js';

export { clean, normaliseEmail, normalisePhone } from './fields.js';

export interface RowError {
  /** Line of the file the row ends on (the header is line 1). */
  row: number;
  field: string;
  reason: string;
}

export interface ProspectRow extends ContactFields {
  title: string | null;
  company: string | null;
  industry: string | null;
  source: string;
  sourceLabel: string;
  heat: Heat;
  screening: {
    purchaseTimeframe: string | null;
    budget: number | null;
    models: string[];
    currentVehicle: string | null;
    jobTitle: string | null;
  };
}

/** Months until purchase from a questionnaire answer; null when unknown. */
export function timeframeMonths(answer: string): number | null {
  const a = answer.toLowerCase();
  if (!a || /unknown|not sure|undecided|不确定|未定|不知道/.test(a)) return null;
  if (/^(now|immediately|asap|this month|马上|立即|本月|近期)/.test(a)) return 0;
  if (/(over|more than|beyond|after|later than|以上|以后|之后)/.test(a)) {
    const n = /(\d+(?:\.\d+)?)/.exec(a);
    const unitYears = /year|年/.test(a);
    return n ? Number(n[1]) * (unitYears ? 12 : 1) + 1 : 13;
  }
  if (/半年/.test(a)) return 6;
  const zh = /([一二两三四五六七八九十]+)\s*(个月|年)/.exec(a);
  if (zh) {
    const digits: Record<string, number> = {
      一: 1,
      二: 2,
      两: 2,
      三: 3,
      四: 4,
      五: 5,
      六: 6,
      七: 7,
      八: 8,
      九: 9,
      十: 10,
    };
    const value = [...(zh[1] ?? '')].reduce(
      (sum, ch) => (ch === '十' ? (sum || 1) * 10 : sum + (digits[ch] ?? 0)),
      0,
    );
    return zh[2] === '年' ? value * 12 : value;
  }
  const n = /(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?\s*(months?|mos?|个月|月|years?|yrs?|年)/.exec(a);
  if (n) {
    const upper = Number(n[2] ?? n[1]);
    return /^(y|年)/.test(n[3] ?? '') ? upper * 12 : upper;
  }
  if (/within a year|this year|next year|一年内|今年|明年/.test(a)) return 12;
  return null;
}

// A list repeats a handful of answers; reading one takes a dozen regexes.
const heats = new Map<string, Heat>();

/** Buying within a year is high heat; later or unknown is low. */
export function classifyHeat(purchaseTimeframe: string | null): Heat {
  if (!purchaseTimeframe) return 'low';
  let heat = heats.get(purchaseTimeframe);
  if (heat === undefined) {
    const months = timeframeMonths(purchaseTimeframe);
    heat = months !== null && months <= 12 ? 'high' : 'low';
    if (heats.size < 10_000) heats.set(purchaseTimeframe, heat);
  }
  return heat;
}

/** A budget in yuan: "250000", "250,000", "25万", "25.5万元", "¥300000". */
export function parseBudget(raw: string): number | null {
  const m = /^[¥￥]?\s*(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万)?\s*(元|rmb|cny)?$/i.exec(raw);
  if (!m) return null;
  const value = Number((m[1] ?? '').replace(/,/g, '')) * (m[2] ? 10_000 : 1);
  return Number.isFinite(value) ? Math.round(value) : null;
}

/** Validates and normalises a row; every problem is listed, not only the first. */
export function normaliseRow(
  cells: string[],
  positions: Map<Column, number>,
  row: number,
): { ok: true; prospect: ProspectRow } | { ok: false; errors: RowError[] } {
  const get = (c: string): string => {
    const i = positions.get(c as Column);
    return i === undefined ? '' : clean(cells[i]);
  };
  const errors: RowError[] = [];
  const fail = (field: string, reason: string): null => {
    errors.push({ row, field, reason });
    return null;
  };
  const contact = readContact(get, fail, true);
  if (!get('email') && !get('phone') && !contact.address) fail('contact', 'no e-mail, phone or address');
  const budgetRaw = get('budget');
  const budget = budgetRaw ? (parseBudget(budgetRaw) ?? fail('budget', `not an amount: ${budgetRaw}`)) : null;

  if (errors.length) return { ok: false, errors };
  const purchaseTimeframe = optional(get('purchaseTimeframe'));
  const title = optional(get('title'));
  return {
    ok: true,
    prospect: {
      ...contact,
      source: contact.source!,
      sourceLabel: contact.sourceLabel!,
      title,
      company: optional(get('company')),
      industry: optional(get('industry')),
      heat: classifyHeat(purchaseTimeframe),
      screening: {
        purchaseTimeframe,
        budget,
        models: get('models')
          .split(/[;,、|/]+/)
          .map((m) => m.trim())
          .filter(Boolean),
        currentVehicle: optional(get('currentVehicle')),
        jobTitle: title,
      },
    },
  };
}
