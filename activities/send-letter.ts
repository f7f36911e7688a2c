/**
 * Print pieces for the letter shop: each piece claims its key and is checked for consent and a
 * postal address now; the pieces of a call are rendered into one merged PDF and handed over as
 * one print job with its manifest. Piece ids are delivery ids, so the shop can spot a duplicate.
 */
import { createHash } from 'node:crypto';
import type { ManifestRow } from '../adapters/letter-shop.js';
import type { PrintPiece } from '../render/types.js';
import { readContact, reach, type ContactRow } from './contacts.js';
import { claimDelivery, finishDelivery, leaseSeconds, releaseDelivery } from './delivery-record.js';
import type { ActivityDeps } from './deps.js';
import { buildPieceContext, defaultSender } from './piece-context.js';
import { TransientSendError } from './errors.js';
import type { DeliveryResult, PieceRequest } from './types.js';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 500);

interface Ready {
  deliveryId: number;
  repeated: boolean;
  contact: ContactRow;
  print: PrintPiece;
}

export const pieceIdFor = (deliveryId: number): string => `piece-${deliveryId}`;

/** Claims and checks one letter; returns the finished result, or what is needed to print it. */
async function prepare(deps: ActivityDeps, piece: PieceRequest): Promise<DeliveryResult | Ready> {
  const { pool } = deps;
  const claim = await claimDelivery(pool, { ...piece, channel: 'post' }, leaseSeconds(deps));
  if (claim.kind === 'finished') return claim.result;
  const { deliveryId, repeated } = claim;
  const now = await readContact(pool, piece.contactId);
  if (!now) return finishDelivery(pool, deliveryId, repeated, 'skipped', 'unknown contact');
  const allowed = reach(now, 'post');
  if (!allowed.ok) return finishDelivery(pool, deliveryId, repeated, 'skipped', allowed.reason);
  try {
    const context = await buildPieceContext({
      pool,
      contact: now.contact,
      campaignId: piece.campaignId,
      baseUrl: deps.config.PUBLIC_BASE_URL,
      linkSecret: deps.config.CUSTOMER_LINK_SECRET,
      sender: deps.sender ?? defaultSender,
      now: deps.clock?.now() ?? new Date(),
      data: piece.data,
    });
    return { deliveryId, repeated, contact: now.contact, print: { pieceId: pieceIdFor(deliveryId), template: piece.template, context } };
  } catch (err) {
    return finishDelivery(pool, deliveryId, repeated, 'failed', `render: ${message(err)}`);
  }
}

function manifestRow(r: Ready, pages: number): ManifestRow {
  return {
    pieceId: r.print.pieceId,
    contactId: r.contact.id,
    name: r.contact.name,
    address: (r.contact.address ?? '').replace(/\r?\n/g, ', '),
    postcode: r.contact.postcode ?? '',
    city: r.contact.city ?? '',
    pages,
  };
}

/**
 * Renders the pieces as one batch; a piece whose template fails is taken out and recorded as
 * failed, so one bad piece does not stop the rest of the batch.
 */
async function renderBatch(deps: ActivityDeps, ready: Ready[], results: DeliveryResult[]) {
  try {
    return { ok: ready, batch: await deps.renderer.renderPrintBatch(ready.map((r) => r.print)) };
  } catch {
    const ok: Ready[] = [];
    for (const r of ready) {
      try {
        await deps.renderer.renderPrintBatch([r.print]);
        ok.push(r);
      } catch (err) {
        results.push(await finishDelivery(deps.pool, r.deliveryId, r.repeated, 'failed', `render: ${message(err)}`));
      }
    }
    return { ok, batch: ok.length ? await deps.renderer.renderPrintBatch(ok.map((r) => r.print)) : null };
  }
}

/**
 * Sends letters as one print job named `jobPrefix` plus a digest of its pieces (a retried job with
 * the same pieces overwrites the same files). Returns one result per piece, in no set order.
 */
export async function sendLetters(deps: ActivityDeps, pieces: PieceRequest[], jobPrefix: string): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = [];
  const ready: Ready[] = [];
  // A piece held by another attempt is left for a retry, after the others went out.
  let held: TransientSendError | undefined;
  for (const piece of pieces) {
    let prepared: DeliveryResult | Ready;
    try {
      prepared = await prepare(deps, piece);
    } catch (err) {
      if (!(err instanceof TransientSendError)) throw err;
      held ??= err;
      continue;
    }
    if ('print' in prepared) ready.push(prepared);
    else results.push(prepared);
  }
  const sent = await printAndSubmit(deps, ready, results, jobPrefix);
  const campaignId = pieces[0]?.campaignId;
  if (campaignId && pieces.every((p) => p.campaignId === campaignId)) for (const r of sent) deps.metrics?.piece('post', campaignId, r);
  if (held) throw held;
  return sent;
}

async function printAndSubmit(deps: ActivityDeps, ready: Ready[], results: DeliveryResult[], jobPrefix: string): Promise<DeliveryResult[]> {
  if (!ready.length) return results;
  const { ok, batch } = await renderBatch(deps, ready, results);
  if (!batch || !ok.length) return results;

  const pages = new Map(batch.pieces.map((p) => [p.pieceId, p.pages]));
  const digest = createHash('sha256').update(ok.map((r) => r.print.pieceId).join(',')).digest('hex').slice(0, 12);
  const jobId = `${jobPrefix}-${digest}`.replace(/[^A-Za-z0-9._-]+/g, '_');
  const outcome = await deps.letterShop.submit({ jobId, pdf: batch.pdf, rows: ok.map((r) => manifestRow(r, pages.get(r.print.pieceId) ?? 0)) });
  if (outcome.kind === 'transient') {
    for (const r of ok.slice(1)) await releaseDelivery(deps.pool, r.deliveryId, `letter shop: ${outcome.reason}`).catch(() => undefined);
    return releaseDelivery(deps.pool, ok[0]!.deliveryId, `letter shop: ${outcome.reason}`);
  }
  for (const r of ok) results.push(await finishDelivery(deps.pool, r.deliveryId, r.repeated, 'sent', undefined, r.print.pieceId));
  return results;
}

/** One letter, once per key, as its own print job. */
export async function sendLetter(deps: ActivityDeps, piece: PieceRequest): Promise<DeliveryResult> {
  const [result] = await sendLetters(deps, [piece], `${piece.campaignId}-${piece.step}-${piece.contactId}`);
  if (!result) throw new Error(`no result for ${piece.idempotencyKey}`);
  return result;
}
