/**
 * POST /call-outcomes: the call centre reports how a call task ended; the workflow that created
 * the task hears of it at once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { TimeframeError } from '../client/heat.js';
import { reportCallOutcome, UnknownCallTaskError } from '../client/respond.js';
import { HttpError, readFields, sendJson } from './http.js';
import type { ApiDeps } from './server.js';

const outcomeBody = z.object({
  taskId: z.string().min(1).max(200),
  outcome: z.enum(['reached-interested', 'reached-refused', 'no-answer']),
  notes: z.string().max(2000).optional(),
  /** What the customer said of when they will buy: re-scores their heat. */
  purchaseTimeframe: z.string().min(1).max(200).optional(),
});

export async function handleCallOutcome(deps: ApiDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const parsed = outcomeBody.safeParse(await readFields(req));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(422, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  const { taskId, outcome, notes, purchaseTimeframe } = parsed.data;
  try {
    await reportCallOutcome({ temporal: deps.temporal, pool: deps.pool, taskQueue: deps.taskQueue }, taskId, outcome, notes, purchaseTimeframe);
  } catch (err) {
    if (err instanceof UnknownCallTaskError) throw new HttpError(404, 'unknown call task');
    if (err instanceof TimeframeError) throw new HttpError(422, err.message);
    throw err;
  }
  sendJson(res, 200, { accepted: true });
}
