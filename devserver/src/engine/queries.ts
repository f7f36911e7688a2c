// Queries: a legacy query task when the workflow is idle or closed, otherwise delivered with the
// next workflow task (a consistent query).
import { invalidArgument, RpcError, Code } from '../grpc/errors.js';
import type { Msg } from '../proto.js';
import type { Engine } from './context.js';
import type { QueryWaiter } from './live-waiters.js';
import { isOpen } from './workflow-tasks.js';
import type { RunState } from './types.js';

export function queryRun(engine: Engine, run: RunState, query: Msg, onCancel: (fn: () => void) => void): Promise<Msg> {
  return new Promise((resolve, reject) => {
    const waiter: QueryWaiter = { id: engine.newId(), runKey: run.key, query, resolve, reject };
    const legacy = !isOpen(run) || (!run.wft && run.completedWftCount > 0);
    if (legacy) sendLegacy(engine, run, waiter);
    else {
      const list = engine.live.pendingQueries.get(run.key) ?? [];
      list.push(waiter);
      engine.live.pendingQueries.set(run.key, list);
    }
    onCancel(() => {
      engine.live.inflightQueries.delete(waiter.id);
      const list = engine.live.pendingQueries.get(run.key);
      if (list) {
        const i = list.indexOf(waiter);
        if (i >= 0) list.splice(i, 1);
      }
      reject(new RpcError(Code.DEADLINE_EXCEEDED, 'query timed out before a worker could process it'));
    });
  });
}

function sendLegacy(engine: Engine, run: RunState, waiter: QueryWaiter): void {
  engine.live.inflightQueries.set(waiter.id, waiter);
  // Always the normal queue: its full history works even if the sticky worker evicted the run.
  engine.matching.enqueue(run.namespace, 'workflow', run.taskQueue, { kind: 'query', queryId: waiter.id });
}

/** Consistent queries left without a workflow task go out as legacy query tasks. */
export function redirectPendingQueries(engine: Engine, run: RunState): void {
  const list = engine.live.pendingQueries.get(run.key);
  if (!list || list.length === 0) return;
  engine.live.pendingQueries.delete(run.key);
  for (const q of list) sendLegacy(engine, run, q);
}

/** Settles a query from a worker answer (legacy RespondQueryTaskCompleted or a WFT's queryResults). */
export function answerQuery(engine: Engine, queryId: string, answer: { ok: boolean; result?: Msg; errorMessage?: string; failure?: Msg }): boolean {
  const q = engine.live.inflightQueries.get(queryId);
  if (!q) return false;
  engine.live.inflightQueries.delete(queryId);
  if (answer.ok) q.resolve({ queryResult: answer.result });
  else q.reject(new RpcError(Code.INVALID_ARGUMENT, answer.errorMessage ?? 'query failed', { type: 'QueryFailedFailure', value: { failure: answer.failure } }));
  return true;
}

export { invalidArgument };
