// Workflow Update: admission with dedup by id, delivery in workflow tasks as protocol messages,
// acceptance/rejection/completion from the worker, and waiting for a lifecycle stage.
import { EventType, UpdateStage } from '../enums.js';
import { notFound } from '../grpc/errors.js';
import { type Msg } from '../proto.js';
import type { Engine } from './context.js';
import { detachBytes } from './detach-bytes.js';
import { writeEvent } from './history.js';
import { isOpen, scheduleWorkflowTask } from './workflow-tasks.js';
import type { RunState, UpdateState } from './types.js';

export function admitUpdate(engine: Engine, run: RunState, request: Msg): UpdateState {
  const id = String(request.meta?.updateId ?? '');
  const existing = run.updates[id];
  if (existing && !existing.rejected) return existing;
  detachBytes(request);
  const u: UpdateState = { id, request, state: 'admitted', acceptedEventId: 0, outcome: null };
  run.updates[id] = u;
  engine.store.touch(run);
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
