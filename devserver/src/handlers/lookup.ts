// Finding the run a request names, with the real server's NOT_FOUND texts.
import type { Engine } from '../engine/context.js';
import type { RunState } from '../engine/types.js';
import { invalidArgument, namespaceNotFound, notFound } from '../grpc/errors.js';
import type { Msg } from '../proto.js';

export function requireNamespace(engine: Engine, namespace: string): string {
  const ns = namespace || 'default';
  if (!engine.store.getDoc(`ns/${ns}`)) throw namespaceNotFound(ns);
  return ns;
}

/** The run an execution names; an empty run id means the current run of the workflow id. */
export function lookupRun(engine: Engine, namespace: string, execution: Msg, firstExecutionRunId?: string): RunState {
  const workflowId = String(execution?.workflowId ?? '');
  if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
  const runId = String(execution?.runId ?? '');
  const run = engine.store.findRun(namespace || 'default', workflowId, runId || undefined);
  if (!run) throw notFound(`workflow not found for ID: ${workflowId}`);
  if (firstExecutionRunId && run.firstExecutionRunId !== firstExecutionRunId) throw notFound(`workflow not found for ID: ${workflowId}`);
  return run;
}
