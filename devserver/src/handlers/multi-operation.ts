// ExecuteMultiOperation: update-with-start.
import type { Engine } from '../engine/context.js';
import { admitUpdate, updateResponse, waitForStage } from '../engine/updates.js';
import { isOpen } from '../engine/workflow-tasks.js';
import { ConflictPolicy, UpdateStage } from '../enums.js';
import { longPollMs } from '../grpc/call-context.js';
import { Code, invalidArgument, RpcError } from '../grpc/errors.js';
import type { Handlers } from '../grpc/server.js';
import { anyOf, type Msg } from '../proto.js';
import { requireNamespace } from './lookup.js';
import { startWorkflow } from './start-handlers.js';

function multiOpError(err: RpcError, failedIndex: number): RpcError {
  const statuses = [0, 1].map((i) =>
    i === failedIndex
      ? { code: err.code, message: err.message, details: err.detail ? [anyOf(`temporal.api.errordetails.v1.${err.detail.type}`, err.detail.value)] : [] }
      : { code: Code.ABORTED, message: 'Operation was aborted.', details: [anyOf('temporal.api.failure.v1.MultiOperationExecutionAborted', {})] },
  );
  return new RpcError(err.code, `MultiOperation could not be executed: ${err.message}`, { type: 'MultiOperationExecutionFailure', value: { statuses } });
}

export function multiOperationHandlers(engine: Engine): Handlers {
  return {
    ExecuteMultiOperation: async (req: Msg, ctx) => {
      const ops: Msg[] = req.operations ?? [];
      const start = ops[0]?.startWorkflow;
      const upd = ops[1]?.updateWorkflow;
      if (ops.length !== 2 || !start || !upd) throw invalidArgument('Operations have to be exactly [Start, Update].');
      const namespace = requireNamespace(engine, req.namespace);
      if (upd.workflowExecution?.workflowId !== start.workflowId) throw invalidArgument('Operations have mismatched workflow ids.');
      if (upd.workflowExecution?.runId || upd.firstExecutionRunId) throw invalidArgument('RunId and FirstExecutionRunId are not allowed on the update operation.');
      if (start.cronSchedule || start.requestEagerExecution || start.workflowStartDelay) throw invalidArgument('CronSchedule, RequestEagerExecution and WorkflowStartDelay are not allowed on the start operation.');
      const updateId = String(upd.request?.meta?.updateId ?? '');
      const stage = upd.waitPolicy?.lifecycleStage || UpdateStage.COMPLETED!;
      const current = engine.store.currentRun(namespace, start.workflowId);
      let run = current;
      let started = false;
      const reuse = current && isOpen(current) && (start.requestId === current.startRequestId || updateId in current.updates || (start.workflowIdConflictPolicy ?? 0) === ConflictPolicy.USE_EXISTING);
      if (current && !isOpen(current) && current.updates[updateId]?.state === 'completed' && !current.updates[updateId]!.rejected) {
        return { responses: [{ startWorkflow: { runId: current.runId, started: false, status: current.status } }, { updateWorkflow: updateResponse(current, current.updates[updateId]!) }] };
      }
      if (!reuse) {
        try {
          const r = startWorkflow(engine, { ...start, namespace }, ConflictPolicy.FAIL!);
          run = r.run;
          started = r.started;
        } catch (err) {
          if (err instanceof RpcError) throw multiOpError(err, 0);
          throw err;
        }
      }
      let u;
      try {
        u = admitUpdate(engine, run!, upd.request);
      } catch (err) {
        if (err instanceof RpcError) throw multiOpError(err, 1);
        throw err;
      }
      const updateResult = await waitForStage(engine, run!, u, stage, longPollMs(ctx, 20_000), ctx.onCancel);
      return { responses: [{ startWorkflow: { runId: run!.runId, started, status: run!.status } }, { updateWorkflow: updateResult }] };
    },
  };
}
