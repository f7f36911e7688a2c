/**
 * Validation and normalisation of one prospect row, and the purchase-heat rule. Pure functions:
 * one row in, a contact or the list of what is wrong with it out.
 */
import type { Heat, Language } from '../activities/types.js';
import type { Column } from './columns.js';

export interface RowError {
  /** Line of the file the row ends on (the header is line 1). */
  row: number;
  field: string;
  reason: string;
}

export interface ProspectRow {
  name: string;
  title: string | null;
  company: string | null;
  industry: string | null;
  address: string | null;
  postcode: string | null;
  city: string | null;
  email: string | null;
  phone: string | null;
  language: Language;
  timeZone: string;
  consentEmail: boolean;
  consentPost: boolean;
  consentPhone: boolean;
  source: string;
  heat: Heat;
  birthday: string | null;
  screening: {
    purchaseTimeframe: string | null;
    budget: number | null;
    models: string[];
    currentVehicle: string | null;
    jobTitle: string | null;
  };
}

/** Full-width digits and letters to half-width, runs of spaces to one, trimmed. */
export function clean(value: string | undefined): string {
  return (value ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim();
}

const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Lower-cased e-mail, or null when it is not an address. */
export function normaliseEmail(raw: string): string | null {
  const email = raw.toLowerCase();
  return email.length <= 254 && EMAIL.test(email) && !email.includes('..') ? email : null;
}

/**
 * A phone number as +<country><number>. Chinese mobiles (1[3-9] and nine digits) and landlines
 * (0 area code, 7-8 digits) become +86...; other numbers must come with their + country code.
 */
export function normalisePhone(raw: string): string | null {
  const compact = raw.replace(/[\s().-]/g, '').replace(/^00/, '+');
  if (/^\+86/.test(compact)) return normalisePhone(compact.slice(3));
  if (/^1[3-9]\d{9}$/.test(compact)) return `+86${compact}`;
  if (/^0[1-9]\d{1,2}\d{7,8}$/.test(compact)) return `+86${compact.slice(1)}`;
  if (/^\+[1-9]\d{7,14}$/.test(compact)) return compact;
  return null;
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
    const digits: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
    const value = [...(zh[1] ?? '')].reduce((sum, ch) => (ch === '十' ? (sum || 1) * 10 : sum + (digits[ch] ?? 0)), 0);
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

/** Buying within a year is high heat; later or unknown is low. */
export function classifyHeat(purchaseTimeframe: string | null): Heat {
  const months = purchaseTimeframe ? timeframeMonths(purchaseTimeframe) : null;
  return months !== null && months <= 12 ? 'high' : 'low';
}

/** A budget in yuan: "250000", "250,000", "25万", "25.5万元", "¥300000". */
export function parseBudget(raw: string): number | null {
  const m = /^[¥￥]?\s*(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万)?\s*(元|rmb|cny)?$/i.exec(raw);
  if (!m) return null;
  const value = Number((m[1] ?? '').replace(/,/g, '')) * (m[2] ? 10_000 : 1);
  return Number.isFinite(value) ? Math.round(value) : null;
}

function parseConsent(raw: string): boolean | null | 'invalid' {
  const v = raw.toLowerCase();
  if (!v) return null;
  if (['yes', 'y', 'true', '1', '是', '同意'].includes(v)) return true;
  if (['no', 'n', 'false', '0', '否', '不同意', '拒绝'].includes(v)) return false;
  return 'invalid';
}

function parseLanguage(raw: string, name: string): Language | 'invalid' {
  const v = raw.toLowerCase();
  if (!v) return /[\u3400-\u9fff]/.test(name) ? 'zh-CN' : 'en';
  if (['zh-cn', 'zh', 'cn', 'chinese', '中文', '汉语', '普通话'].includes(v)) return 'zh-CN';
  if (['en', 'english', '英文', '英语'].includes(v)) return 'en';
  return 'invalid';
}

// Building a DateTimeFormat costs tens of microseconds; a list has a handful of zones.
const zones = new Map<string, boolean>();
function validZone(zone: string): boolean {
  let valid = zones.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    if (zones.size < 1000) zones.set(zone, valid);
  }
  return valid;
}

function validDate(raw: string): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(raw);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : null;
}

/** Validates and normalises a row; every problem is listed, not only the first. */
export function normaliseRow(
  cells: string[],
  positions: Map<Column, number>,
  row: number,
): { ok: true; prospect: ProspectRow } | { ok: false; errors: RowError[] } {
  const get = (c: Column): string => {
    const i = positions.get(c);
    return i === undefined ? '' : clean(cells[i]);
  };
  const errors: RowError[] = [];
  const fail = (field: string, reason: string): null => {
    errors.push({ row, field, reason });
    return null;
  };
  const optional = (v: string): string | null => v || null;

  const name = get('name');
  if (!name) fail('name', 'required');
  else if (name.length > 100) fail('name', 'longer than 100 characters');
  const source = get('source');
  if (!source) fail('source', 'required');
  else if (!/^[\p{L}\p{N}._-]{1,40}$/u.test(source)) fail('source', 'source code must be letters, digits, . _ - (up to 40)');

  const emailRaw = get('email');
  const email = emailRaw ? (normaliseEmail(emailRaw) ?? fail('email', `not an e-mail address: ${emailRaw}`)) : null;
  const phoneRaw = get('phone');
  const phone = phoneRaw ? (normalisePhone(phoneRaw) ?? fail('phone', `not a phone number: ${phoneRaw}`)) : null;

  const address = optional(get('address'));
  const city = optional(get('city'));
  const postcodeRaw = get('postcode').replace(/\s/g, '');
  let postcode: string | null = null;
  if (postcodeRaw) postcode = /^\d{6}$/.test(postcodeRaw) ? postcodeRaw : fail('postcode', `expected 6 digits: ${postcodeRaw}`);
  if (address && !postcodeRaw) fail('postcode', 'required with an address');
  if (address && !city) fail('city', 'required with an address');
  if (!emailRaw && !phoneRaw && !address) fail('contact', 'no e-mail, phone or address');

  const language = parseLanguage(get('language'), name);
  if (language === 'invalid') fail('language', `expected zh-CN or en: ${get('language')}`);
  const timeZone = get('timeZone') || 'Asia/Shanghai';
  if (!validZone(timeZone)) fail('timeZone', `unknown time zone: ${timeZone}`);

  const consents = (['consentEmail', 'consentPost', 'consentPhone'] as const).map((c) => {
    const value = parseConsent(get(c));
    if (value === 'invalid') fail(c, `expected yes or no: ${get(c)}`);
    return value === 'invalid' ? null : value;
  });

  const budgetRaw = get('budget');
  const budget = budgetRaw ? (parseBudget(budgetRaw) ?? fail('budget', `not an amount: ${budgetRaw}`)) : null;
  const birthdayRaw = get('birthday');
  const birthday = birthdayRaw ? (validDate(birthdayRaw) ?? fail('birthday', `not a date (YYYY-MM-DD): ${birthdayRaw}`)) : null;

  if (errors.length) return { ok: false, errors };
  const purchaseTimeframe = optional(get('purchaseTimeframe'));
  const title = optional(get('title'));
  // A blank consent means the respondent gave the address for us to use; only an explicit no refuses.
  const [consentEmail, consentPost, consentPhone] = consents;
  return {
    ok: true,
    prospect: {
      name,
      title,
      company: optional(get('company')),
      industry: optional(get('industry')),
      address,
      postcode,
      city,
      email,
      phone,
      language: language as Language,
      timeZone,
      consentEmail: consentEmail ?? !!email,
      consentPost: consentPost ?? !!address,
      consentPhone: consentPhone ?? !!phone,
      source,
      heat: classifyHeat(purchaseTimeframe),
      birthday,
      screening: {
        purchaseTimeframe,
        budget,
        models: get('models').split(/[;,、|/]+/).map((m) => m.trim()).filter(Boolean),
        currentVehicle: optional(get('currentVehicle')),
        jobTitle: title,
      },
    },
  };
}
