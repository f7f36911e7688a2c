/**
 * Keeps Ctrl-C graceful in our long-running processes (the worker, `npm start`). The Temporal
 * SDK's runtime starts stopping its workers at the first SIGINT or SIGTERM and then stops
 * listening, so with no listener of ours a repeat ends the process at once, mid-shutdown: sends
 * in flight cut off, local services left to their own exit. And one Ctrl-C can arrive twice:
 * from the terminal, and relayed a moment later by a wrapper (the tsx CLI does this, and kills a
 * script that is slow to answer, which is why the npm scripts run `node --import tsx` instead).
 *
 * So signals that come within `sameWithinMs` of the first count as that one press, and are
 * ignored; a later press forces the exit, for when a graceful stop takes too long.
 */
export function keepStopGraceful(onForced: (signal: NodeJS.Signals) => void, sameWithinMs = 500): void {
  let firstAt: number | undefined;
  const listener = (signal: NodeJS.Signals): void => {
    const now = Date.now();
    if (firstAt === undefined) firstAt = now;
    else if (now - firstAt > sameWithinMs) onForced(signal);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
}
