// GetWorkflowExecutionHistory (paged, long-poll, close-event filter) and its reverse variant.
import type { Engine } from '../engine/context.js';
import type { HistoryEvent, RunState } from '../engine/types.js';
import { isOpen } from '../engine/workflow-tasks.js';
import { longPollMs, type CallContext } from '../grpc/call-context.js';
import type { Handlers } from '../grpc/server.js';
import type { Msg } from '../proto.js';
import { lookupRun } from './lookup.js';
import { typedOutgoingEvents } from '../visibility/search-attributes.js';

const CLOSE_EVENT_FILTER = 2;
const DEFAULT_PAGE = 1000;
const HISTORY_POLL_MAX_MS = 20_000;

const pageToken = (nextEventId: number): Buffer => Buffer.from(String(nextEventId));
function fromToken(token: Uint8Array | undefined): number {
  const n = token && token.length > 0 ? Number(Buffer.from(token).toString()) : 1;
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/** Waits until the run has more than `afterEventId` events or closes, or the poll times out. */
function waitForEvents(engine: Engine, run: RunState, ready: () => boolean, ctx: CallContext): Promise<void> {
  if (ready()) return Promise.resolve();
  return new Promise((resolve) => {
    let stop = (): void => {};
    const done = (): void => {
      clearTimeout(timer);
      stop();
      resolve();
    };
    const timer = setTimeout(done, longPollMs(ctx, HISTORY_POLL_MAX_MS));
    const listen = (): void => {
      stop = engine.live.onHistory(run.key, () => (ready() ? done() : listen()));
    };
    listen();
    ctx.onCancel(done);
  });
}

export function historyHandlers(engine: Engine): Handlers {
  return {
    GetWorkflowExecutionHistory: async (req: Msg, ctx) => {
      const run = lookupRun(engine, req.namespace, req.execution);
      const history = engine.store.history(run.key);
      if (req.historyEventFilterType === CLOSE_EVENT_FILTER) {
        if (isOpen(run) && req.waitNewEvent) await waitForEvents(engine, run, () => !isOpen(run), ctx);
        if (isOpen(run)) return { history: { events: [] }, nextPageToken: req.nextPageToken?.length ? req.nextPageToken : pageToken(1) };
        return { history: { events: typedOutgoingEvents(engine, run.namespace, [history[run.closeEventId - 1]]) } };
      }
      const from = fromToken(req.nextPageToken);
      if (req.waitNewEvent && isOpen(run)) await waitForEvents(engine, run, () => history.length >= from || !isOpen(run), ctx);
      const size = req.maximumPageSize > 0 ? req.maximumPageSize : DEFAULT_PAGE;
      const events = history.slice(from - 1, from - 1 + size);
      const next = from + events.length;
      const more = next <= history.length || (req.waitNewEvent && isOpen(run));
      return { history: { events: typedOutgoingEvents(engine, run.namespace, events) }, nextPageToken: more ? pageToken(next) : undefined };
    },
    GetWorkflowExecutionHistoryReverse: (req: Msg) => {
      const run = lookupRun(engine, req.namespace, req.execution);
      const history = engine.store.history(run.key);
      const end = req.nextPageToken?.length ? fromToken(req.nextPageToken) : history.length;
      const size = req.maximumPageSize > 0 ? req.maximumPageSize : DEFAULT_PAGE;
      const start = Math.max(0, end - size);
      const events: HistoryEvent[] = history.slice(start, end).reverse();
      return { history: { events: typedOutgoingEvents(engine, run.namespace, events) }, nextPageToken: start > 0 ? pageToken(start) : undefined };
    },
  };
}
