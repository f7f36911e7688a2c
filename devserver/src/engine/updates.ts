// Workflow Update: admission with dedup by id, delivery in workflow tasks as protocol messages,
// acceptance/rejection/completion from the worker, and waiting for a lifecycle stage.
import { EventType, ResourceExhaustedCause, UpdateStage } from '../enums.js';
import { Code, notFound, RpcError } from '../grpc/errors.js';
import { type Msg } from '../proto.js';
import type { Engine } from './context.js';
import { detachBytes } from './detach-bytes.js';
import { writeEvent } from './history.js';
import { isOpen, scheduleWorkflowTask } from './workflow-tasks.js';
import type { RunState, UpdateState } from './types.js';

/** The real server's history.maxInFlightUpdates and history.maxTotalUpdates defaults. */
export const MAX_IN_FLIGHT_UPDATES = 10;
export const MAX_TOTAL_UPDATES = 2000;

/** Updates admitted or accepted and not yet completed: the ones the in-flight limit counts. */
function inFlightCount(run: RunState): number {
  let n = 0;
  for (const u of Object.values(run.updates)) if (u.state !== 'completed') n++;
  return n;
}

/** Refuses a new update past the real server's limits: in flight, then in the run's life. */
function checkUpdateLimits(run: RunState): void {
  if (inFlightCount(run) >= MAX_IN_FLIGHT_UPDATES) {
    throw new RpcError(Code.RESOURCE_EXHAUSTED, `limit on number of concurrent in-flight updates has been reached (${MAX_IN_FLIGHT_UPDATES})`, {
      type: 'ResourceExhaustedFailure',
      value: { cause: ResourceExhaustedCause.CONCURRENT_LIMIT, scope: 1 /* RESOURCE_EXHAUSTED_SCOPE_NAMESPACE */ },
    });
  }
  // Rejected updates leave the real server's registry; accepted ones count for good.
  const total = Object.values(run.updates).filter((u) => !u.rejected).length;
  if (total >= MAX_TOTAL_UPDATES) {
    throw new RpcError(
      Code.FAILED_PRECONDITION,
      `The limit on the total number of distinct updates in this workflow has been reached (${MAX_TOTAL_UPDATES}). Make sure any duplicate updates share an Update ID so the server can deduplicate them, and consider rejecting updates that you aren't going to process. You can also Continue-as-New to avoid this; we recommend you check Continue-as-New Suggested in your Workflow.`,
    );
  }
}

/** True once the run has received enough updates that the real server suggests continue-as-new (90% of the total limit). */
export function tooManyUpdates(run: RunState): boolean {
  return Object.values(run.updates).filter((u) => !u.rejected).length >= Math.ceil(MAX_TOTAL_UPDATES * 0.9);
}

export function admitUpdate(engine: Engine, run: RunState, request: Msg): UpdateState {
  const id = String(request.meta?.updateId ?? '');
  const existing = run.updates[id];
  if (existing && !existing.rejected) return existing;
  checkUpdateLimits(run);
  detachBytes(request);
  const u: UpdateState = { id, request, state: 'admitted', acceptedEventId: 0, outcome: null };
  run.updates[id] = u;
  engine.store.touch(run);
  // An update does not wait for a start delay: the real server schedules the first task for it.
  if (run.backoffUntilMs > 0 && run.completedWftCount === 0 && !run.wft) {
    run.backoffUntilMs = 0;
    scheduleWorkflowTask(engine, run);
    return u;
  }
  scheduleWorkflowTask(engine, run, { speculative: true });
  return u;
}

function stageOf(u: UpdateState): number {
  if (u.state === 'completed') return UpdateStage.COMPLETED!;
  if (u.state === 'accepted') return UpdateStage.ACCEPTED!;
  return UpdateStage.ADMITTED!;
}

export function updateResponse(run: RunState, u: UpdateState): Msg {
  if (u.aborted) throw notFound('workflow update was aborted by closing workflow');
  return {
    updateRef: { workflowExecution: { workflowId: run.workflowId, runId: run.runId }, updateId: u.id },
    outcome: u.outcome ?? undefined,
    stage: stageOf(u),
  };
}

/** Resolves once the update reaches `stage` (or completes), or with its current stage after waitMs. */
export function waitForStage(engine: Engine, run: RunState, u: UpdateState, stage: number, waitMs: number, onCancel: (fn: () => void) => void): Promise<Msg> {
  const want = stage === UpdateStage.ACCEPTED ? UpdateStage.ACCEPTED! : UpdateStage.COMPLETED!;
  const reached = (): boolean => u.aborted === true || stageOf(u) >= want;
  if (reached()) return Promise.resolve(updateResponse(run, u));
  return new Promise((resolve, reject) => {
    let stop = (): void => {};
    const timer = setTimeout(() => settle(), waitMs);
    const settle = (): void => {
      clearTimeout(timer);
      stop();
      try {
        resolve(updateResponse(run, u));
      } catch (err) {
        reject(err);
      }
    };
    const listen = (): void => {
      stop = engine.live.onUpdate(run.key, u.id, () => (reached() ? settle() : listen()));
    };
    listen();
    onCancel(() => {
      clearTimeout(timer);
      stop();
    });
  });
}

/** The worker's Acceptance message, handled at its PROTOCOL_MESSAGE command. */
export function acceptUpdate(engine: Engine, run: RunState, body: Msg): void {
  const id = String(body.acceptedRequest?.meta?.updateId ?? body.acceptedRequestMessageId?.replace(/\/request$/, '') ?? '');
  const u = run.updates[id];
  if (!u || !isOpen(run)) return; // a run closed by this task already settled its updates
  const ev = writeEvent(engine, run, EventType.WORKFLOW_EXECUTION_UPDATE_ACCEPTED!, {
    protocolInstanceId: id,
    acceptedRequestMessageId: body.acceptedRequestMessageId,
    acceptedRequestSequencingEventId: body.acceptedRequestSequencingEventId,
    acceptedRequest: body.acceptedRequest ?? u.request,
  });
  u.state = 'accepted';
  u.acceptedEventId = ev.eventId;
  engine.live.updateChanged(run.key, id);
}

/** The worker's Response message: the handler's outcome. */
export function completeUpdate(engine: Engine, run: RunState, body: Msg): void {
  const id = String(body.meta?.updateId ?? '');
  const u = run.updates[id];
  if (!u || !isOpen(run)) return;
  writeEvent(engine, run, EventType.WORKFLOW_EXECUTION_UPDATE_COMPLETED!, { meta: body.meta, acceptedEventId: u.acceptedEventId, outcome: body.outcome });
  u.state = 'completed';
  u.outcome = body.outcome;
  engine.live.updateChanged(run.key, id);
}

export function rejectUpdate(engine: Engine, run: RunState, body: Msg): void {
  const id = String(body.rejectedRequest?.meta?.updateId ?? body.rejectedRequestMessageId?.replace(/\/request$/, '') ?? '');
  const u = run.updates[id];
  if (!u) return;
  u.state = 'completed';
  u.rejected = true;
  u.outcome = { failure: body.failure };
  engine.live.updateChanged(run.key, id);
}

/** A closing run ends its updates: unaccepted ones are aborted, accepted ones fail. */
export function abortUpdates(engine: Engine, run: RunState): void {
  for (const u of Object.values(run.updates)) {
    if (u.state === 'completed') continue;
    if (u.state === 'accepted') {
      u.outcome = { failure: { message: 'Workflow Update failed because the Workflow completed before the Update completed.', source: 'Server', applicationFailureInfo: { type: 'AcceptedUpdateCompletedWorkflow', nonRetryable: true } } };
    } else {
      u.aborted = true;
    }
    u.state = 'completed';
    engine.live.updateChanged(run.key, u.id);
  }
}

/** Finds the update for a poll; a rejected or unknown id is NOT_FOUND. */
export function findUpdate(run: RunState, updateId: string): UpdateState {
  const u = run.updates[updateId];
  if (!u || u.rejected) throw notFound(`update "${updateId}" not found`);
  return u;
}

export { isOpen };
