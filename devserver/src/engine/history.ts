// Writes history events. Events that arrive while a workflow task runs are buffered and written
// after that task's completion and its command events.
import { eventAttributesField, EventType } from '../enums.js';
import { HistoryEventType, msTimestamp, type Msg } from '../proto.js';
import type { Engine } from './context.js';
import { detachBytes } from './detach-bytes.js';
import type { HistoryEvent, RunState } from './types.js';

/** Marks a final activity event whose startedEventId is the event written just before it. */
export const PRECEDING_EVENT = -1;

export function makeEvent(engine: Engine, eventType: number, attributes: Msg): HistoryEvent {
  detachBytes(attributes);
  return { eventId: 0, eventTime: msTimestamp(engine.clock.now()), eventType, [eventAttributesField(eventType)]: attributes };
}

/** Writes an event to history now, whatever the workflow task's state. */
export function writeEvent(engine: Engine, run: RunState, eventType: number, attributes: Msg): HistoryEvent {
  const ev = makeEvent(engine, eventType, attributes);
  commit(engine, run, ev);
  return ev;
}

function commit(engine: Engine, run: RunState, ev: HistoryEvent): void {
  ev.eventId = run.nextEventId++;
  const attrs = ev[eventAttributesField(ev.eventType)];
  if (attrs && attrs.startedEventId === PRECEDING_EVENT) attrs.startedEventId = ev.eventId - 1;
  engine.store.history(run.key).push(ev);
  engine.store.touch(run);
  engine.live.historyChanged(run.key);
}

/** True while a started workflow task would make new events wait in the buffer. */
export function isBuffering(run: RunState): boolean {
  return run.wft?.state === 'started' && !run.completing;
}

/** Writes events now, or buffers them while a workflow task is running. */
export function writeOrBuffer(engine: Engine, run: RunState, events: HistoryEvent[]): void {
  if (isBuffering(run)) {
    run.buffered.push(...events);
    engine.store.touch(run);
    return;
  }
  for (const ev of events) commit(engine, run, ev);
}

/** Writes events made earlier (a transient workflow task's, say) now, in order. */
export function writeEvents(engine: Engine, run: RunState, events: HistoryEvent[]): void {
  for (const ev of events) commit(engine, run, ev);
}

export function flushBuffered(engine: Engine, run: RunState): void {
  if (run.buffered.length === 0) return;
  const events = run.buffered;
  run.buffered = [];
  for (const ev of events) commit(engine, run, ev);
}

export function lastEvent(engine: Engine, run: RunState): HistoryEvent | undefined {
  const h = engine.store.history(run.key);
  return h[h.length - 1];
}

export { EventType };

/** An event's share of an encoded History message: its field tag, its length and its bytes. */
function encodedShare(ev: HistoryEvent): number {
  const n = HistoryEventType.encode(ev).finish().length;
  let lengthBytes = 1;
  for (let v = n; v >= 0x80; v >>>= 7) lengthBytes++;
  return 1 + lengthBytes + n;
}

/**
 * The run's history size in bytes, as the real server counts it: the size of the encoded History
 * batches written so far. Each event is measured once, when first asked for.
 */
export function historySize(engine: Engine, run: RunState): number {
  const h = engine.store.history(run.key);
  let measured = run.sizedEventCount ?? 0;
  if (measured > h.length) measured = 0; // a history rebuilt since (restore) is measured afresh
  if (measured === 0) run.historySizeBytes = 0;
  for (; measured < h.length; measured++) run.historySizeBytes += encodedShare(h[measured]!);
  run.sizedEventCount = measured;
  return run.historySizeBytes;
}
