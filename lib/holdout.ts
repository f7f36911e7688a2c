/**
 * The holdout draw: whether a contact of a campaign is held out (sent nothing, to measure what
 * the campaign caused). Drawn from a hash of campaign and contact, so the same contacts are held
 * out however often, in whatever order and on whichever worker the campaign is started.
 */
import { createHash } from 'node:crypto';

export function isHeldOut(campaignId: string, contactId: number, share: number): boolean {
  if (!(share > 0)) return false;
  const digest = createHash('sha256').update(`holdout:${campaignId}:${contactId}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000 < share;
}
