// A schedule's life: nominal times from its spec, catch-up window, overlap policies, starting
// runs, tracking them until they close, pause/unpause, trigger and backfill.
import { requestCancelRun, terminateRun } from '../engine/children.js';
import type { Engine } from '../engine/context.js';
import { startRun } from '../engine/lifecycle.js';
import { decideStart } from '../engine/start-policy.js';
import type { RunState } from '../engine/types.js';
import { isOpen } from '../engine/workflow-tasks.js';
import { ConflictPolicy, ReusePolicy, WorkflowStatus } from '../enums.js';
import { durationMs, msDuration, msTimestamp, payloadJson, type Msg } from '../proto.js';
import { actionTime, actionTimesBetween, canonicalSpec, compileSpec, nextTime, type ActionTime, type CompiledSpec } from './schedule-spec.js';

export const Overlap = { SKIP: 1, BUFFER_ONE: 2, BUFFER_ALL: 3, CANCEL_OTHER: 4, TERMINATE_OTHER: 5, ALLOW_ALL: 6 } as const;
const DEFAULT_CATCHUP_MS = 365 * 86_400_000;
const MIN_CATCHUP_MS = 10_000;
const MAX_BUFFER = 1000;

interface BufferedStart {
  nominalMs: number;
  /** When the action was due: the nominal time plus jitter (absent in state written before jitter). */
  actualMs?: number;
  overlap: number;
  /** Trigger and backfill starts allow a duplicate workflow id. */
  manual: boolean;
}

export interface ScheduleDoc {
  namespace: string;
  scheduleId: string;
  schedule: Msg;
  memo: Msg;
  searchAttributes: Msg;
  actionCount: number;
  missedCatchupWindow: number;
  overlapSkipped: number;
  bufferDropped: number;
  recentActions: Msg[];
  running: { workflowId: string; runId: string }[];
  createTimeMs: number;
  updateTimeMs: number;
  conflictToken: number;
  lastProcessedMs: number;
  buffer: BufferedStart[];
  timerId: number;
}

export const scheduleKey = (namespace: string, scheduleId: string): string => `sched/${namespace}/${scheduleId}`;

function compiled(doc: ScheduleDoc): CompiledSpec {
  return compileSpec(doc.schedule.spec);
}

/** What a schedule's jitter is hashed with, so that each schedule has its own offsets. */
const jitterSeed = (doc: ScheduleDoc): string => `${doc.namespace}-${doc.scheduleId}`;

/** Action times (nominal and jittered) after a nominal time, due by toMs. */
export function dueActionTimes(doc: ScheduleDoc, fromMs: number, toMs: number, limit: number): ActionTime[] {
  return actionTimesBetween(compiled(doc), jitterSeed(doc), fromMs, toMs, limit);
}

export function overlapPolicy(doc: ScheduleDoc): number {
  return doc.schedule.policies?.overlapPolicy || Overlap.SKIP;
}

export function catchupWindowMs(doc: ScheduleDoc): number {
  const ms = durationMs(doc.schedule.policies?.catchupWindow);
  return ms === 0 ? DEFAULT_CATCHUP_MS : Math.max(MIN_CATCHUP_MS, ms);
}

/** Normalises a schedule from a request: canonical spec, resolved policies. */
export function normaliseSchedule(schedule: Msg): Msg {
  const spec = canonicalSpec(compileSpec(schedule.spec));
  return {
    spec,
    action: schedule.action,
    policies: { ...(schedule.policies ?? {}), overlapPolicy: schedule.policies?.overlapPolicy || Overlap.SKIP, catchupWindow: msDuration(durationMs(schedule.policies?.catchupWindow) === 0 ? DEFAULT_CATCHUP_MS : Math.max(MIN_CATCHUP_MS, durationMs(schedule.policies?.catchupWindow))) },
    state: { notes: schedule.state?.notes ?? '', paused: !!schedule.state?.paused, limitedActions: !!schedule.state?.limitedActions, remainingActions: Number(schedule.state?.remainingActions ?? 0) },
  };
}

const processing = new Set<string>();

/** Brings a schedule up to now: collect due times, start what the overlap policy allows, re-arm. */
export function processSchedule(engine: Engine, doc: ScheduleDoc): void {
  const key = scheduleKey(doc.namespace, doc.scheduleId);
  if (processing.has(key)) return; // a run closed by this very processing re-enters
  processing.add(key);
  try {
    const now = engine.clock.now();
    const spec = compiled(doc);
    const state = doc.schedule.state;
    let processedTo = now;
    if (!state.paused) {
      for (const t of actionTimesBetween(spec, jitterSeed(doc), doc.lastProcessedMs, now, MAX_BUFFER)) {
        if (state.limitedActions && state.remainingActions <= 0) break;
        if (now - t.actualMs > catchupWindowMs(doc)) doc.missedCatchupWindow++;
        else if (doc.buffer.length >= MAX_BUFFER) doc.bufferDropped++;
        else doc.buffer.push({ nominalMs: t.nominalMs, actualMs: t.actualMs, overlap: overlapPolicy(doc), manual: false });
        processedTo = t.nominalMs;
      }
      // A nominal time already passed whose jittered time has not is still to come.
      const pending = nextTime(spec, processedTo);
      processedTo = pending <= now ? pending - 1 : now;
    }
    doc.lastProcessedMs = processedTo;
    drainBuffer(engine, doc);
    engine.timers.cancel(doc.timerId);
    doc.timerId = 0;
    const next = state.paused ? Infinity : nextTime(spec, processedTo);
    if (next !== Infinity && !(state.limitedActions && state.remainingActions <= 0)) {
      doc.timerId = engine.timers.set(actionTime(spec, next, jitterSeed(doc)).actualMs, 'schedule', { key });
    }
    engine.store.putDoc(key, doc);
  } finally {
    processing.delete(key);
  }
}

function openRunning(engine: Engine, doc: ScheduleDoc): RunState[] {
  const out: RunState[] = [];
  doc.running = doc.running.filter((r) => {
    const run = engine.store.currentRun(doc.namespace, r.workflowId);
    const open = run !== undefined && isOpen(run);
    if (open) out.push(run);
    return open;
  });
  return out;
}

function drainBuffer(engine: Engine, doc: ScheduleDoc): void {
  while (doc.buffer.length > 0) {
    const item = doc.buffer[0]!;
    const running = openRunning(engine, doc);
    if (item.overlap === Overlap.ALLOW_ALL || running.length === 0) {
      doc.buffer.shift();
      startAction(engine, doc, item);
      continue;
    }
    switch (item.overlap) {
      case Overlap.BUFFER_ONE:
        while (doc.buffer.length > 1) {
          doc.buffer.splice(1, 1);
          doc.overlapSkipped++;
        }
        return;
      case Overlap.BUFFER_ALL:
        return;
      case Overlap.CANCEL_OTHER:
        for (const run of running) requestCancelRun(engine, run, { identity: 'temporal-scheduler' });
        trimToOne(doc);
        return;
      case Overlap.TERMINATE_OTHER:
        for (const run of running) terminateRun(engine, run, 'terminated by schedule overlap policy', undefined, 'temporal-scheduler');
        continue;
      default:
        doc.buffer.shift();
        doc.overlapSkipped++;
    }
  }
}

function trimToOne(doc: ScheduleDoc): void {
  while (doc.buffer.length > 1) {
    doc.buffer.splice(1, 1);
    doc.overlapSkipped++;
  }
}

function saPayload(value: unknown, type: string): Msg {
  const enc = new TextEncoder();
  return { metadata: { encoding: enc.encode('json/plain'), type: enc.encode(type) }, data: enc.encode(JSON.stringify(value)) };
}

/** RFC 3339 in UTC, whole seconds: the suffix of scheduled workflow ids. */
const rfc3339 = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function startAction(engine: Engine, doc: ScheduleDoc, item: BufferedStart): void {
  const a = doc.schedule.action?.startWorkflow;
  if (!a) return;
  const now = engine.clock.now();
  const workflowId = `${a.workflowId}-${rfc3339(item.nominalMs)}`;
  const reuse = item.manual ? ReusePolicy.ALLOW_DUPLICATE! : ReusePolicy.REJECT_DUPLICATE!;
  const decision = decideStart(engine, doc.namespace, workflowId, reuse, ConflictPolicy.FAIL!, '', ConflictPolicy.FAIL!);
  if (decision.action !== 'start') return;
  const run = startRun(engine, {
    namespace: doc.namespace,
    workflowId,
    workflowType: a.workflowType?.name ?? '',
    taskQueue: a.taskQueue?.name ?? '',
    input: a.input,
    header: a.header,
    memo: a.memo,
    searchAttributes: {
      ...(a.searchAttributes?.indexedFields ?? {}),
      TemporalScheduledStartTime: saPayload(new Date(item.nominalMs).toISOString(), 'Datetime'),
      TemporalScheduledById: saPayload(doc.scheduleId, 'Keyword'),
    },
    executionTimeoutMs: durationMs(a.workflowExecutionTimeout),
    runTimeoutMs: durationMs(a.workflowRunTimeout),
    taskTimeoutMs: durationMs(a.workflowTaskTimeout),
    identity: 'temporal-scheduler',
    requestId: engine.newId(),
    startDelayMs: 0,
    retryPolicy: a.retryPolicy,
    userMetadata: a.userMetadata,
  });
  doc.actionCount++;
  const state = doc.schedule.state;
  if (!item.manual && state.limitedActions) state.remainingActions = Math.max(0, state.remainingActions - 1);
  doc.recentActions.push({ scheduleTime: msTimestamp(item.actualMs ?? item.nominalMs), actualTime: msTimestamp(now), startWorkflowResult: { workflowId, runId: run.runId }, startWorkflowStatus: WorkflowStatus.RUNNING });
  if (doc.recentActions.length > 10) doc.recentActions.shift();
  if (item.overlap !== Overlap.ALLOW_ALL) doc.running.push({ workflowId, runId: run.runId });
}

/** Runs started by a schedule report back when they close: overlap buffers drain, failures may pause. */
export function onRunClosed(engine: Engine, run: RunState): void {
  const byId = run.searchAttributes.TemporalScheduledById;
  if (!byId || run.status === WorkflowStatus.CONTINUED_AS_NEW) return;
  const doc = engine.store.getDoc<ScheduleDoc>(scheduleKey(run.namespace, String(payloadJson(byId) ?? '')));
  if (!doc) return;
  for (const a of doc.recentActions) if (a.startWorkflowResult?.workflowId === run.workflowId) a.startWorkflowStatus = run.status;
  const tracked = doc.running.some((r) => r.workflowId === run.workflowId);
  doc.running = doc.running.filter((r) => r.workflowId !== run.workflowId);
  if (tracked && doc.schedule.policies?.pauseOnFailure && (run.status === WorkflowStatus.FAILED || run.status === WorkflowStatus.TIMED_OUT)) {
    doc.schedule.state.paused = true;
    doc.schedule.state.notes = run.status === WorkflowStatus.FAILED ? `paused due to workflow failure: ${run.workflowId}` : `paused due to workflow timeout: ${run.workflowId}`;
    doc.conflictToken++;
  }
  processSchedule(engine, doc);
}

/** The next action times (jittered), counting one whose nominal time has passed but whose jittered time has not. */
export function futureTimes(doc: ScheduleDoc, nowMs: number, count: number): number[] {
  const state = doc.schedule.state;
  const limit = state.limitedActions ? Math.min(count, state.remainingActions) : count;
  const spec = compiled(doc);
  const out: number[] = [];
  // No action due after now has a nominal time more than the jitter before now.
  for (let t = nextTime(spec, Math.max(doc.lastProcessedMs, nowMs - spec.jitterMs - 1)); t !== Infinity && out.length < limit; t = nextTime(spec, t)) {
    const due = actionTime(spec, t, jitterSeed(doc)).actualMs;
    if (due > nowMs) out.push(due);
  }
  return out;
}
