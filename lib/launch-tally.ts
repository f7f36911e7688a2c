/** A launch's counts, added page by page (pure: the launch workflow uses them too). */
import type { LaunchTally } from '../activities/types.js';

export function emptyTally(): LaunchTally {
  return { audience: 0, heldOut: 0, started: 0, already: 0, notOffered: {}, pieces: { sent: 0, failed: 0, skipped: 0 } };
}

/** Adds a page's counts to the launch's. */
export function addTally(total: LaunchTally, page: LaunchTally): LaunchTally {
  const notOffered = { ...total.notOffered };
  for (const [reason, n] of Object.entries(page.notOffered)) notOffered[reason] = (notOffered[reason] ?? 0) + n;
  return {
    audience: total.audience + page.audience,
    heldOut: total.heldOut + page.heldOut,
    started: total.started + page.started,
    already: total.already + page.already,
    notOffered,
    pieces: {
      sent: total.pieces.sent + page.pieces.sent,
      failed: total.pieces.failed + page.pieces.failed,
      skipped: total.pieces.skipped + page.pieces.skipped,
    },
  };
}

