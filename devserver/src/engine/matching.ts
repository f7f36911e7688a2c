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
}

class TaskQueue {
  items: QueueItem[] = [];
  head = 0;
  pollers: Poller[] = [];
  lastPollMs = 0;

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

export class Matching {
  private readonly queues = new Map<string, TaskQueue>();

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

  /** Waits up to waitMs for a task; resolves null when none came. */
  poll(namespace: string, kind: 'workflow' | 'activity', name: string, waitMs: number, dispatch: Dispatch, onCancel: (fn: () => void) => void): Promise<Msg | null> {
    const q = this.queue(namespace, kind, name);
    q.lastPollMs = Date.now();
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
    for (const p of q.pollers) p.finish(null);
    q.pollers = [];
    this.queues.delete(`${namespace}|${kind}|${name}`);
    return items;
  }

  pendingCount(namespace: string, kind: 'workflow' | 'activity', name: string): number {
    const q = this.queues.get(`${namespace}|${kind}|${name}`);
    return q ? q.items.length - q.head : 0;
  }
}
