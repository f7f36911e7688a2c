/**
 * Lead routing, one run per classified prospect and campaign (id: lead-routing/<campaign>/contact-<id>).
 *
 * High heat (buying within the year) goes to the hot-lead mail pack as its own run; low heat gets
 * one mailing of the brochure and price sheet, so the prospect knows the brand when the time comes.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, upsertSearchAttributes, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { campaignSearchAttributes, CampaignStageKey, contactWorkflowId } from '../lib/temporal-names.js';
import { records } from './support/activities.js';
import { anySent, deliverPiece } from './support/deliver.js';
import type { FollowUpSettings } from './support/settings.js';
import { hotLeadPack } from './hot-lead-pack.js';

export interface LeadRoutingInput {
  campaignId: string;
  contactId: number;
  followUp?: FollowUpSettings;
}

export type LeadRoute = { route: 'hot-lead-pack'; workflowId: string } | { route: 'brochure'; sent: boolean };

/** Routes one prospect by purchase heat; key: campaign and contact; effect: a brochure or a pack run. */
export async function leadRouting(input: LeadRoutingInput): Promise<LeadRoute> {
  const contact = await records.loadContact(input.contactId);
  if (contact.heat === 'high') {
    const workflowId = contactWorkflowId('hot-lead-pack', input.campaignId, contact.id);
    // A new answer that made the prospect hot may have started the pack already (client/heat.ts): one pack.
    await startChild(hotLeadPack, {
      workflowId,
      args: [{ campaignId: input.campaignId, contactId: contact.id, followUp: input.followUp }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: campaignSearchAttributes('hot-lead-pack', input.campaignId, contact.id),
    }).catch((err: unknown) => {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    });
    return { route: 'hot-lead-pack', workflowId };
  }
  // Every mailing carries a reply card: a low-heat prospect who answers now is followed up.
  const card = await records.issueReplyCard(input.campaignId, contact.id);
  const results = await deliverPiece(contact, {
    campaignId: input.campaignId,
    step: 'brochure',
    template: 'brochure',
    data: { replyCard: card },
  });
  const sent = anySent(results);
  const stage = sent ? 'sent' : 'not-sent';
  upsertSearchAttributes([{ key: CampaignStageKey, value: stage }]);
  await records.recordStage(input.campaignId, contact.id, stage, sent ? 'brochure' : 'no mail channel');
  return { route: 'brochure', sent };
}
