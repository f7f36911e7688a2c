// StartWorkflowExecution and SignalWithStartWorkflowExecution.
import { terminateRun } from '../engine/children.js';
import { firstCronDelayMs, startedAttributes, validateCron } from '../engine/cron.js';
import type { Engine } from '../engine/context.js';
import { endStartBackoff, signalRun, startRun } from '../engine/lifecycle.js';
import { decideStart } from '../engine/start-policy.js';
import { dispatchWorkflowTask, startWorkflowTask } from '../engine/workflow-tasks.js';
import type { RunState } from '../engine/types.js';
import { ConflictPolicy } from '../enums.js';
import { invalidArgument } from '../grpc/errors.js';
import type { Handlers } from '../grpc/server.js';
import { durationMs, type Msg } from '../proto.js';
import { checkStartLimits, MAX_ID_LENGTH } from './limits.js';
import { requireNamespace } from './lookup.js';
import { validateSearchAttributes } from '../visibility/search-attributes.js';

export interface StartResult {
  run: RunState;
  started: boolean;
  /** This request made the run (not a repeat of its request id, nor an existing run used). */
  created?: boolean;
}

/** Validates and applies a StartWorkflowExecutionRequest-shaped request. */
export function startWorkflow(engine: Engine, req: Msg, defaultConflict: number, beforeFirstTask?: (run: RunState) => void): StartResult {
  const namespace = requireNamespace(engine, req.namespace);
  if (!req.workflowId) throw invalidArgument('WorkflowId is not set on request.');
  if (!req.workflowType?.name) throw invalidArgument('WorkflowType is not set on request.');
  if (!req.taskQueue?.name) throw invalidArgument('TaskQueue is not set on request.');
  checkStartLimits(req);
  for (const [name, d] of [['WorkflowExecutionTimeout', req.workflowExecutionTimeout], ['WorkflowRunTimeout', req.workflowRunTimeout], ['WorkflowTaskTimeout', req.workflowTaskTimeout]] as const) {
    if (durationMs(d) < 0) throw invalidArgument(`Invalid ${name}.`);
  }
  const cronSchedule = String(req.cronSchedule ?? '');
  if (cronSchedule) {
    validateCron(cronSchedule);
    if (durationMs(req.workflowStartDelay) > 0) throw invalidArgument('CronSchedule and WorkflowStartDelay may not be used together.');
  }
  const searchAttributes = req.searchAttributes?.indexedFields ?? {};
  validateSearchAttributes(engine, namespace, searchAttributes);
  const requestId = String(req.requestId || engine.newId());
  const decision = decideStart(engine, namespace, req.workflowId, req.workflowIdReusePolicy ?? 0, req.workflowIdConflictPolicy ?? 0, requestId, defaultConflict);
  if (decision.action === 'refuse') throw decision.error;
  if (decision.action === 'existing') return { run: decision.run, started: decision.started };
  if (decision.action === 'terminate-then-start') terminateRun(engine, decision.run, 'terminated by a new start with WorkflowIdConflictPolicy TERMINATE_EXISTING', undefined, String(req.identity ?? ''));
  const run = startRun(engine, {
    namespace,
    workflowId: req.workflowId,
    workflowType: req.workflowType.name,
    taskQueue: req.taskQueue.name,
    input: req.input,
    header: req.header,
    memo: req.memo,
    searchAttributes,
    executionTimeoutMs: durationMs(req.workflowExecutionTimeout),
    runTimeoutMs: durationMs(req.workflowRunTimeout),
    taskTimeoutMs: durationMs(req.workflowTaskTimeout),
    identity: String(req.identity ?? ''),
    requestId,
    // A cron workflow's first run waits for the first cron time.
    startDelayMs: cronSchedule ? firstCronDelayMs(engine, cronSchedule) : durationMs(req.workflowStartDelay),
    cronSchedule: cronSchedule || undefined,
    retryPolicy: req.retryPolicy,
    userMetadata: req.userMetadata,
    priority: req.priority,
    eager: req.requestEagerExecution === true,
    beforeFirstTask,
  });
  return { run, started: true, created: true };
}

export function startHandlers(engine: Engine): Handlers {
  return {
    StartWorkflowExecution: (req: Msg) => {
      const { run, started, created } = startWorkflow(engine, req, ConflictPolicy.FAIL!);
      // Eager workflow start: a worker sharing the client's connection asked to take the first
      // task itself, so it is started here and returned, never queued for a poller. Only for a
      // run this request started whose first task is due now (no start delay or cron wait).
      const wft = run.wft;
      // The run's first task was kept back from pollers for this (startRun's `eager`), so a worker
      // already polling the queue cannot take it first.
      const eagerWorkflowTask =
        req.requestEagerExecution && created && wft?.state === 'scheduled' && !wft.sticky
          ? (startWorkflowTask(engine, { kind: 'wft', runKey: run.key, seq: wft.seq }, { identity: req.identity }, false) ?? undefined)
          : undefined;
      if (req.requestEagerExecution && created && !eagerWorkflowTask) dispatchWorkflowTask(engine, run);
      return { runId: run.runId, started, status: run.status, eagerWorkflowTask };
    },
    SignalWithStartWorkflowExecution: (req: Msg) => {
      if (!req.signalName) throw invalidArgument('SignalName is not set on request.');
      const signalNameLength = Buffer.byteLength(String(req.signalName));
      if (signalNameLength > MAX_ID_LENGTH) throw invalidArgument(`signal name exceeds maximum allowed length (${signalNameLength}/${MAX_ID_LENGTH})`);
      const signal = { signalName: req.signalName, input: req.signalInput, identity: req.identity, header: req.header, requestId: req.requestId ? `${req.requestId}|signal` : undefined };
      const { run, started } = startWorkflow(engine, req, ConflictPolicy.USE_EXISTING!, (newRun) => signalRun(engine, newRun, signal));
      // A signal skips a start delay but not the wait for a cron time.
      const cron = Boolean(startedAttributes(engine, run).cronSchedule);
      if (!started) signalRun(engine, run, signal);
      if (!cron) endStartBackoff(engine, run);
      return { runId: run.runId, started };
    },
  };
}
