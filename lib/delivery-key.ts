/**
 * The idempotency key of one piece: campaign, contact, step and channel. The same business key
 * always gives the same string, so a retried activity or a replayed workflow claims the same
 * delivery row and sends nothing new. Safe to import from workflow code (pure function).
 */
export function deliveryKey(campaignId: string, contactId: number, step: string, channel: string): string {
  return `${campaignId}/${contactId}/${step}/${channel}`;
}
