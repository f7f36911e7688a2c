/**
 * One e-mail piece: claim the key, check consent and suppression now, render, send through the
 * pooled mailer with the Message-ID of the key, record the outcome. A bad mailbox is suppressed.
 */
import { messageIdFor } from '../adapters/mailer.js';
import { sql } from '../db/queries.js';
import { unsubscribeUrl as unsubscribeLink } from '../lib/public-urls.js';
import { viewLink } from '../lib/customer-links.js';
import { signUnsubscribeToken } from '../lib/unsubscribe-token.js';
import { readContact, reach, type ContactNow } from './contacts.js';
import { claimDelivery, finishDelivery, leaseKeeper, leaseSeconds, releaseDelivery, type Claim, type Finish, type LeaseKeeper } from './delivery-record.js';
import type { ActivityDeps } from './deps.js';
import { buildPieceContext, defaultSender } from './piece-context.js';
import type { PieceContext } from '../render/types.js';
import type { DeliveryResult, PieceRequest } from './types.js';

/** The one-click unsubscribe link of a contact's e-mail in a campaign (signed, so it cannot be forged). */
export function unsubscribeUrlFor(config: Pick<ActivityDeps['config'], 'UNSUBSCRIBE_SECRET' | 'PUBLIC_BASE_URL'>, contactId: number, campaignId: string): string {
  const token = signUnsubscribeToken(config.UNSUBSCRIBE_SECRET, { contactId, channel: 'email', campaignId });
  return unsubscribeLink(config.PUBLIC_BASE_URL, token);
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/**
 * Sends one e-mail once per key. Transient failures leave the row queued and throw (retryable);
 * permanent ones record `failed` and return. `data` adds template data (reply card, booking...).
 */
/**
 * What a caller that has already read the contact (a broadcast page, moments before) passes in,
 * so the send does not read it again; the context is built for it when absent.
 */
export interface PreparedSend {
  now: ContactNow | null;
  context?: PieceContext;
  /** The key already claimed with the rest of its page. */
  claim?: Claim;
  /** How the outcome is recorded: the page's group commit (finishDelivery when absent). */
  finish?: Finish;
  /** Renews the page's holds (the send keeps its own when absent). */
  keeper?: LeaseKeeper;
}

export async function sendEmail(deps: ActivityDeps, piece: PieceRequest, prepared?: PreparedSend): Promise<DeliveryResult> {
  const { pool } = deps;
  const lease = leaseSeconds(deps);
  const claim = prepared?.claim ?? (await claimDelivery(pool, { ...piece, channel: 'email', template: piece.template }, lease));
  if (claim.kind === 'finished') return claim.result;
  const keeper = prepared?.keeper ?? leaseKeeper(pool, lease, deps.log);
  keeper.hold(claim.deliveryId);
  try {
    const result = await sendClaimed(deps, piece, claim, prepared);
    deps.metrics?.piece('email', piece.campaignId, result);
    return result;
  } finally {
    keeper.drop(claim.deliveryId);
    if (!prepared?.keeper) keeper.stop();
  }
}

async function sendClaimed(
  deps: ActivityDeps,
  piece: PieceRequest,
  { deliveryId, repeated }: Extract<Claim, { kind: 'claimed' }>,
  prepared?: PreparedSend,
): Promise<DeliveryResult> {
  const { pool } = deps;
  const finish: Finish = prepared?.finish ?? ((...args) => finishDelivery(pool, ...args));

  const now = prepared ? prepared.now : await readContact(pool, piece.contactId);
  if (!now) return finish(deliveryId, repeated, 'skipped', 'unknown contact');
  const allowed = reach(now, 'email');
  if (!allowed.ok) return finish(deliveryId, repeated, 'skipped', allowed.reason);
  const email = now.contact.email ?? '';

  let rendered;
  const unsubscribeUrl = unsubscribeUrlFor(deps.config, piece.contactId, piece.campaignId);
  // "View in browser" names the piece by its key, so the page shows this very e-mail.
  const viewUrl = viewLink(deps.config, piece.idempotencyKey);
  try {
    const context = prepared?.context ?? await buildPieceContext({
      pool,
      contact: now.contact,
      campaignId: piece.campaignId,
      baseUrl: deps.config.PUBLIC_BASE_URL,
      linkSecret: deps.config.CUSTOMER_LINK_SECRET,
      sender: deps.sender ?? defaultSender,
      now: (deps.clock?.now() ?? new Date()),
      data: piece.data,
    });
    rendered = await deps.renderer.renderEmail(piece.template, { ...context, unsubscribeUrl, viewUrl });
  } catch (err) {
    // A template error is the same on every attempt: record it for operations, do not retry.
    return finish(deliveryId, repeated, 'failed', `render: ${message(err)}`);
  }

  const messageId = messageIdFor(piece.idempotencyKey, deps.config.MESSAGE_ID_DOMAIN);
  const outcome = await deps.mailer.send({ to: email, ...rendered, messageId, unsubscribeUrl });
  if (outcome.kind === 'sent') return finish(deliveryId, repeated, 'sent', undefined, outcome.messageId);
  if (outcome.kind === 'transient') return releaseDelivery(pool, deliveryId, `smtp: ${outcome.reason}`);
  if (outcome.badMailbox) {
    await pool.query(sql('suppress-address'), ['email', piece.contactId, email, 'bounce', outcome.reason.slice(0, 500)]);
  }
  return finish(deliveryId, repeated, 'failed', `smtp ${outcome.code ?? ''}: ${outcome.reason}`.trim(), messageId);
}
