/**
 * Recording a campaign's holdout: the contacts drawn (lib/holdout.ts) to be sent nothing are kept
 * in campaign_holdouts, once each, so the funnel can compare them with the treated.
 */
import { isHeldOut } from '../lib/holdout.js';
import type { Pool } from './pool.js';

/** Splits contacts into held out (recorded) and treated. */
export async function drawHoldout(pool: Pool, campaignId: string, contactIds: number[], share: number): Promise<{ treated: number[]; heldOut: number[] }> {
  const heldOut = contactIds.filter((id) => isHeldOut(campaignId, id, share));
  if (heldOut.length) {
    await pool.query('INSERT INTO campaign_holdouts (campaign_id, contact_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING', [campaignId, heldOut]);
  }
  const held = new Set(heldOut);
  return { treated: contactIds.filter((id) => !held.has(id)), heldOut };
}
