/**
 * The fields every list shares, each from a cell's text to a value or null: names, e-mails,
 * phones, yes/no, language, time zone, dates. Pure functions, used by every kind of import.
 */
import type { Language } from '../activities/types.js';

/**
 * True when `value` is already clean: printable ASCII and CJK unified ideographs only (none of
 * which NFKC changes or composes), single inner spaces, none at either end. Most cells of a list
 * are; checking costs far less than normalising.
 */
function alreadyClean(value: string): boolean {
  const n = value.length;
  if (n === 0) return true;
  if (value.charCodeAt(0) === 0x20 || value.charCodeAt(n - 1) === 0x20) return false;
  let space = false;
  for (let i = 0; i < n; i += 1) {
    const c = value.charCodeAt(i);
    if (c === 0x20) {
      if (space) return false;
      space = true;
    } else {
      space = false;
      if (c > 0x20 && c < 0x7f) continue;
      if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) continue;
      return false;
    }
  }
  return true;
}

/** Full-width digits and letters to half-width, runs of spaces to one, trimmed. */
export function clean(value: string | undefined): string {
  if (value === undefined) return '';
  return alreadyClean(value) ? value : value.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

const EMAIL =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

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

export function parseConsent(raw: string): boolean | null | 'invalid' {
  const v = raw.toLowerCase();
  if (!v) return null;
  if (['yes', 'y', 'true', '1', '是', '同意'].includes(v)) return true;
  if (['no', 'n', 'false', '0', '否', '不同意', '拒绝'].includes(v)) return false;
  return 'invalid';
}

export function parseLanguage(raw: string, name: string): Language | 'invalid' {
  const v = raw.toLowerCase();
  if (!v) return /[\u3400-\u9fff]/.test(name) ? 'zh-CN' : 'en';
  if (['zh-cn', 'zh', 'cn', 'chinese', '中文', '汉语', '普通话'].includes(v)) return 'zh-CN';
  if (['en', 'english', '英文', '英语'].includes(v)) return 'en';
  return 'invalid';
}

// Building a DateTimeFormat costs tens of microseconds; a list has a handful of zones.
const zones = new Map<string, boolean>();
export function validZone(zone: string): boolean {
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

/** A calendar date as YYYY-MM-DD, from 2024-04-12, 2024/4/12, 2024.4.12 or 2024年4月12日 (as Excel writes them); null when not a date. */
export function validDate(raw: string): string | null {
  const m = /^(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?$/.exec(raw);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : null;
}
