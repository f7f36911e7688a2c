/**
 * Validation and normalisation of the network files' rows: a dealer or service centre, a model of
 * the catalogue. Pure functions: one row in, a record or what is wrong with it out.
 */
import type { Language } from '../activities/types.js';
import { optional } from './contact-fields.js';
import { clean, normalisePhone, parseLanguage } from './fields.js';
import type { ModelColumn, PlaceColumn } from './network-columns.js';
import type { RowError } from './normalise.js';
import { parseBudget } from './normalise.js';
import type { Normalised } from './run-import.js';

export interface PlaceRow {
  code: string;
  name: string;
  names: Partial<Record<Language, string>>;
  address: string;
  postcode: string;
  city: string;
  /** The address and the city in each language the file gives (the main columns by their script). */
  addresses: Partial<Record<Language, string>>;
  cities: Partial<Record<Language, string>>;
  phone: string;
  openingHours: string | null;
  models: string[];
}

export interface PriceLine {
  label: string;
  price: { amount: number; currency: string };
}

export interface ModelRow {
  code: string;
  name: string;
  names: Partial<Record<Language, string>>;
  language: Language;
  summary: string;
  features: string[];
  priceLines: PriceLine[];
  sheetUrl: string | null;
}

/** A code as networks write them: letters, digits, . _ - (up to 40). */
const CODE = /^[\p{L}\p{N}._-]{1,40}$/u;
const HAN = /[\u3400-\u9fff]/;
/** A text by language: the main column's by its script (Chinese or not), the English column's as English. */
const byLanguage = (main: string, english: string): Partial<Record<Language, string>> => ({
  ...(main ? { [HAN.test(main) ? 'zh-CN' : 'en']: main } : {}),
  ...(english ? { en: english } : {}),
});
const list = (text: string): string[] => text.split(/[;,、|/\n]+/).map((m) => m.trim()).filter(Boolean);

function rowReader<C extends string>(cells: string[], positions: Map<C, number>, row: number) {
  const errors: RowError[] = [];
  return {
    errors,
    get: (c: C): string => {
      const i = positions.get(c);
      return i === undefined ? '' : clean(cells[i]);
    },
    fail: (field: string, reason: string): null => {
      errors.push({ row, field, reason });
      return null;
    },
  };
}

/** A network phone: a number we can dial, or a national 400/800 hotline kept as written in digits. */
function networkPhone(raw: string): string | null {
  const digits = raw.replace(/[\s().-]/g, '');
  return normalisePhone(raw) ?? (/^[48]00\d{7}$/.test(digits) ? digits : null);
}

function readCode(get: (c: 'code') => string, fail: (f: string, r: string) => null): string {
  const code = get('code');
  if (!code) fail('code', 'required');
  else if (!CODE.test(code)) fail('code', `letters, digits, . _ - (up to 40): ${code}`);
  return code;
}

export function normalisePlace(cells: string[], positions: Map<PlaceColumn, number>, row: number): Normalised<PlaceRow> {
  const { get, fail, errors } = rowReader(cells, positions, row);
  const code = readCode(get, fail);
  const zh = get('name');
  const en = get('nameEn');
  if (!zh && !en) fail('name', 'required (a name in Chinese or English)');
  const address = get('address');
  if (!address) fail('address', 'required');
  const city = get('city');
  if (!city) fail('city', 'required');
  const postcodeRaw = get('postcode').replace(/\s/g, '');
  if (!/^\d{6}$/.test(postcodeRaw)) fail('postcode', postcodeRaw ? `expected 6 digits: ${postcodeRaw}` : 'required');
  const phoneRaw = get('phone');
  const phone = phoneRaw ? (networkPhone(phoneRaw) ?? fail('phone', `not a phone number: ${phoneRaw}`)) : fail('phone', 'required');
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      code,
      name: zh || en,
      names: { ...(zh ? { 'zh-CN': zh } : {}), ...(en ? { en } : {}) },
      address,
      postcode: postcodeRaw,
      city,
      addresses: byLanguage(address, get('addressEn')),
      cities: byLanguage(city, get('cityEn')),
      phone: phone!,
      openingHours: optional(get('openingHours')),
      models: list(get('models')),
    },
  };
}

/** Price lines from "2.0T 舒适版: 229800; 2.0T 豪华版: 25.98万", or one amount. */
function priceLines(text: string, currency: string, fallbackLabel: string, fail: (f: string, r: string) => null): PriceLine[] {
  const lines: PriceLine[] = [];
  for (const part of text.split(/[;\n]+/).map((p) => p.trim()).filter(Boolean)) {
    const at = Math.max(part.lastIndexOf(':'), part.lastIndexOf('：'), part.lastIndexOf('='));
    const label = at >= 0 ? part.slice(0, at).trim() : fallbackLabel;
    const amount = parseBudget(part.slice(at + 1).trim().replace(/\s/g, ''));
    if (amount === null) fail('prices', `not a price ("label: amount"): ${part}`);
    else lines.push({ label, price: { amount, currency } });
  }
  return lines;
}

export function normaliseModel(cells: string[], positions: Map<ModelColumn, number>, row: number): Normalised<ModelRow> {
  const { get, fail, errors } = rowReader(cells, positions, row);
  const code = readCode(get, fail);
  const zh = get('name');
  const en = get('nameEn');
  if (!zh && !en) fail('name', 'required (a name in Chinese or English)');
  const language = parseLanguage(get('language'), zh || en);
  if (language === 'invalid') fail('language', `expected zh-CN or en: ${get('language')}`);
  const currency = (get('currency') || 'CNY').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) fail('currency', `expected a three-letter code (CNY): ${currency}`);
  const lines = priceLines(get('prices'), currency, zh || en, fail);
  const sheet = optional(get('sheet'));
  if (sheet && !/^(https?:\/\/|\/|\.{0,2}\/)/.test(sheet) && !/\.pdf$/i.test(sheet)) fail('sheet', `expected a URL or a PDF file: ${sheet}`);
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      code,
      name: (language === 'en' ? en : zh) || zh || en,
      names: { ...(zh ? { 'zh-CN': zh } : {}), ...(en ? { en } : {}) },
      language: language as Language,
      summary: get('summary'),
      // A feature may hold a comma ("2.0T, 4WD"): features are split on ; 、 | only.
      features: get('features').split(/[;、|\n]+/).map((f) => f.trim()).filter(Boolean),
      priceLines: lines,
      sheetUrl: sheet,
    },
  };
}
