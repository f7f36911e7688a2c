// What a handler may know about the call it serves: its deadline and cancellation.
export interface CallContext {
  /** Milliseconds since epoch (wall clock) when the caller gives up; Infinity when unset. */
  readonly deadline: number;
  /** Registers a hook run if the caller cancels or its deadline passes. */
  onCancel(fn: () => void): void;
  readonly cancelled: boolean;
}

/** Wall-clock milliseconds a long poll may wait: until shortly before the deadline, at most maxMs. */
export function longPollMs(ctx: CallContext, maxMs: number): number {
  const left = ctx.deadline - Date.now() - 1000;
  return Math.max(0, Math.min(maxMs, left));
}
