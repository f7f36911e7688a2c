/**
 * The campaign part of a render context: what the customer reads as the campaign's name (never
 * its id) and the source code printed for response measurement. Read once per piece, or once per
 * page for a broadcast (whose contacts may each read another language).
 */
import type pg from 'pg';
import { sql } from '../db/queries.js';
import { campaignDisplayName, displayNamesOf } from '../lib/campaign-display-name.js';
import type { Campaign, Language, Sender } from '../render/types.js';

export interface CampaignRecord {
  id: string;
  kind: string;
  /** The manager's own name for the campaign (consoles and reports). */
  name: string;
  displayNames: Partial<Record<Language, string>>;
  /** A greeting's occasion, which gives a better generic name than the kind. */
  occasion: string | null;
  sourceCode: string | null;
  /** The letterhead a campaign definition gives per language, over the engine's own. */
  senders: Partial<Record<Language, Partial<Sender>>>;
}

interface CampaignRow {
  kind: string;
  name: string;
  params: Record<string, unknown> | null;
  display_names: unknown;
}

export async function readCampaignRecord(pool: pg.Pool, campaignId: string): Promise<CampaignRecord> {
  const row = (await pool.query<CampaignRow>(sql('campaign-for-context'), [campaignId])).rows[0];
  const params = row?.params ?? {};
  const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);
  return {
    id: campaignId,
    kind: row?.kind ?? 'unknown',
    name: row?.name || campaignId,
    // The display_names column, else the names a campaign definition recorded in its params.
    displayNames: { ...displayNamesOf(params.names), ...displayNamesOf(row?.display_names) },
    occasion: text(params.occasion),
    // No fallback to the id: a piece without a source code prints none.
    sourceCode: text(params.sourceCode),
    senders: params.sender && typeof params.sender === 'object' ? (params.sender as CampaignRecord['senders']) : {},
  };
}

/** The letterhead for a contact of this campaign: the definition's for their language over the engine's. */
export function senderFor(record: Pick<CampaignRecord, 'senders'>, language: Language, base: Sender): Sender {
  const own = record.senders[language];
  return own ? { ...base, ...own, signatory: { ...base.signatory, ...own.signatory } } : base;
}

/** The context's campaign in the contact's language. */
export function campaignContext(record: CampaignRecord, language: Language): Campaign {
  return { id: record.id, name: record.name, displayName: campaignDisplayName(record, language), sourceCode: record.sourceCode };
}
