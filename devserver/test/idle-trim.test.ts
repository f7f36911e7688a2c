// The idle trim: full collections once the server has been quiet and its heap has grown.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fullCollection, startIdleTrim, type IdleTrim } from '../src/idle-trim.js';

const MiB = 1024 * 1024;

describe('idle trim', () => {
  let heap: number;
  let collections: number;
  /** What each collection leaves of the heap. */
  let afterCollection: number[];
  let trim: IdleTrim;

  beforeEach(() => {
    vi.useFakeTimers();
    heap = 40 * MiB;
    collections = 0;
    afterCollection = [50 * MiB];
    trim = startIdleTrim({
      quietMs: 3000,
      roundMs: 1000,
      maxRounds: 5,
      minGrowthBytes: 16 * MiB,
      heapBytes: () => heap,
      collect: () => {
        collections += 1;
        heap = afterCollection.shift() ?? heap;
      },
    });
  });

  afterEach(() => {
    trim.stop();
    vi.useRealTimers();
  });

  it('collects once the calls stop, not while they come', () => {
    heap = 120 * MiB;
    for (let t = 0; t < 10; t++) {
      trim.touch();
      vi.advanceTimersByTime(1000);
    }
    expect(collections).toBe(0);
    vi.advanceTimersByTime(3000);
    expect(collections).toBe(1);
    // Back near the start: nothing more to do while idle.
    vi.advanceTimersByTime(20_000);
    expect(collections).toBe(1);
  });

  it('leaves a heap that has not grown much alone', () => {
    heap = 50 * MiB;
    vi.advanceTimersByTime(20_000);
    expect(collections).toBe(0);
  });

  it('goes on collecting while the heap shrinks, up to its rounds, then waits for the next burst', () => {
    heap = 140 * MiB;
    afterCollection = [130, 120, 110, 100, 90, 80].map((m) => m * MiB);
    vi.advanceTimersByTime(30_000);
    expect(collections).toBe(5);
    expect(heap).toBe(90 * MiB);
    // Calls that leave the heap as it was start no new spell...
    trim.touch();
    vi.advanceTimersByTime(30_000);
    expect(collections).toBe(5);
    // ...a burst that grows it does.
    trim.touch();
    heap = 150 * MiB;
    afterCollection = [45 * MiB];
    vi.advanceTimersByTime(30_000);
    expect(collections).toBe(6);
  });
});

describe('fullCollection', () => {
  it("reaches V8's collector without --expose-gc and frees garbage", () => {
    const collect = fullCollection();
    // Built in a function whose frame is gone by the collection, so nothing holds the rows.
    const fill = (): number => Array.from({ length: 300_000 }, (_, i) => ({ i, s: `row ${i}` })).length;
    expect(fill()).toBe(300_000);
    const withGarbage = process.memoryUsage().heapUsed;
    collect();
    expect(process.memoryUsage().heapUsed).toBeLessThan(withGarbage - 10 * MiB);
  });
});
