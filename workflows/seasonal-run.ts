/**
 * A seasonal run, started by a Temporal Schedule (id seasonal/<schedule>-<time>): the year-end
 * or Spring Festival greetings, the daily birthday and anniversary greetings, the May
 * air-conditioning check, the December inspection. It names this season's campaign from the
 * date of the run (e.g. xmas-2026, birthday-2026-05-14), registers it, and starts it once: a
 * second run for the same season finds the campaign already started and starts nothing.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { executeChild, ParentClosePolicy, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { broadcastWorkflowId, campaignSearchAttributes } from '../lib/temporal-names.js';
import type { GreetingsPageRequest } from '../activities/types.js';
import { records } from './support/activities.js';
import { greetings, type GreetingsProgress } from './greetings.js';

export type SeasonalRunInput =
  | {
      kind: 'greetings';
      /** Campaign id prefix, e.g. 'xmas' gives xmas-2026. */
      prefix: string;
      occasion: GreetingsPageRequest['occasion'];
      /** Daily runs (birthdays) name their campaign by date, yearly ones by year. */
      period: 'year' | 'day';
      timeZone: string;
      ratePerSecond?: number;
      /** The gold owners' trip and the silver owners' gift, as the tier letters announce them. */
      details?: Record<string, unknown>;
    }
  | {
      kind: 'inspection';
      prefix: string;
      period: 'year';
      timeZone: string;
      offerPeriod: string;
    };

export interface SeasonalRunResult {
  campaignId: string;
  outcome: GreetingsProgress | { started: number; running: number; finished: number } | 'already-run';
}

/** The local date of now in the zone: YYYY-MM-DD. */
function localDate(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** Names and starts this season's campaign; key: the campaign id derived from the run's date. */
export async function seasonalRun(input: SeasonalRunInput): Promise<SeasonalRunResult> {
  const date = localDate(input.timeZone);
  const campaignId = `${input.prefix}-${input.period === 'year' ? date.slice(0, 4) : date}`;
  await records.registerCampaign(campaignId, input.kind, { ...input, ...(input.kind === 'greetings' ? input.details : {}), date });

  if (input.kind === 'inspection') {
    const outcome = await records.startInspectionForOwners(campaignId, input.offerPeriod);
    return { campaignId, outcome };
  }
  // A season's broadcast runs once: a second trigger finds it and ends quietly. (A schedule of a
  // defined campaign, definition-run.ts, checks it before anything is registered or started.)
  const outcome = await executeChild(greetings, {
    workflowId: broadcastWorkflowId('greetings', campaignId),
    args: [{ campaignId, occasion: input.occasion, step: campaignId, ratePerSecond: input.ratePerSecond, onDate: input.period === 'day' ? date : undefined }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    // A season whose broadcast was cancelled or failed may be triggered again once its cause is
    // fixed; its greetings are keyed per owner, so those already sent are not sent again.
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    typedSearchAttributes: campaignSearchAttributes('greetings', campaignId),
  }).catch((err: unknown) => {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already-run' as const;
    throw err;
  });
  return { campaignId, outcome };
}
