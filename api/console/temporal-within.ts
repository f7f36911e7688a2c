/**
 * A Temporal call with a short deadline: a console page shows what Postgres holds at once and
 * says when Temporal did not answer, instead of hanging on an unreachable server.
 */
import type { Client } from '@temporalio/client';

export const TEMPORAL_WAIT_MS = 1500;

export async function temporalWithin<T>(temporal: Client, fn: () => Promise<T>, waitMs = TEMPORAL_WAIT_MS): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await temporal.connection.withDeadline(Date.now() + waitMs, fn) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
