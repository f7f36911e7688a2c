import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

/**
 * Names the worker, the client, the CLI and the tests share: task queue, workflow ids and
 * search-attribute keys. Built here once so no two places can disagree.
 */

/** The task queue every campaign workflow and activity runs on, unless configured otherwise. */
export const DEFAULT_TASK_QUEUE = 'campaign-engine';

/** Campaign kinds the engine runs; each has one workflow file under workflows/. */
export const CAMPAIGN_KINDS = ['lead-routing', 'hot-lead-pack', 'reply-follow-up', 'inspection', 'greetings'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

/**
 * Workflow id for one contact in one campaign. Deterministic, so starting the same campaign for
 * the same contact twice finds the running workflow instead of starting a second one.
 */
export function contactWorkflowId(kind: CampaignKind, campaignId: string, contactId: string | number): string {
  return `${kind}/${campaignId}/contact-${contactId}`;
}

/** Workflow id of a broadcast (one workflow for the whole list), keyed by its campaign. */
export function broadcastWorkflowId(kind: CampaignKind, campaignId: string): string {
  return `${kind}/${campaignId}`;
}

/** Custom search attributes set on every run so operations can find it by visibility query. */
export const CampaignIdKey = defineSearchAttributeKey('CampaignId', SearchAttributeType.KEYWORD);
export const ContactIdKey = defineSearchAttributeKey('ContactId', SearchAttributeType.INT);
export const CampaignKindKey = defineSearchAttributeKey('CampaignKind', SearchAttributeType.KEYWORD);
export const CampaignStageKey = defineSearchAttributeKey('CampaignStage', SearchAttributeType.KEYWORD);
export const SEARCH_ATTRIBUTE_KEYS = [CampaignIdKey, ContactIdKey, CampaignKindKey, CampaignStageKey] as const;

/** The search attributes a campaign run starts with: its campaign, kind, and contact and stage when it has them. */
export function campaignSearchAttributes(kind: CampaignKind, campaignId: string, contactId?: number, stage?: string): SearchAttributePair[] {
  return [
    { key: CampaignIdKey, value: campaignId },
    { key: CampaignKindKey, value: kind },
    ...(contactId !== undefined ? [{ key: ContactIdKey, value: contactId }] : []),
    ...(stage !== undefined ? [{ key: CampaignStageKey, value: stage }] : []),
  ] as SearchAttributePair[];
}

/** Workflow id of a per-contact campaign's launch (workflows/campaign-launch.ts). */
export function launchWorkflowId(campaignId: string): string {
  return `launch/${campaignId}`;
}
