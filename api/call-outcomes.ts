/**
 * POST /call-outcomes: the call centre reports how a call task ended. The task is found by the
 * centre's task id in our record (never by ids in the body), the outcome recorded once, and the
 * workflow that created the task signalled.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sql } from '../db/queries.js';
import { submitCallOutcome } from '../client/respond.js';
import { HttpError, readFields, sendJson } from './http.js';
import type { ApiDeps } from './server.js';

const outcomeBody = z.object({
  taskId: z.string().min(1).max(200),
  outcome: z.enum(['reached-interested', 'reached-refused', 'no-answer']),
  notes: z.string().max(2000).optional(),
});

export async function handleCallOutcome(deps: ApiDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const parsed = outcomeBody.safeParse(await readFields(req));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(422, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  const { taskId, outcome, notes } = parsed.data;
  const { rows } = await deps.pool.query<{ workflow_id: string; idempotency_key: string }>(sql('call-task-by-provider-id'), [taskId]);
  const task = rows[0];
  if (!task) throw new HttpError(404, 'unknown call task');
  await deps.pool.query(sql('record-call-outcome'), [taskId, outcome, notes ?? null]);
  await submitCallOutcome(deps.temporal, task.workflow_id, { taskKey: task.idempotency_key, outcome, note: notes });
  sendJson(res, 200, { accepted: true });
}
