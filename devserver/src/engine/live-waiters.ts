// Callers waiting on something that only lives as long as their connection: history long polls,
// update results and query answers. Never persisted.
import type { Msg } from '../proto.js';

type Wake = () => void;

export interface QueryWaiter {
  id: string;
  runKey: string;
  query: Msg;
  resolve: (result: Msg) => void;
  reject: (err: unknown) => void;
}

export class LiveWaiters {
  private readonly historyWaiters = new Map<string, Set<Wake>>();
  private readonly updateWaiters = new Map<string, Set<Wake>>();
  /** Consistent queries to deliver with the run's next workflow task. */
  readonly pendingQueries = new Map<string, QueryWaiter[]>();
  /** Queries delivered in a workflow task or as a legacy query task, by query id. */
  readonly inflightQueries = new Map<string, QueryWaiter>();

  /** Wakes when the run gets new events or closes. */
  onHistory(runKey: string, wake: Wake): () => void {
    return add(this.historyWaiters, runKey, wake);
  }
  historyChanged(runKey: string): void {
    fire(this.historyWaiters, runKey);
  }

  onUpdate(runKey: string, updateId: string, wake: Wake): () => void {
    return add(this.updateWaiters, `${runKey}|${updateId}`, wake);
  }
  updateChanged(runKey: string, updateId: string): void {
    fire(this.updateWaiters, `${runKey}|${updateId}`);
  }
}

function add(map: Map<string, Set<Wake>>, key: string, wake: Wake): () => void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(wake);
  return () => {
    const s = map.get(key);
    if (!s) return;
    s.delete(wake);
    if (s.size === 0) map.delete(key);
  };
}

function fire(map: Map<string, Set<Wake>>, key: string): void {
  const set = map.get(key);
  if (!set) return;
  map.delete(key);
  for (const wake of set) wake();
}
