// The one owner of mutable server state: runs and their histories, timers, schedules, namespaces
// and search-attribute definitions. In memory; an optional backend persists every change before
// the RPC that made it answers (flush()).
import type { HistoryEvent, RunState, TimerRecord } from '../engine/types.js';

export interface Backend {
  load(): PersistedState;
  /** Writes the given changes atomically. */
  save(changes: Changes): void;
  close(): void;
}

export interface PersistedState {
  runs: RunState[];
  histories: Map<string, HistoryEvent[]>;
  timers: TimerRecord[];
  docs: Map<string, unknown>;
  clockOffsetMs: number;
}

export interface Changes {
  runs: RunState[];
  runsDeleted: string[];
  newEvents: { runKey: string; events: HistoryEvent[] }[];
  timersPut: TimerRecord[];
  timersDeleted: number[];
  docsPut: [string, unknown][];
  docsDeleted: string[];
}

const executionKey = (namespace: string, workflowId: string): string => `${namespace}\u0000${workflowId}`;

export class StateStore {
  private readonly runs = new Map<string, RunState>();
  private readonly histories = new Map<string, HistoryEvent[]>();
  /** Run keys of each workflow id, oldest first; the last is the current run. */
  private readonly executions = new Map<string, string[]>();
  private readonly timers = new Map<number, TimerRecord>();
  /** Keyed documents: schedules, namespaces, search attributes. */
  private readonly docs = new Map<string, unknown>();
  private nextTimerId = 1;

  private readonly dirtyRuns = new Set<RunState>();
  private readonly runsDeleted = new Set<string>();
  private readonly persistedEventCount = new Map<string, number>();
  private readonly timersPut = new Map<number, TimerRecord>();
  private readonly timersDeleted = new Set<number>();
  private readonly docsPut = new Map<string, unknown>();
  private readonly docsDeleted = new Set<string>();

  constructor(private readonly backend: Backend | null = null) {
    if (!backend) return;
    const state = backend.load();
    for (const run of state.runs) this.indexRun(run);
    for (const [key, events] of state.histories) {
      this.histories.set(key, events);
      this.persistedEventCount.set(key, events.length);
    }
    for (const t of state.timers) {
      this.timers.set(t.id, t);
      this.nextTimerId = Math.max(this.nextTimerId, t.id + 1);
    }
    for (const [k, v] of state.docs) this.docs.set(k, v);
  }

  get persistent(): boolean {
    return this.backend !== null;
  }

  // Runs
  addRun(run: RunState): void {
    this.indexRun(run);
    this.histories.set(run.key, []);
    this.dirtyRuns.add(run);
  }
  private indexRun(run: RunState): void {
    this.runs.set(run.key, run);
    const k = executionKey(run.namespace, run.workflowId);
    const list = this.executions.get(k);
    if (list) list.push(run.key);
    else this.executions.set(k, [run.key]);
  }
  getRun(key: string): RunState | undefined {
    return this.runs.get(key);
  }
  currentRun(namespace: string, workflowId: string): RunState | undefined {
    const list = this.executions.get(executionKey(namespace, workflowId));
    return list ? this.runs.get(list[list.length - 1]!) : undefined;
  }
  findRun(namespace: string, workflowId: string, runId: string | undefined): RunState | undefined {
    if (!runId) return this.currentRun(namespace, workflowId);
    return this.runs.get(`${namespace}/${workflowId}/${runId}`);
  }
  allRuns(): IterableIterator<RunState> {
    return this.runs.values();
  }
  /** Forgets a run and its history (DeleteWorkflowExecution); the workflow id's earlier runs stay. */
  deleteRun(key: string): void {
    const run = this.runs.get(key);
    if (!run) return;
    this.runs.delete(key);
    this.histories.delete(key);
    this.persistedEventCount.delete(key);
    this.dirtyRuns.delete(run);
    const k = executionKey(run.namespace, run.workflowId);
    const rest = (this.executions.get(k) ?? []).filter((r) => r !== key);
    if (rest.length > 0) this.executions.set(k, rest);
    else this.executions.delete(k);
    if (this.backend) this.runsDeleted.add(key);
  }
  /** Marks a run changed so flush() writes it. */
  touch(run: RunState): void {
    this.dirtyRuns.add(run);
  }

  history(runKey: string): HistoryEvent[] {
    let h = this.histories.get(runKey);
    if (!h) {
      h = [];
      this.histories.set(runKey, h);
    }
    return h;
  }

  // Timers
  putTimer(at: number, kind: string, data: TimerRecord['data']): TimerRecord {
    const t: TimerRecord = { id: this.nextTimerId++, at, kind, data };
    this.timers.set(t.id, t);
    if (this.backend) this.timersPut.set(t.id, t);
    return t;
  }
  deleteTimer(id: number): void {
    if (!this.timers.delete(id)) return;
    if (this.backend) {
      if (!this.timersPut.delete(id)) this.timersDeleted.add(id);
    }
  }
  hasTimer(id: number): boolean {
    return this.timers.has(id);
  }
  allTimers(): TimerRecord[] {
    return [...this.timers.values()];
  }

  // Documents
  getDoc<T>(key: string): T | undefined {
    return this.docs.get(key) as T | undefined;
  }
  putDoc(key: string, value: unknown): void {
    this.docs.set(key, value);
    if (this.backend) {
      this.docsDeleted.delete(key);
      this.docsPut.set(key, value);
    }
  }
  deleteDoc(key: string): void {
    this.docs.delete(key);
    if (this.backend) {
      this.docsPut.delete(key);
      this.docsDeleted.add(key);
    }
  }
  docsWithPrefix<T>(prefix: string): [string, T][] {
    const out: [string, T][] = [];
    for (const [k, v] of this.docs) if (k.startsWith(prefix)) out.push([k, v as T]);
    return out;
  }

  /** Persists everything changed since the last flush. Cheap no-op in memory. */
  flush(): void {
    if (!this.backend) {
      this.dirtyRuns.clear();
      return;
    }
    if (this.dirtyRuns.size === 0 && this.runsDeleted.size === 0 && this.timersPut.size === 0 && this.timersDeleted.size === 0 && this.docsPut.size === 0 && this.docsDeleted.size === 0) return;
    const changes: Changes = { runs: [], runsDeleted: [...this.runsDeleted], newEvents: [], timersPut: [...this.timersPut.values()], timersDeleted: [...this.timersDeleted], docsPut: [...this.docsPut], docsDeleted: [...this.docsDeleted] };
    for (const run of this.dirtyRuns) {
      changes.runs.push(run);
      const h = this.history(run.key);
      const done = this.persistedEventCount.get(run.key) ?? 0;
      if (h.length > done) {
        changes.newEvents.push({ runKey: run.key, events: h.slice(done) });
        this.persistedEventCount.set(run.key, h.length);
      }
    }
    this.backend.save(changes);
    this.dirtyRuns.clear();
    this.runsDeleted.clear();
    this.timersPut.clear();
    this.timersDeleted.clear();
    this.docsPut.clear();
    this.docsDeleted.clear();
  }

  close(): void {
    this.flush();
    this.backend?.close();
  }
}
