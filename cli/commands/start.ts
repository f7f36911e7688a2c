/** `campaign start <kind>`: start a campaign for a segment, a list of contacts or one contact. */
import type { Command } from 'commander';
import { segmentContactIds, type Segment } from '../../client/segment.js';
import { requireContacts, startGreetings, startInspection, startLeadRouting, UnknownContactsError, type StartTally } from '../../client/start.js';
import { notOfferedCount, notOfferedText, planInspectionOffers } from '../../client/inspection-offers.js';
import { reachByChannel } from '../../client/reach.js';
import { withContext, type CommandContext } from '../context.js';
import { badInput, EXIT } from '../errors.js';
import { emit, positiveInt, table } from '../output.js';
import { startDefined } from './start-defined.js';

const KINDS = ['leads', 'inspection', 'greetings'] as const;
type Kind = (typeof KINDS)[number];
const OCCASIONS = ['christmas-new-year', 'spring-festival', 'birthday', 'anniversary'] as const;

interface StartOptions {
  campaign?: string;
  runDate?: string;
  contact?: string[];
  segment?: string;
  occasion?: string;
  step?: string;
  rate?: string;
  pageSize?: string;
  offerDays?: string;
  replyDays?: string;
  dryRun?: boolean;
  json?: boolean;
}

const LIST_FIELDS = ['heat', 'tier', 'source', 'city', 'dealer', 'centre', 'model', 'title', 'industry'] as const;
const CHOICES: Partial<Record<string, string[]>> = { stage: ['prospect', 'owner'], heat: ['high', 'low'], tier: ['gold', 'silver', 'regular'] };

/**
 * Parses `tier=gold|silver,city=广州` into a segment of the kind's part of the file, naming a bad
 * key or value. The stage follows from the kind (leads: prospects; the others: owners).
 */
export function parseSegment(text: string, kind: Kind): Segment {
  const stage = kind === 'leads' ? 'prospect' : 'owner';
  const segment: Segment = { stage, withVehicle: kind === 'inspection' };
  for (const pair of text.split(',')) {
    const [key, value] = pair.split('=').map((s) => s.trim());
    if (!key || !value) throw badInput(`--segment: '${pair}' is not key=value`);
    const values = value.split('|').map((v) => v.trim()).filter(Boolean);
    const choices = CHOICES[key];
    const wrong = choices && values.find((v) => !choices.includes(v));
    if (wrong) throw badInput(`--segment: ${key} must be one of ${choices.join(', ')}, got '${wrong}'`);
    if (key === 'stage') {
      if (value !== stage) throw badInput(`--segment: a ${kind} campaign reaches ${stage}s, not stage=${value}`);
    } else if ((LIST_FIELDS as readonly string[]).includes(key)) {
      (segment as Record<string, unknown>)[key] = values;
    } else {
      throw badInput(`--segment: unknown field '${key}' (use ${LIST_FIELDS.join(', ')}; several values as a|b)`);
    }
  }
  return segment;
}

function defaultSegment(kind: Kind): Segment {
  return kind === 'leads' ? { stage: 'prospect' } : { stage: 'owner', withVehicle: kind === 'inspection' };
}

async function targetIds(ctx: CommandContext, kind: Kind, options: StartOptions): Promise<number[]> {
  const { pool } = await ctx.db();
  if (options.contact?.length) {
    const ids = options.contact.map((c) => positiveInt('--contact', c));
    await requireContacts(pool, ids).catch((err: unknown) => {
      throw err instanceof UnknownContactsError ? badInput(err.message) : err;
    });
    return ids;
  }
  return segmentContactIds(pool, options.segment ? parseSegment(options.segment, kind) : defaultSegment(kind));
}

function tallyText(kind: string, campaign: string, tally: StartTally): string {
  return table([
    ['campaign', `${campaign} (${kind})`],
    ['started', tally.started.length],
    ['already running', tally.running.length],
    ['already finished', tally.finished.length],
    ...(tally.notOffered ? ([['not offered', `${tally.notOffered.count}: ${tally.notOffered.reason}`]] as [string, string][]) : []),
  ]);
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('start a campaign: leads (route prospects by heat), inspection (offer slots to owners), greetings (broadcast)')
    .argument('<campaign>', `a defined campaign (campaign list), or a kind as shorthand: ${KINDS.join(' | ')} with --campaign`)
    .option('--campaign <id>', 'with a kind: the campaign id, e.g. xmas-2026; starting the same id twice starts nothing new')
    .option('--run-date <date>', "a defined campaign: the day it runs for (fills its yearly MM-DD dates; a birthday run's day), default today")
    .option('--contact <id...>', 'one or more contact ids instead of a segment')
    .option('--segment <filter>', 'e.g. stage=prospect,heat=high or stage=owner,tier=gold (default: all prospects or all owners)')
    .option('--occasion <name>', `greetings: ${OCCASIONS.join(', ')}`, 'christmas-new-year')
    .option('--step <name>', 'greetings: one greeting per owner per step (default: <occasion>-<year>)')
    .option('--rate <n>', 'greetings: e-mails per second (0 = as fast as possible)', '0')
    .option('--page-size <n>', 'greetings: owners per page', '500')
    .option('--offer-days <n>', 'inspection: days the offer stays open', '30')
    .option('--reply-days <n>', 'leads: days to wait for the reply card before calling', '14')
    .option('--dry-run', 'validate the templates and count contacts per channel; send nothing')
    .option('--json', 'print JSON')
    .action(async (kindArg: string, options: StartOptions) => {
      if (!KINDS.includes(kindArg as Kind)) return startDefined(kindArg, options);
      const kind = kindArg as Kind;
      const campaign = options.campaign;
      if (campaign === undefined) throw badInput(`--campaign <id> is required with a kind (or start a defined campaign: campaign start <id>)`);
      if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(campaign)) {
        throw badInput(`--campaign: '${options.campaign}' must be lower-case letters, digits and dashes`);
      }
      if (kind === 'greetings' && !OCCASIONS.includes(options.occasion as (typeof OCCASIONS)[number])) {
        throw badInput(`--occasion: unknown occasion '${options.occasion}' (use ${OCCASIONS.join(', ')})`);
      }
      await withContext(async (ctx) => {
        if (options.dryRun) {
          // Loaded only for a dry run: the renderer takes a good part of a second to load.
          const { validateCampaignTemplates } = await import('../../client/templates.js');
          const errors = await validateCampaignTemplates(kind);
          const ids = await targetIds(ctx, kind, options);
          // An inspection offers only owners whose centre has a free slot: the dry run says who not.
          const plan = kind === 'inspection' ? await planInspectionOffers((await ctx.db()).pool, campaign, ids) : undefined;
          const notOffered = plan && notOfferedCount(plan) ? { count: notOfferedCount(plan), reason: notOfferedText(plan) } : undefined;
          const offered = plan ? plan.offered.map((o) => o.contactId) : ids;
          const reach = await reachByChannel((await ctx.db()).pool, offered);
          const report = { campaign: campaign, kind, contacts: offered.length, reach, templateErrors: errors, ...(notOffered ? { notOffered } : {}) };
          emit(options, report, (r) =>
            [
              table([
                ['contacts', r.contacts],
                ...Object.entries(r.reach).map(([ch, n]) => [`  by ${ch}`, n] as [string, number]),
                ...(r.notOffered ? ([['not offered', `${r.notOffered.count}: ${r.notOffered.reason}`]] as [string, string][]) : []),
              ]),
              r.templateErrors.length ? `template errors:\n  ${r.templateErrors.join('\n  ')}` : 'templates: ok',
              'dry run: nothing was sent',
            ].join('\n'),
          );
          if (errors.length || (notOffered && offered.length === 0)) process.exitCode = EXIT.badInput;
          else if (notOffered) process.exitCode = EXIT.partial;
          return;
        }
        const client = await ctx.campaigns();
        let tally: StartTally;
        if (kind === 'greetings') {
          tally = await startGreetings(client, {
            campaignId: campaign,
            occasion: options.occasion as (typeof OCCASIONS)[number],
            step: options.step ?? `${options.occasion}-${new Date().getFullYear()}`,
            ratePerSecond: Number(options.rate ?? 0),
            pageSize: positiveInt('--page-size', options.pageSize ?? '500'),
            segment: options.segment ? parseSegment(options.segment, kind) : undefined,
          });
        } else {
          const ids = await targetIds(ctx, kind, options);
          if (ids.length === 0) throw badInput('the segment has no contacts');
          tally =
            kind === 'leads'
              ? await startLeadRouting(client, campaign, ids, {
                  replyWindow: `${positiveInt('--reply-days', options.replyDays ?? '14')} days`,
                  callingHours: { start: ctx.config.CALL_HOURS_START, end: ctx.config.CALL_HOURS_END },
                  callAttempts: 3,
                  outcomeGrace: '2 hours',
                })
              : await startInspection(client, campaign, ids, {
                  offerPeriod: `${positiveInt('--offer-days', options.offerDays ?? '30')} days`,
                  reminderBefore: '1 day',
                  followUpAfter: '1 day',
                });
        }
        if (tally.notOffered && tally.started.length + tally.running.length + tally.finished.length === 0) {
          throw badInput(`nothing started: ${tally.notOffered.count} owner(s) not offered: ${tally.notOffered.reason}; create slots (campaign slots create) and start again`);
        }
        emit(options, tally, (t) => tallyText(kind, campaign, t));
        if (tally.notOffered) process.exitCode = EXIT.partial;
      });
    });
}
