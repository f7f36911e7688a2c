/**
 * Validation and normalisation of one owner-file row: the contact, tier, anniversary, household,
 * and the car on that row. Pure: one row in, an owner or the list of what is wrong with it out.
 */
import type { Tier } from '../activities/types.js';
import { optional, readContact, type ContactFields } from './contact-fields.js';
import { clean, parseConsent, validDate } from './fields.js';
import type { OwnerColumn } from './owner-columns.js';
import type { RowError } from './normalise.js';
import type { Normalised } from './run-import.js';

export interface OwnerVehicle {
  vin: string | null;
  model: string;
  purchaseDate: string | null;
  sellingDealer: string | null;
  servicingCentre: string | null;
  lastService: string | null;
}

export interface OwnerRow extends ContactFields {
  row: number;
  tier: Tier | null;
  weddingAnniversary: string | null;
  spouse: string | null;
  household: string | null;
  /**
   * What the file states rather than defaults (consents: null when not said; language and zone:
   * whether given), so a merge never overwrites what is on file with a blank's default.
   */
  stated: { email: boolean | null; post: boolean | null; phone: boolean | null; language: boolean; timeZone: boolean };
  vehicle: OwnerVehicle | null;
}

const TIERS: Record<string, Tier> = {
  gold: 'gold', 金: 'gold', 金卡: 'gold', 金牌: 'gold', 'vip': 'gold',
  silver: 'silver', 银: 'silver', 银卡: 'silver', 银牌: 'silver',
  regular: 'regular', standard: 'regular', normal: 'regular', 普通: 'regular', 普卡: 'regular', 普通会员: 'regular',
};

/** A VIN (ISO 3779): 17 letters and digits, never I, O or Q. */
const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;

export function normaliseOwner(cells: string[], positions: Map<OwnerColumn, number>, row: number): Normalised<OwnerRow> {
  const get = (c: string): string => {
    const i = positions.get(c as OwnerColumn);
    return i === undefined ? '' : clean(cells[i]);
  };
  const errors: RowError[] = [];
  const fail = (field: string, reason: string): null => {
    errors.push({ row, field, reason });
    return null;
  };
  const contact = readContact(get, fail, false);
  if (!get('email') && !get('phone') && !contact.address) fail('contact', 'no e-mail, phone or address');

  const tierRaw = get('tier');
  const tier = tierRaw ? (TIERS[tierRaw.toLowerCase()] ?? fail('tier', `expected gold, silver or regular: ${tierRaw}`)) : null;
  const date = (column: OwnerColumn): string | null => {
    const raw = get(column);
    return raw ? (validDate(raw) ?? fail(column, `not a date (YYYY-MM-DD): ${raw}`)) : null;
  };
  const weddingAnniversary = date('weddingAnniversary');

  const vinRaw = get('vin').toUpperCase().replace(/[\s-]/g, '');
  const vin = vinRaw ? (VIN.test(vinRaw) ? vinRaw : fail('vin', `not a VIN (17 letters and digits, no I, O or Q): ${get('vin')}`)) : null;
  const model = get('model');
  const purchaseDate = date('purchaseDate');
  const lastService = date('lastService');
  const sellingDealer = optional(get('sellingDealer'));
  const servicingCentre = optional(get('servicingCentre'));
  const carGiven = vinRaw || purchaseDate || lastService || sellingDealer || servicingCentre;
  if (carGiven && !model) fail('model', 'required with a car (VIN, purchase date, dealer or service)');

  if (errors.length) return { ok: false, errors };
  const stated = (c: string): boolean | null => {
    const v = parseConsent(get(c));
    return v === 'invalid' ? null : v;
  };
  return {
    ok: true,
    value: {
      ...contact,
      row,
      tier,
      weddingAnniversary,
      spouse: optional(get('spouse')),
      household: optional(get('household')),
      stated: {
        email: stated('consentEmail'),
        post: stated('consentPost'),
        phone: stated('consentPhone'),
        language: !!get('language'),
        timeZone: !!get('timeZone'),
      },
      vehicle: model ? { vin, model, purchaseDate, sellingDealer, servicingCentre, lastService } : null,
    },
  };
}
