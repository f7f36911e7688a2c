/**
 * Holiday greetings broadcast, one run per campaign (id: greetings/<campaign>), e.g. the year-end
 * Christmas and New Year greetings or the Spring Festival greetings, started by a schedule.
 *
 * Pages through the owner file by contact id. Each page is one activity that sends and records
 * every greeting before it returns, so the cursor here moves only after a page is recorded; a
 * retried page finds its greetings already claimed and sends none twice. Throttling, pause,
 * resume and cancel live here; an error rate over the threshold pauses the run and says why.
 * The run continues as new every few pages, carrying cursor and totals, so history stays small.
 */
import {
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { GreetingsPageRequest } from '../activities/types.js';
import type { Segment } from '../db/segment.js';
import { pageActivities, records } from './support/activities.js';

export interface GreetingsTotals {
  sent: number;
  failed: number;
  skipped: number;
  /** Owners in the campaign's holdout: recorded, sent nothing. */
  heldOut?: number;
}

export interface GreetingsInput {
  campaignId: string;
  occasion: GreetingsPageRequest['occasion'];
  /** One greeting per owner per step, e.g. 'christmas-new-year-2026'. */
  step: string;
  pageSize?: number;
  /** Greetings per second over the whole run; 0 sends as fast as the pages go. */
  ratePerSecond?: number;
  /**
   * Fraction of attempted pieces that may fail (any failure: refused, rendering, the letter shop)
   * before the run pauses itself, judged over each page and over the run so far.
   */
  errorThreshold?: number;
  /** The campaign's audience within the owner file; default every owner. */
  segment?: Segment;
  /** Share of owners held out (recorded, sent nothing), drawn stably per campaign and owner. */
  holdoutShare?: number;
  /** The channels the campaign uses, each as the owner consents; default both. */
  channels?: ('email' | 'post')[];
  /** Pages per run before continuing as new. */
  pagesPerRun?: number;
  /** Carried across continue-as-new. */
  cursor?: number;
  totals?: GreetingsTotals;
  targeted?: number;
  paused?: { reason: string };
  /** Totals when an operator last resumed: the run's failure rate is judged from there on. */
  resumedAt?: { sent: number; failed: number };
  /** Birthday and anniversary runs: the day whose owners are greeted, YYYY-MM-DD. */
  onDate?: string;
  /** How soon a page whose worker died is retried elsewhere; default 30 seconds. */
  pageHeartbeatTimeout?: Duration;
  /** The bundled sample owners (npm start's demonstration) instead of the programme's own. */
  sampleContacts?: boolean;
}

export interface GreetingsProgress extends GreetingsTotals {
  state: 'running' | 'paused' | 'cancelled' | 'done';
  targeted: number;
  remaining: number;
  cursor: number;
  pauseReason?: string;
}

export const pauseSignal = defineSignal<[reason?: string]>('pause');
export const resumeSignal = defineSignal('resume');
export const cancelSignal = defineSignal('cancel');
export const progressQuery = defineQuery<GreetingsProgress>('progress');

/**
 * Why the run must pause now, or undefined. A page of ten or more attempts over the threshold
 * pauses, and so does the run so far once it has tried ten pieces or its whole audience: a small
 * broadcast whose pieces mostly fail pauses too.
 */
function overThreshold(
  page: { sent: number; failed: number; failureReasons?: { reason: string; pieces: number }[] },
  totals: GreetingsTotals,
  since: { sent: number; failed: number },
  threshold: number,
  targeted: number,
): string | undefined {
  const pageAttempts = page.sent + page.failed;
  const runFailed = totals.failed - since.failed;
  const runAttempts = totals.sent + runFailed - since.sent;
  const audience = Math.max(targeted - (totals.heldOut ?? 0) - totals.skipped - since.sent - since.failed, 1);
  const pageOver = pageAttempts >= 10 && page.failed / pageAttempts > threshold;
  const runOver = runAttempts >= Math.min(10, audience) && runFailed / runAttempts > threshold;
  if (!pageOver && !runOver) return undefined;
  const [failed, attempted] = pageOver ? [page.failed, pageAttempts] : [runFailed, runAttempts];
  const top = page.failureReasons?.[0];
  return (
    `paused: ${failed} of ${attempted} pieces failed, over the ${Math.round(threshold * 100)}% threshold` +
    (top ? `; most often (${top.pieces}): ${top.reason}` : '') +
    `; see 'campaign failed list', then resume`
  );
}

/** Broadcasts greetings to every owner once; key per owner: campaign/owner/step/channel. */
export async function greetings(input: GreetingsInput): Promise<GreetingsProgress> {
  const pages = pageActivities(input.pageHeartbeatTimeout);
  const pageSize = input.pageSize ?? 500;
  const rate = input.ratePerSecond ?? 0;
  const threshold = input.errorThreshold ?? 0.2;
  const pagesPerRun = input.pagesPerRun ?? 20;
  const totals: GreetingsTotals = { ...(input.totals ?? { sent: 0, failed: 0, skipped: 0 }) };
  let cursor = input.cursor ?? 0;
  let pauseReason = input.paused?.reason;
  let cancelled = false;
  let done = false;
  let targeted = input.targeted ?? 0;
  let resumedAt = input.resumedAt ?? { sent: 0, failed: 0 };

  const progress = (): GreetingsProgress => {
    const processed = totals.sent + totals.failed + totals.skipped + (totals.heldOut ?? 0);
    return {
      ...totals,
      state: (cancelled ? 'cancelled' : done ? 'done' : pauseReason !== undefined ? 'paused' : 'running'),
      targeted,
      remaining: Math.max(targeted - processed, 0),
      cursor,
      pauseReason,
    };
  };
  setHandler(pauseSignal, (reason) => {
    pauseReason = reason ?? 'paused by an operator';
  });
  setHandler(resumeSignal, () => {
    pauseReason = undefined;
    resumedAt = { sent: totals.sent, failed: totals.failed };
  });
  setHandler(cancelSignal, () => {
    cancelled = true;
  });
  setHandler(progressQuery, () => progress());
  // Handlers first: a query or signal may arrive before the count below returns.
  if (input.targeted === undefined) targeted = await records.countGreetingsRecipients(input.occasion, input.onDate, input.sampleContacts, input.segment);

  for (let page = 0; ; page++) {
    if (pauseReason !== undefined) await condition(() => pauseReason === undefined || cancelled);
    if (cancelled) return progress();
    if (page >= pagesPerRun || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof greetings>({
        ...input,
        cursor,
        totals,
        targeted,
        paused: pauseReason !== undefined ? { reason: pauseReason } : undefined,
        resumedAt,
      });
    }

    const started = Date.now();
    const result = await pages.sendGreetingsPage({
      campaignId: input.campaignId,
      occasion: input.occasion,
      step: input.step,
      afterContactId: cursor,
      pageSize,
      ratePerSecond: 0,
      onDate: input.onDate,
      sampleContacts: input.sampleContacts,
      segment: input.segment,
      holdoutShare: input.holdoutShare,
      channels: input.channels,
    });
    if (result.lastContactId === null) {
      done = true;
      return progress();
    }
    totals.sent += result.sent;
    totals.failed += result.failed;
    totals.skipped += result.skipped;
    if (result.heldOut) totals.heldOut = (totals.heldOut ?? 0) + result.heldOut;
    cursor = result.lastContactId;
    pauseReason ??= overThreshold(result, totals, resumedAt, threshold, targeted);
    if (rate > 0) {
      const due = ((result.sent + result.failed) / rate) * 1000 - (Date.now() - started);
      if (due > 0) await sleep(due);
    }
  }
}
