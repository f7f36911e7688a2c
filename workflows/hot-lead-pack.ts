/**
 * Hot-lead mail pack, one run per high-heat prospect and campaign (id: hot-lead-pack/<campaign>/contact-<id>).
 *
 * Issues the prospect's reply card, sends the full pack (cover letter, catalogue and price list
 * for the models of interest, sales and after-sales sheets, nearest dealers and service centres,
 * reply card with its code and QR) on every mail channel the prospect consents to, records each
 * piece, then hands over to the reply-card follow-up as its own run.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, upsertSearchAttributes, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { campaignSearchAttributes, CampaignStageKey, contactWorkflowId } from '../lib/temporal-names.js';
import type { DeliveryResult } from '../activities/types.js';
import { records } from './support/activities.js';
import { anySent, deliverPiece } from './support/deliver.js';
import { DEFAULT_FOLLOW_UP, type FollowUpSettings } from './support/settings.js';
import { replyFollowUp } from './reply-follow-up.js';

export interface HotLeadPackInput {
  campaignId: string;
  contactId: number;
  followUp?: FollowUpSettings;
}

export interface HotLeadPackResult {
  responseCode: string;
  deliveries: DeliveryResult[];
  followUpWorkflowId: string;
}

/** Sends one prospect's mail pack once per channel (keys: campaign/contact/pack/channel), then starts the follow-up. */
export async function hotLeadPack(input: HotLeadPackInput): Promise<HotLeadPackResult> {
  const contact = await records.loadContact(input.contactId);
  const card = await records.issueReplyCard(input.campaignId, contact.id);
  const deliveries = await deliverPiece(contact, {
    campaignId: input.campaignId,
    step: 'pack',
    template: 'hot-lead-pack',
    data: { replyCard: card },
  });
  const stage = anySent(deliveries) ? 'sent' : 'not-sent';
  upsertSearchAttributes([{ key: CampaignStageKey, value: stage }]);
  await records.recordStage(input.campaignId, contact.id, stage, anySent(deliveries) ? undefined : 'no mail channel');

  // The follow-up outlives this run: it waits weeks for the reply card. A reply that came back
  // before this point (a QR code scanned at once) has already started it, which is as good.
  const followUpWorkflowId = contactWorkflowId('reply-follow-up', input.campaignId, contact.id);
  await startChild(replyFollowUp, {
    workflowId: followUpWorkflowId,
    args: [{ campaignId: input.campaignId, contactId: contact.id, settings: input.followUp ?? DEFAULT_FOLLOW_UP }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes: campaignSearchAttributes('reply-follow-up', input.campaignId, contact.id, 'awaiting-reply'),
  }).catch((err: unknown) => {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  });
  return { responseCode: card.responseCode, deliveries, followUpWorkflowId };
}
