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
import { pageActivities, records } from './support/activities.js';

export interface GreetingsTotals {
  sent: number;
  failed: number;
  skipped: number;
}

export interface GreetingsInput {
  campaignId: string;
  occasion: GreetingsPageRequest['occasion'];
  /** One greeting per owner per step, e.g. 'christmas-new-year-2026'. */
  step: string;
  pageSize?: number;
  /** Greetings per second over the whole run; 0 sends as fast as the pages go. */
  ratePerSecond?: number;
  /** Fraction of a page's attempts that may fail before the run pauses itself. */
  errorThreshold?: number;
  /** Pages per run before continuing as new. */
  pagesPerRun?: number;
  /** Carried across continue-as-new. */
  cursor?: number;
  totals?: GreetingsTotals;
  targeted?: number;
  paused?: { reason: string };
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

  const progress = (): GreetingsProgress => {
    const processed = totals.sent + totals.failed + totals.skipped;
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
  });
  setHandler(cancelSignal, () => {
    cancelled = true;
  });
  setHandler(progressQuery, () => progress());
  // Handlers first: a query or signal may arrive before the count below returns.
  if (input.targeted === undefined) targeted = await records.countGreetingsRecipients(input.occasion, input.onDate, input.sampleContacts);

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
    });
    if (result.lastContactId === null) {
      done = true;
      return progress();
    }
    totals.sent += result.sent;
    totals.failed += result.failed;
    totals.skipped += result.skipped;
    cursor = result.lastContactId;

    const attempted = result.sent + result.failed;
    if (attempted >= 10 && result.failed / attempted > threshold) {
      pauseReason =
        `paused: ${result.failed} of ${attempted} sends failed on the page after contact ${cursor}, ` +
        `over the ${Math.round(threshold * 100)}% threshold; see 'campaign failed list', then resume`;
    }
    if (rate > 0) {
      const due = ((result.sent + result.failed) / rate) * 1000 - (Date.now() - started);
      if (due > 0) await sleep(due);
    }
  }
}
