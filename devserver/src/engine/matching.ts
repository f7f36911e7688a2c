// Task queues: tasks wait for pollers and pollers wait for tasks. Matching knows nothing about
// workflows; a poller's dispatch function turns a queue item into a response, or null if stale.
import type { Msg } from '../proto.js';

export type QueueItem =
  | { kind: 'wft'; runKey: string; seq: number }
  | { kind: 'activity'; runKey: string; scheduledEventId: number; attempt: number }
  | { kind: 'query'; queryId: string };

export type Dispatch = (item: QueueItem) => Msg | null;

interface Poller {
  dispatch: Dispatch;
  finish: (response: Msg | null) => void;
  done: boolean;
  identity: string;
  /** The polling worker's instance key, when it sent one. */
  workerKey: string | undefined;
}

class TaskQueue {
  items: QueueItem[] = [];
  head = 0;
  pollers: Poller[] = [];
  lastPollMs = 0;
  /** When each worker identity last polled, for DescribeTaskQueue. */
  seen = new Map<string, number>();

  shift(): QueueItem | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

/** How many shut-down workers are remembered; the oldest are forgotten first. */
const SHUT_DOWN_WORKERS_KEPT = 10_000;
/** How many poller identities a queue remembers; the longest quiet are forgotten first. */
const POLLERS_KEPT = 1_000;

export class Matching {
  private readonly queues = new Map<string, TaskQueue>();
  /** Workers that said ShutdownWorker, by instance key and queue: a late poll of theirs must not take a task it would never run. */
  private readonly shutDownWorkers = new Set<string>();

  private queue(namespace: string, kind: 'workflow' | 'activity', name: string): TaskQueue {
    const key = `${namespace}|${kind}|${name}`;
    let q = this.queues.get(key);
    if (!q) {
      q = new TaskQueue();
      this.queues.set(key, q);
    }
    return q;
  }

  enqueue(namespace: string, kind: 'workflow' | 'activity', name: string, item: QueueItem): void {
    const q = this.queue(namespace, kind, name);
    while (q.pollers.length > 0) {
      const p = q.pollers.shift()!;
      if (p.done) continue;
      const response = p.dispatch(item);
      if (response) p.finish(response);
      return; // either delivered or stale (dropped)
    }
    q.items.push(item);
  }

  /** Waits up to waitMs for a task; resolves null when none came, or at once for a worker that has shut down. */
  poll(
    namespace: string,
    kind: 'workflow' | 'activity',
    name: string,
    waitMs: number,
    dispatch: Dispatch,
    onCancel: (fn: () => void) => void,
    who: { identity: string; workerKey?: string },
  ): Promise<Msg | null> {
    const { identity, workerKey } = who;
    if (workerKey && this.shutDownWorkers.has(`${workerKey}|${namespace}|${kind}|${name}`)) return Promise.resolve(null);
    const q = this.queue(namespace, kind, name);
    q.lastPollMs = Date.now();
    q.seen.delete(identity); // re-inserted as the newest, so the oldest can be forgotten first
    q.seen.set(identity, q.lastPollMs);
    if (q.seen.size > POLLERS_KEPT) q.seen.delete(q.seen.keys().next().value!);
    for (let item = q.shift(); item; item = q.shift()) {
      const response = dispatch(item);
      if (response) return Promise.resolve(response);
    }
    return new Promise((resolve) => {
      const forget = (): void => {
        const i = q.pollers.indexOf(poller);
        if (i >= 0) q.pollers.splice(i, 1);
      };
      const poller: Poller = {
        dispatch,
        done: false,
        identity,
        workerKey,
        finish: (response) => {
          if (poller.done) return;
          poller.done = true;
          clearTimeout(timer);
          q.lastPollMs = Date.now();
          if (response === null) forget(); // a delivered poller was already shifted off
          resolve(response);
        },
      };
      const timer = setTimeout(() => poller.finish(null), waitMs);
      q.pollers.push(poller);
      onCancel(() => {
        if (poller.done) return;
        poller.done = true;
        clearTimeout(timer);
        forget();
        resolve(null);
      });
    });
  }

  /**
   * A worker has shut down on these queues: its polls waiting there return empty now, and any poll
   * it makes there later returns empty at once, so no task goes to a worker that will not run it.
   * Per queue, since one SDK worker shuts its internal queues down on their own.
   */
  completePollsOf(namespace: string, worker: { key: string; identity: string }, queues: { kind: 'workflow' | 'activity'; name: string }[]): void {
    const workerKey = worker.key;
    for (const { kind, name } of queues) {
      const entry = `${workerKey}|${namespace}|${kind}|${name}`;
      this.shutDownWorkers.delete(entry); // re-inserted as the newest
      this.shutDownWorkers.add(entry);
      if (this.shutDownWorkers.size > SHUT_DOWN_WORKERS_KEPT) this.shutDownWorkers.delete(this.shutDownWorkers.values().next().value!);
      const q = this.queues.get(`${namespace}|${kind}|${name}`);
      for (const p of q ? [...q.pollers] : []) if (p.workerKey === workerKey) p.finish(null);
      q?.seen.delete(worker.identity); // gone at once from DescribeTaskQueue, as on the real server
    }
  }

  /** The identities that polled the queue within recentMs, and when each last did (waiting now counts as now). */
  pollersOf(namespace: string, kind: 'workflow' | 'activity', name: string, recentMs: number): { identity: string; lastAccessMs: number }[] {
    const q = this.queues.get(`${namespace}|${kind}|${name}`);
    if (!q) return [];
    const now = Date.now();
    const waiting = new Set(q.pollers.filter((p) => !p.done).map((p) => p.identity));
    return [...q.seen]
      .map(([identity, lastMs]) => ({ identity, lastAccessMs: waiting.has(identity) ? now : lastMs }))
      .filter((p) => now - p.lastAccessMs < recentMs)
      .sort((a, b) => b.lastAccessMs - a.lastAccessMs);
  }

  /** True when a poller waits on the queue now or polled it within recentMs. */
  hasRecentPoller(namespace: string, kind: 'workflow' | 'activity', name: string, recentMs: number): boolean {
    const q = this.queues.get(`${namespace}|${kind}|${name}`);
    if (!q) return false;
    if (q.pollers.some((p) => !p.done)) return true;
    return Date.now() - q.lastPollMs < recentMs;
  }

  /** Removes a queue's pending items (a sticky queue whose worker left) and returns them. */
  drain(namespace: string, kind: 'workflow' | 'activity', name: string): QueueItem[] {
    const q = this.queues.get(`${namespace}|${kind}|${name}`);
    if (!q) return [];
    const items = q.items.slice(q.head);
    q.items = [];
    q.head = 0;
    // A copy: a finished poller takes itself out of q.pollers.
    for (const p of [...q.pollers]) p.finish(null);
    q.pollers = [];
    this.queues.delete(`${namespace}|${kind}|${name}`);
    return items;
  }

  pendingCount(namespace: string, kind: 'workflow' | 'activity', name: string): number {
    const q = this.queues.get(`${namespace}|${kind}|${name}`);
    return q ? q.items.length - q.head : 0;
  }
}
