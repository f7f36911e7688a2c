/**
 * Reply-card follow-up, one run per prospect and campaign (id: reply-follow-up/<campaign>/contact-<id>).
 *
 * Waits up to `replyWindow` (14 days by default) for the reply card (data entry, web form or QR scan, all sent as
 * the `reply` signal). A reply routes the lead by its answers; no reply puts the lead in the call
 * centre's hands, within calling hours, a limited number of attempts on different days. Every end
 * state is recorded with its reason for the funnel.
 */
import { condition, defineQuery, defineSignal, setHandler } from '@temporalio/workflow';
import { records } from './support/activities.js';
import { callOutcomeSignal, callUntilReached, type OutcomeBook } from './support/calls.js';
import { deliverPiece } from './support/deliver.js';
import { DEFAULT_FOLLOW_UP, type FollowUpSettings } from './support/settings.js';
import { stageRecorder } from './support/stage.js';

/** The answers on a returned reply card. */
export interface ReplyAnswers {
  wantsTestDrive?: boolean;
  wantsMaterial?: boolean;
  /** "Please call me" on the card: a call from the call centre, at the best time given. */
  wantsCall?: boolean;
  /** The phone number written on the card, when the customer gave one. */
  phone?: string;
  /** The card's "best time to call", as the customer wrote it. */
  bestTime?: string;
  notInterested?: boolean;
  /** Why not, when not interested. */
  reason?: string;
  /** How the reply came in: 'data-entry', 'web', 'qr'. */
  via?: string;
  /** The card's "when will you buy?" answer, which re-scores heat (client/heat.ts). */
  purchaseTimeframe?: string;
}

export type FollowUpEnd =
  | { state: 'appointment'; reason: string }
  | { state: 'material-sent'; reason: string }
  | { state: 'lost'; reason: string }
  | { state: 'no-contact'; reason: string };

export interface FollowUpStatus {
  stage: string;
  replied: boolean;
  callAttempts: number;
  end?: FollowUpEnd;
}

export interface ReplyFollowUpInput {
  campaignId: string;
  contactId: number;
  settings?: FollowUpSettings;
}

export const replySignal = defineSignal<[ReplyAnswers]>('reply');
export const followUpStatusQuery = defineQuery<FollowUpStatus>('followUpStatus');

/** Follows up one lead's reply card; key: campaign and contact; records its end state; returns it. */
export async function replyFollowUp(input: ReplyFollowUpInput): Promise<FollowUpEnd> {
  const settings = input.settings ?? DEFAULT_FOLLOW_UP;
  const status: FollowUpStatus = { stage: 'awaiting-reply', replied: false, callAttempts: 0 };
  const outcomes: OutcomeBook = new Map();
  let reply: ReplyAnswers | undefined;

  // The first reply counts; a second card for the same lead changes nothing already under way.
  setHandler(replySignal, (answers) => {
    reply ??= answers;
  });
  setHandler(callOutcomeSignal, (report) => {
    if (!outcomes.has(report.taskKey)) outcomes.set(report.taskKey, report);
  });
  setHandler(followUpStatusQuery, () => status);

  const stage = stageRecorder(input.campaignId, input.contactId, status);

  const contact = await records.loadContact(input.contactId);
  const call = (purpose: 'reply-follow-up' | 'test-drive-booking', notes: string) =>
    callUntilReached({
      campaignId: input.campaignId,
      contact,
      purpose,
      notes,
      attempts: settings.callAttempts,
      settings,
      outcomes,
      onAttempt: async (attempt) => {
        status.callAttempts = attempt;
        if (attempt === 1) await stage('called');
      },
    });

  const finish = async (end: FollowUpEnd): Promise<FollowUpEnd> => {
    status.end = end;
    await stage(end.state, end.reason);
    return end;
  };

  const replied = await condition(() => reply !== undefined, settings.replyWindow);
  if (replied && reply) {
    status.replied = true;
    await stage('replied', reply.via);
    if (reply.notInterested) return finish({ state: 'lost', reason: reply.reason ?? 'not interested (reply card)' });
    if (reply.wantsTestDrive) {
      const result = await call('test-drive-booking', withCardNotes('Book a test drive with the nearest dealer.', reply));
      return finishCall(result, finish, stage);
    }
    if (reply.wantsCall) {
      const result = await call('reply-follow-up', withCardNotes('Asked on the reply card to be called.', reply));
      return finishCall(result, finish, stage);
    }
    if (reply.wantsMaterial) {
      const card = await records.issueReplyCard(input.campaignId, contact.id); // the card already issued
      await deliverPiece(contact, {
        campaignId: input.campaignId,
        step: 'more-material',
        template: 'more-material',
        data: { replyCard: card },
      });
      return finish({ state: 'material-sent', reason: 'asked for more material' });
    }
    return finish({ state: 'lost', reason: 'reply card returned without a request' });
  }

  const result = await call('reply-follow-up', `No reply card within ${String(settings.replyWindow)}.`);
  if (result === 'reached-refused') {
    // The reasons of a lost prospect feed back into the programme: one survey call, not chased.
    await callUntilReached({
      campaignId: input.campaignId,
      contact,
      purpose: 'lost-customer-survey',
      notes: 'Lost-customer survey: ask why.',
      attempts: 1,
      settings,
      outcomes,
    });
  }
  return finishCall(result, finish, stage);
}

/** The agent's notes with the phone and the best time the customer wrote on the card. */
function withCardNotes(notes: string, reply: ReplyAnswers): string {
  const extra = [reply.phone ? `Phone given on the card: ${reply.phone}.` : '', reply.bestTime ? `Best time to call: ${reply.bestTime}.` : ''];
  return [notes, ...extra].filter(Boolean).join(' ');
}

async function finishCall(
  result: 'reached-interested' | 'reached-refused' | 'never-reached',
  finish: (end: FollowUpEnd) => Promise<FollowUpEnd>,
  stage: (name: string) => Promise<void>,
): Promise<FollowUpEnd> {
  if (result === 'never-reached') return finish({ state: 'no-contact', reason: 'not reached in the call attempts' });
  await stage('reached');
  if (result === 'reached-refused') return finish({ state: 'lost', reason: 'refused on the follow-up call' });
  return finish({ state: 'appointment', reason: 'dealer appointment booked by the call centre' });
}
