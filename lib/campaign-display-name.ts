/**
 * The campaign's name as customers read it (subjects, footers, reference lines). A campaign
 * definition sets one per language (campaigns.display_names); without one in the contact's
 * language, a generic name for the campaign's kind (and a greeting's occasion) stands in. The
 * campaign id is the manager's key and never reaches a customer.
 */
import type { Language } from '../activities/types.js';

/** Generic names per kind, or per occasion for greetings, in each language. */
const GENERIC: Record<Language, Record<string, string>> = {
  'zh-CN': {
    leads: '新车资讯',
    'lead-routing': '新车资讯',
    'hot-lead-pack': '新车资讯',
    'reply-follow-up': '新车资讯',
    inspection: '免费检测',
    greetings: '节日问候',
    'christmas-new-year': '圣诞新年问候',
    'spring-festival': '新春问候',
    birthday: '生日祝福',
    anniversary: '结婚纪念日祝福',
    other: '客户关怀计划',
  },
  en: {
    leads: 'New model information',
    'lead-routing': 'New model information',
    'hot-lead-pack': 'New model information',
    'reply-follow-up': 'New model information',
    inspection: 'Free inspection check',
    greetings: 'Season’s greetings',
    'christmas-new-year': 'Christmas and New Year greetings',
    'spring-festival': 'Spring Festival greetings',
    birthday: 'Birthday greetings',
    anniversary: 'Wedding anniversary greetings',
    other: 'Customer care programme',
  },
};

/** The generic name for a kind (and a greeting's occasion) in one language. */
export function genericDisplayName(kind: string, language: Language, occasion?: string | null): string {
  const names = GENERIC[language];
  return (occasion ? names[occasion] : undefined) ?? names[kind] ?? names.other!;
}

/** Whatever a campaigns row's display_names holds, as names by language (blank ones dropped). */
export function displayNamesOf(value: unknown): Partial<Record<Language, string>> {
  const names: Partial<Record<Language, string>> = {};
  if (!value || typeof value !== 'object') return names;
  for (const language of ['zh-CN', 'en'] as const) {
    const name = (value as Record<string, unknown>)[language];
    if (typeof name === 'string' && name.trim()) names[language] = name.trim();
  }
  return names;
}

/** The campaign's name in `language`: the definition's, else the generic one for its kind. */
export function campaignDisplayName(
  campaign: { kind: string; displayNames: Partial<Record<Language, string>>; occasion?: string | null },
  language: Language,
): string {
  return campaign.displayNames[language] ?? genericDisplayName(campaign.kind, language, campaign.occasion);
}
