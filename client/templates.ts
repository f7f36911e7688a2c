/** Template checks before a campaign sends anything: every piece it can send must render. */
import { templateNames, validateTemplates } from '../render/index.js';

const PIECES: Record<string, (names: string[]) => string[]> = {
  leads: () => ['brochure', 'hot-lead-pack', 'more-material'],
  inspection: () => ['inspection-offer', 'inspection-confirmation', 'inspection-reminder', 'inspection-thanks', 'inspection-missed', 'inspection-cancelled'],
  greetings: (names) => names.filter((n) => n.startsWith('greeting-')),
};

/** One line per problem ("inspection-offer (en) html: ..."); empty when the campaign's templates render. */
export async function validateCampaignTemplates(kind: string): Promise<string[]> {
  const names = PIECES[kind]?.(templateNames()) ?? [];
  const known = new Set(templateNames());
  const missing = names.filter((n) => !known.has(n)).map((n) => `${n}: template not found`);
  const errors = validateTemplates(names.filter((n) => known.has(n))).map(
    (e) => `${e.template}${e.language ? ` (${e.language})` : ''} ${e.part}: ${e.message}`,
  );
  return [...missing, ...errors];
}
