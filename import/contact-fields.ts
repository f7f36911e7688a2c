/**
 * The contact part of a row, shared by prospect and owner files: name, how to reach them, language,
 * time zone, consents, birthday and the list's source. Problems go to `fail` with their field.
 */
import type { Language } from '../activities/types.js';
import {
  normaliseEmail,
  normalisePhone,
  parseConsent,
  parseLanguage,
  validDate,
  validZone,
} from './fields.js';
import { MAX_SOURCE_LABEL, sourceCodeOf } from './source-code.js';

export interface ContactFields {
  name: string;
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
  /** The source as the list names it, and the code derived from it; null when the list gives none. */
  sourceLabel: string | null;
  source: string | null;
  birthday: string | null;
}

/** A cell's cleaned text by column name ('' when the column is absent). */
export type Getter = (column: string) => string;
export type Fail = (field: string, reason: string) => null;

export const optional = (v: string): string | null => v || null;

/** Reads and checks the contact fields; `sourceRequired` for lists whose rows must say where they came from. */
export function readContact(get: Getter, fail: Fail, sourceRequired: boolean): ContactFields {
  const name = get('name');
  if (!name) fail('name', 'required');
  else if (name.length > 100) fail('name', 'longer than 100 characters');

  const sourceLabel = get('source');
  const source = sourceLabel ? sourceCodeOf(sourceLabel) : null;
  if (!sourceLabel && sourceRequired) fail('source', 'required');
  else if (sourceLabel && !source) fail('source', `has no letter or digit: ${sourceLabel}`);
  else if (sourceLabel.length > MAX_SOURCE_LABEL)
    fail('source', `longer than ${MAX_SOURCE_LABEL} characters`);

  const emailRaw = get('email');
  const email = emailRaw
    ? (normaliseEmail(emailRaw) ?? fail('email', `not an e-mail address: ${emailRaw}`))
    : null;
  const phoneRaw = get('phone');
  const phone = phoneRaw
    ? (normalisePhone(phoneRaw) ?? fail('phone', `not a phone number: ${phoneRaw}`))
    : null;

  const address = optional(get('address'));
  const city = optional(get('city'));
  const postcodeRaw = get('postcode').replace(/\s/g, '');
  let postcode: string | null = null;
  if (postcodeRaw)
    postcode = /^\d{6}$/.test(postcodeRaw)
      ? postcodeRaw
      : fail('postcode', `expected 6 digits: ${postcodeRaw}`);
  if (address && !postcodeRaw) fail('postcode', 'required with an address');
  if (address && !city) fail('city', 'required with an address');

  const language = parseLanguage(get('language'), name);
  if (language === 'invalid') fail('language', `expected zh-CN or en: ${get('language')}`);
  const timeZone = get('timeZone') || 'Asia/Shanghai';
  if (!validZone(timeZone)) fail('timeZone', `unknown time zone: ${timeZone}`);

  const [consentEmail, consentPost, consentPhone] = (
    ['consentEmail', 'consentPost', 'consentPhone'] as const
  ).map((c) => {
    const value = parseConsent(get(c));
    if (value === 'invalid') fail(c, `expected yes or no: ${get(c)}`);
    return value === 'invalid' ? null : value;
  });
  const birthdayRaw = get('birthday');
  const birthday = birthdayRaw
    ? (validDate(birthdayRaw) ?? fail('birthday', `not a date (YYYY-MM-DD): ${birthdayRaw}`))
    : null;

  return {
    name,
    address,
    postcode,
    city,
    email,
    phone,
    language: language === 'invalid' ? 'zh-CN' : language,
    timeZone,
    // A blank consent means the customer gave the address for us to use; only an explicit no refuses.
    consentEmail: consentEmail ?? !!email,
    consentPost: consentPost ?? !!address,
    consentPhone: consentPhone ?? !!phone,
    sourceLabel: sourceLabel || null,
    source,
    birthday,
  };
}
