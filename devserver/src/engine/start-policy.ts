// Workflow id reuse and conflict policies, and request-id idempotency, for every kind of start.
import { ConflictPolicy, ReusePolicy, WorkflowStatus } from '../enums.js';
import { alreadyStarted, invalidArgument, type RpcError } from '../grpc/errors.js';
import type { Engine } from './context.js';
import { isOpen } from './workflow-tasks.js';
import type { RunState } from './types.js';

export type StartDecision =
  | { action: 'start' }
  | { action: 'existing'; run: RunState; started: boolean }
  | { action: 'terminate-then-start'; run: RunState }
  | { action: 'refuse'; error: RpcError };

function alreadyRunning(run: RunState): RpcError {
  return alreadyStarted(`Workflow execution is already running. WorkflowId: ${run.workflowId}, RunId: ${run.runId}.`, run.startRequestId, run.runId);
}

/**
 * Decides what a start request does given the current run of its workflow id.
 * @param defaultConflict what UNSPECIFIED means: FAIL for Start, USE_EXISTING for SignalWithStart
 */
export function decideStart(engine: Engine, namespace: string, workflowId: string, reuse: number, conflict: number, requestId: string, defaultConflict: number): StartDecision {
  if (reuse === ReusePolicy.TERMINATE_IF_RUNNING) {
    if (conflict) return { action: 'refuse', error: invalidArgument('Invalid WorkflowIDReusePolicy: WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING cannot be used together with a WorkflowIDConflictPolicy.') };
    conflict = ConflictPolicy.TERMINATE_EXISTING!;
    reuse = ReusePolicy.ALLOW_DUPLICATE!;
  }
  if (reuse === ReusePolicy.REJECT_DUPLICATE && conflict === ConflictPolicy.TERMINATE_EXISTING) {
    return { action: 'refuse', error: invalidArgument('Invalid WorkflowIDReusePolicy: WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE cannot be used together with WorkflowIdConflictPolicy WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING') };
  }
  const current = engine.store.currentRun(namespace, workflowId);
  if (!current) return { action: 'start' };
  if (requestId && current.startRequestId === requestId) return { action: 'existing', run: current, started: true };
  if (isOpen(current)) {
    const policy = conflict || defaultConflict;
    if (policy === ConflictPolicy.USE_EXISTING) return { action: 'existing', run: current, started: false };
    if (policy === ConflictPolicy.TERMINATE_EXISTING) return { action: 'terminate-then-start', run: current };
    return { action: 'refuse', error: alreadyRunning(current) };
  }
  if (reuse === ReusePolicy.REJECT_DUPLICATE) {
    return { action: 'refuse', error: alreadyStarted(`Workflow execution already finished and WorkflowIdReusePolicy is REJECT_DUPLICATE. WorkflowId: ${workflowId}, RunId: ${current.runId}.`, current.startRequestId, current.runId) };
  }
  if (reuse === ReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY && (current.status === WorkflowStatus.COMPLETED || current.status === WorkflowStatus.CONTINUED_AS_NEW)) {
    return { action: 'refuse', error: alreadyStarted(`Workflow execution already finished successfully and WorkflowIdReusePolicy is ALLOW_DUPLICATE_FAILED_ONLY. WorkflowId: ${workflowId}, RunId: ${current.runId}.`, current.startRequestId, current.runId) };
  }
  return { action: 'start' };
}

/** For child starts: null when a new run may start, else the reason it may not. */
export function checkStartAllowed(engine: Engine, namespace: string, workflowId: string, reuse: number, conflict: number, requestId: string): RpcError | null {
  const d = decideStart(engine, namespace, workflowId, reuse, conflict, requestId, ConflictPolicy.FAIL!);
  if (d.action === 'start') return null;
  if (d.action === 'refuse') return d.error;
  return alreadyRunning(d.run);
}
