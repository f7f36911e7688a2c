/**
 * `campaign preview <template> --contact <id>`: renders one contact's piece to files, with the
 * context the activities build (activities/piece-context.ts): the e-mail as a real RFC 822
 * message (.eml, both parts and the sheet attachments), its HTML and text parts, and the print
 * piece (.pdf). Nothing is sent or recorded.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { OccasionKind, PieceContext, RenderedEmail } from '../../render/types.js';
import type { Pool } from '../../db/pool.js';
import { findCampaign } from '../../client/campaigns.js';
import { sql } from '../../db/queries.js';
import { projectPath } from '../../lib/project-path.js';
import { replyUrl, unsubscribeUrl } from '../../lib/public-urls.js';
import { signUnsubscribeToken } from '../../lib/unsubscribe-token.js';
import { withContext } from '../context.js';
import { badInput } from '../errors.js';
import { emit, positiveInt, table } from '../output.js';

interface PreviewOptions {
  contact: string;
  campaign?: string;
  out?: string;
  json?: boolean;
}

export interface PreviewReport {
  template: string;
  contactId: number;
  campaignId: string;
  language: string;
  subject: string;
  files: { eml: string; html: string; txt: string; pdf: string };
  /** Required parts the record does not hold yet (no reply card issued, no booking), taken from the sample. */
  sampleParts: string[];
  /** Whether each channel could carry the piece now, or why not. */
  channels: Record<string, string>;
}

/** The campaign used when none is named; it needs no record (the context falls back to its id). */
const PREVIEW_CAMPAIGN = 'preview';
const PREVIEW_CODE = 'PREVIEW-CODE';

const isMissing = (value: unknown): boolean => value === null || value === undefined || (Array.isArray(value) && value.length === 0);

/**
 * Fills each required path (e.g. `booking.slot`) the record left empty with the sample's part,
 * so every template can be previewed before its campaign ran; returns the paths filled.
 */
function fillFromSample(context: PieceContext, sample: PieceContext, paths: string[]): string[] {
  const filled: string[] = [];
  for (const path of paths) {
    const keys = path.split('.');
    let target = context as unknown as Record<string, unknown>;
    let source = sample as unknown as Record<string, unknown> | undefined;
    for (const [i, key] of keys.entries()) {
      if (isMissing(target[key])) {
        target[key] = structuredClone(source?.[key]);
        filled.push(keys.slice(0, i + 1).join('.'));
        break;
      }
      target = target[key] as Record<string, unknown>;
      source = source?.[key] as Record<string, unknown> | undefined;
    }
  }
  return filled;
}

/** The occasion a greeting template is for: greeting-<occasion>[-<tier>]. */
function occasionOfTemplate(template: string): OccasionKind {
  return template.replace(/^greeting-/, '').replace(/-(gold|silver|regular)$/, '') as OccasionKind;
}

/** What the workflow would pass as `data` from the record: the reply card, the booking code and a booked slot. */
async function pieceData(pool: Pool, baseUrl: string, campaignId: string, contactId: number, requires: string[]) {
  const data: Record<string, unknown> = {};
  const parts = new Set(requires.map((r) => r.split('.')[0]));
  const card = (await pool.query<{ response_code: string }>(sql('reply-card-for'), [campaignId, contactId])).rows[0];
  const sampleCard = !card && (parts.has('replyCard') || parts.has('booking'));
  if (sampleCard) data.replyCard = { responseCode: PREVIEW_CODE, replyUrl: replyUrl(baseUrl, PREVIEW_CODE) };
  if (parts.has('booking')) {
    data.bookingCode = card?.response_code ?? PREVIEW_CODE;
    const live = (await pool.query<{ slot_id: number }>(sql('live-booking'), [campaignId, contactId])).rows[0];
    if (live) data.booking = { ok: true, slotId: live.slot_id };
  }
  return { data, sampleCard };
}

function previewText(r: PreviewReport): string {
  return [
    table([
      ['template', `${r.template} (${r.language})`],
      ['contact', r.contactId],
      ['campaign', r.campaignId],
      ['subject', r.subject],
      ...Object.entries(r.channels).map(([channel, state]) => [channel, state] as [string, string]),
      ['sample parts', r.sampleParts.join(', ') || 'none'],
    ]),
    'files:',
    ...Object.values(r.files).map((f) => `  ${f}`),
  ].join('\n');
}

export function registerPreview(program: Command): void {
  program
    .command('preview')
    .description("render a contact's piece to files (.eml, .html, .txt, .pdf) as the campaign would send it; sends nothing")
    .argument('<template>', 'piece template, e.g. hot-lead-pack, brochure, inspection-offer, greeting-christmas-new-year-gold')
    .requiredOption('--contact <id>', 'contact id')
    .option('--campaign <id>', 'campaign whose reply card, booking and name to use (default: none, a preview campaign)')
    .option('--out <dir>', 'folder for the files (default: previews/ in OUTPUT_DIR, .data/files)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nParts the record does not hold yet (a reply card before the campaign ran, the occasion of a greeting)\n' +
        'come from the sample context and are listed as sample parts.\n' +
        'Exit codes: 0 written; 2 unknown template, contact or campaign; 3 the database cannot be reached.\n',
    )
    .action(async (template: string, options: PreviewOptions) => {
      const contactId = positiveInt('--contact', options.contact);
      // Rendering loads fonts and templates: only when previewing, so other commands start fast.
      const render = await import('../../render/index.js');
      const names = render.templateNames();
      if (!names.includes(template)) throw badInput(`unknown template '${template}' (use ${names.join(', ')})`);
      await withContext(async (ctx) => {
        const { pool } = await ctx.db();
        const { readContact, reach } = await import('../../activities/contacts.js');
        const { buildPieceContext, defaultSender } = await import('../../activities/piece-context.js');
        const now = await readContact(pool, contactId);
        if (!now) throw badInput(`unknown contact ${contactId}`);
        const campaignId = options.campaign ?? PREVIEW_CAMPAIGN;
        if (options.campaign !== undefined && !(await findCampaign(pool, options.campaign))) throw badInput(`unknown campaign '${options.campaign}'`);

        const { contact } = now;
        const baseUrl = ctx.config.PUBLIC_BASE_URL;
        const info = render.templateInfo(template, contact.language);
        const { data, sampleCard } = await pieceData(pool, baseUrl, campaignId, contactId, info.requires);
        const context = await buildPieceContext({ pool, contact, campaignId, baseUrl, linkSecret: ctx.config.CUSTOMER_LINK_SECRET, sender: defaultSender, now: new Date(), data });
        const sampleParts = [...(sampleCard ? ['replyCard'] : []), ...fillFromSample(context, render.sampleContext(contact.language), info.requires)];
        if (sampleParts.some((p) => p.startsWith('occasion')) && context.occasion && template.startsWith('greeting-')) {
          context.occasion.kind = occasionOfTemplate(template);
        }

        const token = signUnsubscribeToken(ctx.config.UNSUBSCRIBE_SECRET, { contactId, channel: 'email', campaignId });
        const unsubscribe = unsubscribeUrl(baseUrl, token);
        const [email, pdf] = await Promise.all([
          render.renderEmail(template, { ...context, unsubscribeUrl: unsubscribe }),
          render.renderPrintPiece({ pieceId: `preview-${template}-${contactId}`, template, context }),
        ]);
        const eml = await composeMessage(ctx.config, contact, email, unsubscribe, `preview/${campaignId}/${contactId}/${template}`, new Date(context.date));

        const dir = options.out ? resolve(options.out) : join(projectPath(ctx.config.OUTPUT_DIR), 'previews');
        await mkdir(dir, { recursive: true });
        const base = join(dir, `${template}-${contactId}`);
        const files = { eml: `${base}.eml`, html: `${base}.html`, txt: `${base}.txt`, pdf: `${base}.pdf` };
        await Promise.all([
          writeFile(files.eml, eml),
          writeFile(files.html, email.html),
          writeFile(files.txt, email.text),
          writeFile(files.pdf, pdf),
        ]);
        const channels = Object.fromEntries(
          (['email', 'post', 'phone'] as const).map((ch) => {
            const r = reach(now, ch);
            return [ch, r.ok ? 'reachable now' : `not reachable: ${r.reason}`];
          }),
        );
        const report: PreviewReport = { template, contactId, campaignId, language: contact.language, subject: email.subject, files, sampleParts, channels };
        emit(options, report, previewText);
      });
    });
}

/**
 * The message exactly as the mailer would send it (same builder, From, Message-ID scheme and
 * unsubscribe headers), written to a file instead of going over SMTP.
 */
async function composeMessage(
  config: { MAIL_FROM: string; MESSAGE_ID_DOMAIN: string },
  contact: { email: string | null },
  email: RenderedEmail,
  unsubscribe: string,
  key: string,
  date: Date,
): Promise<Buffer> {
  const [{ composeEmail, messageIdFor }, { InvalidAddressError, parseMailbox }] = await Promise.all([
    import('../../adapters/mailer.js'),
    import('../../adapters/mime-message.js'),
  ]);
  const mail = { ...email, messageId: messageIdFor(key, config.MESSAGE_ID_DOMAIN), unsubscribeUrl: unsubscribe, date };
  const from = parseMailbox(config.MAIL_FROM, 'MAIL_FROM');
  try {
    // A contact without an e-mail address still gets a previewable message, addressed to nobody.
    return composeEmail(from, { ...mail, to: contact.email ?? undefined }).raw;
  } catch (err) {
    // So does one whose address the mailer cannot write (a send records it failed, bad mailbox).
    if (!(err instanceof InvalidAddressError)) throw err;
    return composeEmail(from, mail).raw;
  }
}
