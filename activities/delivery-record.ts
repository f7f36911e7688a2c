/**
 * The delivery record: every piece claims its idempotency key before anything is sent and ends
 * as sent, failed or skipped with a reason. A finished key is never sent again.
 */
import type pg from 'pg';
import { sql } from '../db/queries.js';
import type { Channel, DeliveryResult, DeliveryStatus } from './types.js';
import { TransientSendError } from './errors.js';
import type { ActivityDeps } from './deps.js';

export interface PieceIdentity {
  idempotencyKey: string;
  campaignId: string;
  contactId: number;
  step: string;
  channel: Channel;
  template: string | null;
  /** The template data, kept with the record so a failed piece can be replayed as it was. */
  data?: Record<string, unknown>;
}

export type Claim =
  | { kind: 'claimed'; deliveryId: number; repeated: boolean }
  | { kind: 'finished'; result: DeliveryResult };

interface Row {
  id: number;
  status: DeliveryStatus;
  reason: string | null;
  provider_id: string | null;
  fresh?: boolean;
  leased?: boolean;
}

function toResult(row: Row, repeated: boolean): DeliveryResult {
  return {
    deliveryId: row.id,
    status: row.status,
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.provider_id ? { providerId: row.provider_id } : {}),
    repeated,
  };
}

/**
 * How long an attempt's hold on its delivery row lasts unless renewed (see `leaseKeeper`): at
 * least 4 SMTP timeouts, so a renewal that is a little late never lets the hold lapse.
 */
export function leaseSeconds(deps: ActivityDeps): number {
  return Math.max(deps.config.DELIVERY_LEASE_SECONDS, Math.ceil((deps.config.SMTP_TIMEOUT_MS * 4) / 1000));
}

/** The pieces an attempt holds while it sends them. */
export interface LeaseKeeper {
  hold(deliveryId: number): void;
  drop(deliveryId: number): void;
  /** Stops renewing; the pieces still held keep the lease they have. */
  stop(): void;
}

/**
 * Renews the leases of the pieces this attempt holds every third of the lease, for as long as it
 * holds them. A send may wait its turn for a pooled connection and then up to SMTP_DATA_TIMEOUT_MS
 * for the relay's reply to the message's end; while the attempt lives its pieces stay held, so a
 * retry Temporal starts meanwhile (a timed-out attempt) finds them held and sends nothing. Only a
 * dead attempt's pieces run out, `seconds` after its last renewal.
 */
export function leaseKeeper(pool: pg.Pool, seconds: number, log?: ActivityDeps['log']): LeaseKeeper {
  const held = new Set<number>();
  const timer = setInterval(() => {
    if (held.size === 0) return;
    pool.query(sql('renew-leases'), [[...held], seconds]).catch((err: unknown) => log?.warn({ err: String(err) }, 'delivery leases not renewed'));
  }, (seconds * 1000) / 3);
  timer.unref();
  return {
    hold: (id) => void held.add(id),
    drop: (id) => void held.delete(id),
    stop: () => clearInterval(timer),
  };
}

/**
 * Claims the key. Throws a retryable error when another attempt holds the lease (it may still
 * be sending), so two attempts never send the same piece at once.
 */
export async function claimDelivery(pool: pg.Pool, piece: PieceIdentity, leaseSeconds: number): Promise<Claim> {
  const { rows } = await pool.query<Row>(sql('claim-delivery'), [
    piece.idempotencyKey,
    piece.campaignId,
    piece.contactId,
    piece.step,
    piece.channel,
    piece.template,
    leaseSeconds,
    piece.data ?? null,
  ]);
  const claimed = rows[0];
  if (claimed) return { kind: 'claimed', deliveryId: claimed.id, repeated: !claimed.fresh };
  const existing = (await pool.query<Row>(sql('delivery-by-key'), [piece.idempotencyKey])).rows[0];
  if (!existing) throw new TransientSendError(`delivery ${piece.idempotencyKey} vanished while being claimed`);
  if (existing.status === 'queued') throw new TransientSendError(`delivery ${piece.idempotencyKey} is being sent by another attempt`);
  return { kind: 'finished', result: toResult(existing, true) };
}

/** A page's claims by key; 'held' where another attempt holds the lease (it may still be sending). */
export type PageClaims = Map<string, Claim | 'held'>;

/** claimDelivery for many pieces in one statement (a broadcast page); same rules per key. */
export async function claimDeliveries(pool: pg.Pool, pieces: PieceIdentity[], leaseSeconds: number): Promise<PageClaims> {
  const claims: PageClaims = new Map();
  if (pieces.length === 0) return claims;
  const { rows } = await pool.query<Row & { idempotency_key: string }>(sql('claim-deliveries'), [
    pieces.map((p) => p.idempotencyKey),
    pieces.map((p) => p.campaignId),
    pieces.map((p) => p.contactId),
    pieces.map((p) => p.step),
    pieces.map((p) => p.channel),
    pieces.map((p) => p.template),
    leaseSeconds,
    pieces.map((p) => (p.data ? JSON.stringify(p.data) : null)),
  ]);
  for (const row of rows) claims.set(row.idempotency_key, { kind: 'claimed', deliveryId: row.id, repeated: !row.fresh });
  const others = pieces.map((p) => p.idempotencyKey).filter((key) => !claims.has(key));
  if (others.length > 0) {
    const existing = await pool.query<Row & { idempotency_key: string }>(sql('deliveries-by-keys'), [others]);
    for (const row of existing.rows) {
      claims.set(row.idempotency_key, row.status === 'queued' ? 'held' : { kind: 'finished', result: toResult(row, true) });
    }
  }
  return claims;
}

/** Writes final statuses, one row or several, in one statement. */
async function recordOutcomes(pool: pg.Pool, rows: Row[]): Promise<void> {
  await pool.query(sql('finish-deliveries'), [
    rows.map((r) => r.id),
    rows.map((r) => r.status),
    rows.map((r) => r.reason),
    rows.map((r) => r.provider_id),
  ]);
}

/** Records the final status and returns the result the activity reports. */
export async function finishDelivery(
  pool: pg.Pool,
  deliveryId: number,
  repeated: boolean,
  status: Exclude<DeliveryStatus, 'queued'>,
  reason?: string,
  providerId?: string,
): Promise<DeliveryResult> {
  const row: Row = { id: deliveryId, status, reason: reason ?? null, provider_id: providerId ?? null };
  await recordOutcomes(pool, [row]);
  return toResult(row, repeated);
}

/** finishDelivery without the pool: where a send records its outcome. */
export type Finish = (
  deliveryId: number,
  repeated: boolean,
  status: Exclude<DeliveryStatus, 'queued'>,
  reason?: string,
  providerId?: string,
) => Promise<DeliveryResult>;

interface PendingFinish {
  row: Row;
  repeated: boolean;
  done: (err?: unknown) => void;
}

/**
 * Group commit for a page's concurrent sends. Each send still waits until its own row is
 * committed, exactly as with finishDelivery; rows that finish while a commit is being written
 * go together in the next one: 7-8 rows a commit at 1,000 e-mails/s with 32 sends in flight. The
 * commit's flush to disk, waited for once per send before, was most of a send's wait.
 */
export function groupCommit(pool: pg.Pool): Finish {
  let queue: PendingFinish[] = [];
  let writing = false;
  const write = async (): Promise<void> => {
    writing = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        await recordOutcomes(pool, batch.map((p) => p.row));
        for (const p of batch) p.done();
      } catch (err) {
        for (const p of batch) p.done(err);
      }
    }
    writing = false;
  };
  return (deliveryId, repeated, status, reason, providerId) =>
    new Promise<DeliveryResult>((resolve, reject) => {
      const row: Row = { id: deliveryId, status, reason: reason ?? null, provider_id: providerId ?? null };
      queue.push({ row, repeated, done: (err) => (err === undefined ? resolve(toResult(row, repeated)) : reject(err)) });
      if (!writing) void write();
    });
}

/** A transient failure: leaves the row queued for the next attempt and throws a retryable error. */
export async function releaseDelivery(pool: pg.Pool, deliveryId: number, reason: string): Promise<never> {
  await pool.query(sql('release-delivery'), [deliveryId, reason]);
  throw new TransientSendError(reason, deliveryId);
}
