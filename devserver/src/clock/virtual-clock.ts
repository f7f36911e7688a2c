// The server's clock. In time-skipping mode it jumps to the next due task whenever nobody holds a
// lock (as the Java test server does); otherwise it is the wall clock.
import { MinHeap } from './min-heap.js';

interface Task {
  at: number;
  seq: number;
  id: number;
  fn: () => void;
}

// setTimeout overflows beyond ~24.8 days; far tasks are re-checked periodically.
const MAX_REAL_WAIT_MS = 60 * 60 * 1000;

export class VirtualClock {
  private offsetMs = 0;
  private anonymousLocks: number;
  private readonly keyedLocks = new Set<string>();
  private readonly heap = new MinHeap<Task>();
  private readonly live = new Map<number, Task>();
  private seq = 0;
  private realTimer: NodeJS.Timeout | null = null;
  private realTimerAt = Infinity;
  private pumpQueued = false;
  private stopped = false;

  /**
   * @param skipping whether time may jump (the time-skipping test server)
   * @param afterTasks runs after a batch of due tasks (persists their effects)
   */
  constructor(
    readonly skipping: boolean,
    private readonly afterTasks: () => void = () => {},
    initialLocks = 0,
  ) {
    this.anonymousLocks = initialLocks;
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Runs fn at virtual time `at`; returns an id for cancel(). */
  schedule(at: number, fn: () => void): number {
    const task: Task = { at, seq: ++this.seq, id: this.seq, fn };
    this.heap.push(task);
    this.live.set(task.id, task);
    this.queuePump();
    return task.id;
  }

  cancel(id: number): void {
    this.live.delete(id);
  }

  get lockCount(): number {
    return this.anonymousLocks + this.keyedLocks.size;
  }

  /** A lock held by a named owner (a workflow task, an activity); taking it twice is one lock. */
  lockKey(key: string): void {
    if (!this.skipping) return;
    this.keyedLocks.add(key);
  }
  unlockKey(key: string): void {
    if (!this.skipping) return;
    if (this.keyedLocks.delete(key)) this.queuePump();
  }
  /** Releases every lock whose key starts with prefix (a closed run's locks). */
  unlockPrefix(prefix: string): void {
    if (!this.skipping) return;
    for (const k of this.keyedLocks) if (k.startsWith(prefix)) this.keyedLocks.delete(k);
    this.queuePump();
  }

  lock(): void {
    this.anonymousLocks++;
  }
  /**
   * Returns false (and changes nothing) when it would make the counter negative. The counter is
   * one for all holders, as the Java test server's: an activity that calls the test environment's
   * sleep (UnlockTimeSkippingWithSleep) while the client waits for a result (its own lock already
   * released) lends its lock to the sleep, which takes one back when it wakes; so the anonymous
   * count may dip below zero while a keyed lock is held.
   */
  unlock(): boolean {
    if (this.lockCount <= 0) return false;
    this.anonymousLocks--;
    this.queuePump();
    return true;
  }

  stop(): void {
    this.stopped = true;
    if (this.realTimer) clearTimeout(this.realTimer);
  }

  private queuePump(): void {
    if (this.pumpQueued || this.stopped) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private peekLive(): Task | undefined {
    let top = this.heap.peek();
    while (top && !this.live.has(top.id)) {
      this.heap.pop();
      top = this.heap.peek();
    }
    return top;
  }

  private pump(): void {
    if (this.stopped) return;
    let ran = 0;
    for (;;) {
      const top = this.peekLive();
      if (!top) break;
      const now = this.now();
      if (top.at > now) {
        if (!(this.skipping && this.lockCount <= 0)) break;
        this.offsetMs += top.at - now; // jump
      }
      this.heap.pop();
      this.live.delete(top.id);
      top.fn();
      ran++;
      // Let due tasks settle in batches, but give I/O a turn after many.
      if (ran >= 1000) {
        this.queuePump();
        break;
      }
    }
    if (ran > 0) this.afterTasks();
    this.armRealTimer();
  }

  private armRealTimer(): void {
    const top = this.peekLive();
    const at = top ? top.at : Infinity;
    if (at === this.realTimerAt && this.realTimer) return;
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = null;
    this.realTimerAt = at;
    if (at === Infinity) return;
    const wait = Math.min(MAX_REAL_WAIT_MS, Math.max(0, at - this.now()));
    this.realTimer = setTimeout(() => {
      this.realTimer = null;
      this.realTimerAt = Infinity;
      this.pump();
    }, wait);
  }
}
