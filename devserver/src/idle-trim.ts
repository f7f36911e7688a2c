// Gives memory back after a burst of work. V8 keeps the heap it grew into while busy: after a
// thousand workflows this server's RSS had more than doubled and stayed so. Once no call has come
// for a while and the heap has grown, full collections a few seconds apart let V8 shrink the heap
// and return its pages: each one gives back only part of it, and some of a burst's garbage is
// still held for a few seconds after the last call, so one collection is not enough.
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface IdleTrimOptions {
  /** How long without a call counts as idle. */
  quietMs?: number;
  /** Time between two collections of one idle spell. */
  roundMs?: number;
  /** The most collections in one idle spell. */
  maxRounds?: number;
  /** Heap growth below which a collection is not worth it. */
  minGrowthBytes?: number;
  /** The full collection; V8's own `gc` by default. */
  collect?: () => void;
  /** The heap's committed size. */
  heapBytes?: () => number;
}

export interface IdleTrim {
  /** Counts a call: the server is not idle. */
  touch(): void;
  stop(): void;
}

/**
 * V8's `gc` without `--expose-gc` on the command line (the route jest's leak detector takes): the
 * flag decides whether new contexts get the function, so a fresh context hands it over.
 */
export function fullCollection(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export function startIdleTrim(opts: IdleTrimOptions = {}): IdleTrim {
  const quietMs = opts.quietMs ?? 5000;
  const roundMs = opts.roundMs ?? 2000;
  const maxRounds = opts.maxRounds ?? 15;
  const minGrowth = opts.minGrowthBytes ?? 16 * 1024 * 1024;
  const heapBytes = opts.heapBytes ?? (() => v8.getHeapStatistics().total_heap_size);
  const collect = opts.collect ?? fullCollection();
  // The smallest heap seen after a collection (where the server started), and the heap a trim
  // last left: a new spell starts only when the heap has grown past the latter.
  let floor = heapBytes();
  let baseline = floor;
  let calls = 0;
  let lastCalls = 0;
  let quietSince = Date.now();
  let rounds = 0;
  let nextRoundAt = 0;
  const tick = (): void => {
    const now = Date.now();
    if (calls !== lastCalls) {
      lastCalls = calls;
      quietSince = now;
      rounds = 0;
      return;
    }
    if (now - quietSince < quietMs || rounds >= maxRounds || now < nextRoundAt) return;
    if (rounds === 0 && heapBytes() < baseline + minGrowth) return;
    collect();
    rounds += 1;
    nextRoundAt = now + roundMs;
    const heap = heapBytes();
    floor = Math.min(floor, heap);
    // Back near the start, or out of rounds: this spell is over.
    if (heap < floor + minGrowth) rounds = maxRounds;
    if (rounds >= maxRounds) baseline = heap;
  };
  const timer = setInterval(tick, Math.min(1000, quietMs, roundMs));
  timer.unref();
  return {
    touch: () => {
      calls += 1;
    },
    stop: () => clearInterval(timer),
  };
}
