/**
 * Outbound calling from a workflow: one call task per attempt, each in a calling window on a
 * different local day, until the contact is reached or the attempts run out. The call centre
 * reports each outcome back as the `callOutcome` signal, keyed by the task's idempotency key.
 */
import { msToNumber } from '@temporalio/common/lib/time.js';
import { condition, defineSignal, workflowInfo } from '@temporalio/workflow';
import { deliveryKey } from '../../lib/delivery-key.js';
import type { CallOutcome, CallTaskRequest, ContactProfile } from '../../activities/types.js';
import { calls } from './activities.js';
import { nextCallingWindow } from './calling-hours.js';
import type { FollowUpSettings } from './settings.js';

export interface CallOutcomeReport {
  /** The idempotency key of the call task this outcome answers. */
  taskKey: string;
  outcome: CallOutcome;
  note?: string;
}

/** Sent by the engine's HTTP endpoint when the call centre reports an outcome. */
export const callOutcomeSignal = defineSignal<[CallOutcomeReport]>('callOutcome');

/** Outcomes received so far, by task key; the workflow registers the signal handler into it. */
export type OutcomeBook = Map<string, CallOutcomeReport>;

export type CallResult = 'reached-interested' | 'reached-refused' | 'never-reached';

export interface CallPlan {
  campaignId: string;
  contact: ContactProfile;
  purpose: CallTaskRequest['purpose'];
  notes: string;
  attempts: number;
  settings: FollowUpSettings;
  outcomes: OutcomeBook;
  /** Called as each attempt is created, for the workflow's query state. */
  onAttempt?: (attempt: number, window: { notBefore: string; notAfter: string }) => Promise<void> | void;
}

/** Places call tasks until the contact is reached or the attempts are used up. */
export async function callUntilReached(plan: CallPlan): Promise<CallResult> {
  const { contact, settings } = plan;
  let lastDate: string | undefined;
  for (let attempt = 1; attempt <= plan.attempts; attempt++) {
    const window = nextCallingWindow(Date.now(), contact.timeZone, settings.callingHours, lastDate);
    lastDate = window.localDate;
    const taskKey = deliveryKey(plan.campaignId, contact.id, `call-${plan.purpose}-${attempt}`, 'phone');
    await plan.onAttempt?.(attempt, window);
    const created = await calls.createCallTask({
      idempotencyKey: taskKey,
      campaignId: plan.campaignId,
      contactId: contact.id,
      workflowId: workflowInfo().workflowId,
      purpose: plan.purpose,
      notes: plan.notes,
      attempt,
      window: { notBefore: window.notBefore, notAfter: window.notAfter },
    });
    if (created.status === 'skipped') return 'never-reached'; // phone withdrawn or suppressed
    const deadline = Date.parse(window.notAfter) + msToNumber(settings.outcomeGrace);
    await condition(() => plan.outcomes.has(taskKey), Math.max(deadline - Date.now(), 1));
    const report = plan.outcomes.get(taskKey);
    if (report?.outcome === 'reached-interested' || report?.outcome === 'reached-refused') return report.outcome;
  }
  return 'never-reached';
}
