// Schedule RPCs: create, describe, list, update, patch (trigger, pause, unpause, backfill), delete.
import type { Engine } from '../engine/context.js';
import { alreadyStarted, invalidArgument, notFound } from '../grpc/errors.js';
import type { Handlers } from '../grpc/server.js';
import { msTimestamp, timestampMs, type Msg } from '../proto.js';
import { checkWorkflowIdLength } from '../handlers/limits.js';
import { requireNamespace } from '../handlers/lookup.js';
import { canonicalSpec } from './schedule-spec.js';
import { scheduleFilter } from './schedule-query.js';
import { validateSearchAttributes, withAttributeTypes } from '../visibility/search-attributes.js';
import { dueActionTimes, futureTimes, normaliseSchedule, onRunClosed, Overlap, overlapPolicy, processSchedule, scheduleKey, type ScheduleDoc } from './scheduler.js';

function tokenBytes(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

function load(engine: Engine, namespace: string, scheduleId: string): ScheduleDoc {
  const doc = engine.store.getDoc<ScheduleDoc>(scheduleKey(namespace || 'default', scheduleId));
  if (!doc) throw notFound('schedule not found');
  return doc;
}

/** As the real server: the schedule's own search attributes and its action's must be registered ones. */
function validateAttributes(engine: Engine, namespace: string, req: Msg): void {
  validateSearchAttributes(engine, namespace, req.searchAttributes?.indexedFields ?? {});
  validateSearchAttributes(engine, namespace, req.schedule?.action?.startWorkflow?.searchAttributes?.indexedFields ?? {});
}

function validateAction(schedule: Msg): void {
  const a = schedule?.action?.startWorkflow;
  if (!a) throw invalidArgument('Schedule action is required.');
  if (a.cronSchedule) throw invalidArgument('Scheduled workflow must not contain CronSchedule');
  if (a.workflowIdReusePolicy && a.workflowIdReusePolicy !== 1) throw invalidArgument('Scheduled workflow must have WorkflowIdReusePolicy ALLOW_DUPLICATE');
  if (!a.workflowId) throw invalidArgument('Scheduled workflow id is required.');
  // Each run's id is the action's with its time appended, so the action's id must leave room for it.
  checkWorkflowIdLength(`${a.workflowId}-2009-11-10T23:00:00Z`);
}

function applyPatch(engine: Engine, doc: ScheduleDoc, patch: Msg | null | undefined): void {
  if (!patch) return;
  const now = engine.clock.now();
  const state = doc.schedule.state;
  if (patch.pause) {
    state.paused = true;
    state.notes = patch.pause;
    doc.conflictToken++;
  }
  if (patch.unpause) {
    state.paused = false;
    state.notes = patch.unpause;
    doc.lastProcessedMs = now; // time spent paused is never caught up
    doc.conflictToken++;
  }
  if (patch.triggerImmediately) {
    const t = patch.triggerImmediately;
    doc.buffer.push({ nominalMs: t.scheduledTime ? timestampMs(t.scheduledTime) : now, overlap: t.overlapPolicy || overlapPolicy(doc), manual: true });
  }
  for (const b of patch.backfillRequest ?? []) {
    const start = timestampMs(b.startTime);
    const end = timestampMs(b.endTime);
    for (const t of dueActionTimes(doc, start - 1, end, 1000)) doc.buffer.push({ nominalMs: t.nominalMs, actualMs: t.actualMs, overlap: b.overlapPolicy || overlapPolicy(doc), manual: true });
  }
}

/** Search attributes as reads return them: untyped values get their registered type. */
function typedAttributes(engine: Engine, doc: ScheduleDoc, sa: Msg): Msg {
  return sa ? { ...sa, indexedFields: withAttributeTypes(engine, doc.namespace, sa.indexedFields) } : undefined;
}

/** The schedule with its action's search attributes typed. */
function scheduleForRead(engine: Engine, doc: ScheduleDoc): Msg {
  const start = doc.schedule.action?.startWorkflow;
  if (!start?.searchAttributes) return doc.schedule;
  return { ...doc.schedule, action: { ...doc.schedule.action, startWorkflow: { ...start, searchAttributes: typedAttributes(engine, doc, start.searchAttributes) } } };
}

function describe(engine: Engine, doc: ScheduleDoc): Msg {
  const now = engine.clock.now();
  return {
    schedule: scheduleForRead(engine, doc),
    info: {
      actionCount: doc.actionCount,
      missedCatchupWindow: doc.missedCatchupWindow,
      overlapSkipped: doc.overlapSkipped,
      bufferDropped: doc.bufferDropped,
      bufferSize: doc.buffer.length,
      runningWorkflows: doc.running,
      recentActions: doc.recentActions,
      futureActionTimes: futureTimes(doc, now, 10).map(msTimestamp),
      createTime: msTimestamp(doc.createTimeMs),
      updateTime: doc.updateTimeMs ? msTimestamp(doc.updateTimeMs) : undefined,
    },
    memo: doc.memo ?? undefined,
    searchAttributes: typedAttributes(engine, doc, doc.searchAttributes),
    conflictToken: tokenBytes(doc.conflictToken),
  };
}

export function scheduleHandlers(engine: Engine): Handlers {
  return {
    CreateSchedule: (req: Msg) => {
      const namespace = requireNamespace(engine, req.namespace);
      const key = scheduleKey(namespace, req.scheduleId);
      if (!req.scheduleId) throw invalidArgument('ScheduleId is not set on request.');
      if (engine.store.getDoc(key)) throw alreadyStarted(`schedule "${req.scheduleId}" is already registered`, req.requestId ?? '', '');
      validateAction(req.schedule);
      validateAttributes(engine, namespace, req);
      const now = engine.clock.now();
      const doc: ScheduleDoc = {
        namespace,
        scheduleId: req.scheduleId,
        schedule: normaliseSchedule(req.schedule),
        memo: req.memo ?? null,
        searchAttributes: req.searchAttributes ?? null,
        actionCount: 0,
        missedCatchupWindow: 0,
        overlapSkipped: 0,
        bufferDropped: 0,
        recentActions: [],
        running: [],
        createTimeMs: now,
        updateTimeMs: 0,
        conflictToken: 1,
        lastProcessedMs: now,
        buffer: [],
        timerId: 0,
      };
      applyPatch(engine, doc, req.initialPatch);
      processSchedule(engine, doc);
      return { conflictToken: tokenBytes(doc.conflictToken) };
    },
    DescribeSchedule: (req: Msg) => describe(engine, load(engine, req.namespace, req.scheduleId)),
    UpdateSchedule: (req: Msg) => {
      const doc = load(engine, req.namespace, req.scheduleId);
      validateAction(req.schedule);
      validateAttributes(engine, doc.namespace, req);
      doc.schedule = normaliseSchedule(req.schedule);
      if (req.searchAttributes) doc.searchAttributes = req.searchAttributes;
      doc.updateTimeMs = engine.clock.now();
      doc.lastProcessedMs = Math.max(doc.lastProcessedMs, doc.updateTimeMs);
      doc.conflictToken++;
      processSchedule(engine, doc);
      return {};
    },
    PatchSchedule: (req: Msg) => {
      const doc = load(engine, req.namespace, req.scheduleId);
      applyPatch(engine, doc, req.patch);
      processSchedule(engine, doc);
      return {};
    },
    DeleteSchedule: (req: Msg) => {
      const doc = load(engine, req.namespace, req.scheduleId);
      engine.timers.cancel(doc.timerId);
      engine.store.deleteDoc(scheduleKey(doc.namespace, doc.scheduleId));
      return {};
    },
    ListSchedules: (req: Msg) => {
      const namespace = req.namespace || 'default';
      const now = engine.clock.now();
      const matches = scheduleFilter(engine, namespace, String(req.query ?? ''));
      const docs = engine.store.docsWithPrefix<ScheduleDoc>(`sched/${namespace}/`).filter(([, doc]) => matches(doc));
      const size = req.maximumPageSize > 0 ? Math.min(req.maximumPageSize, 1000) : 1000;
      const offset = req.nextPageToken?.length ? Number(Buffer.from(req.nextPageToken).toString()) || 0 : 0;
      const schedules = docs.slice(offset, offset + size).map(([, doc]) => ({
        scheduleId: doc.scheduleId,
        memo: doc.memo ?? undefined,
        searchAttributes: typedAttributes(engine, doc, doc.searchAttributes),
        info: {
          spec: doc.schedule.spec,
          workflowType: doc.schedule.action?.startWorkflow?.workflowType,
          notes: doc.schedule.state.notes,
          paused: doc.schedule.state.paused,
          recentActions: doc.recentActions.slice(-5),
          futureActionTimes: futureTimes(doc, now, 5).map(msTimestamp),
        },
      }));
      return { schedules, nextPageToken: offset + size < docs.length ? Buffer.from(String(offset + size)) : undefined };
    },
    CountSchedules: (req: Msg) => {
      const namespace = req.namespace || 'default';
      const matches = scheduleFilter(engine, namespace, String(req.query ?? ''));
      return { count: engine.store.docsWithPrefix<ScheduleDoc>(`sched/${namespace}/`).filter(([, doc]) => matches(doc)).length };
    },
    ListScheduleMatchingTimes: (req: Msg) => {
      const doc = load(engine, req.namespace, req.scheduleId);
      return { startTime: dueActionTimes(doc, timestampMs(req.startTime) - 1, timestampMs(req.endTime), 1000).map((t) => msTimestamp(t.actualMs)) };
    },
  };
}

export function registerScheduleTimers(engine: Engine): void {
  engine.timers.register('schedule', (data) => {
    const doc = engine.store.getDoc<ScheduleDoc>(String(data.key));
    if (!doc) return;
    doc.timerId = 0;
    processSchedule(engine, doc);
  });
  engine.runClosedHooks.push((run) => onRunClosed(engine, run));
}

export { canonicalSpec, Overlap };
