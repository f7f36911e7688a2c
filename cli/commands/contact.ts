/** `campaign contact <id | e-mail | phone>`: everything running, sent and answered for one customer. */
import type { Command } from 'commander';
import { findContacts, LATEST_PIECES, readContactView, runningForContact, type ContactView, type RetryingActivity, type RunningForContact } from '../../client/contact-view.js';
import { withContext } from '../context.js';
import { badInput, EXIT } from '../errors.js';
import { emit, table } from '../output.js';

import { displayTime } from '../../lib/display-time.js';

/** A titled block of lines, or nothing when there is nothing to list. */
function section(title: string, lines: string[], empty?: string): string[] {
  if (lines.length === 0) return empty ? [`${title}: ${empty}`] : [];
  return [`${title}:`, ...lines.map((l) => `  ${l}`)];
}

/** One retried activity under its run: which, how often, why, and when it goes again. */
function retryingText(a: RetryingActivity, zone: string): string {
  const why = a.lastFailure ? `, last failure: ${a.lastFailure}` : '';
  const next = a.nextAttemptAt ? `; next attempt ${displayTime(a.nextAttemptAt, zone)}` : '';
  return `  retrying ${a.activity}: attempt ${a.attempt}${why}${next}`;
}

/**
 * The customer's pieces, replies, bookings and calls in the customer's own zone, as they were
 * told; the engine's own times (runs, retries, stage changes) in the display zone.
 */
function viewText(view: ContactView, running: RunningForContact[] | undefined, displayZone: string): string {
  const theirs = (d: Date): string => displayTime(d, view.timeZone);
  const ours = (d: Date): string => displayTime(d, displayZone);
  const channels = Object.entries(view.channels).map(([ch, r]) => `${ch} ${r.reachable ? 'yes' : `no (${r.reason})`}`);
  const head = table([
    ['contact', `${view.id} ${view.name}`],
    ['stage', [view.stage, view.heat && `${view.heat} heat`, view.tier, view.language, view.timeZone].filter(Boolean).join(', ')],
    ...(view.sourceCode ? ([['source', view.sourceCode]] as [string, string][]) : []),
    ['reachable', channels.join('; ')],
  ]);
  const lines = [
    head,
    ...(running
      ? section(
          'running now',
          running.flatMap((r) => [`${r.workflowId} (${r.workflowType}${r.stage ? `, ${r.stage}` : ''}, since ${ours(r.startTime)})`, ...r.retrying.map((a) => retryingText(a, displayZone))]),
          'nothing',
        )
      : []),
    ...section(
      'campaigns',
      view.campaigns.map((c) => `${c.campaignId} (${c.kind ?? 'unknown kind'}): ${c.stage ?? 'pieces only'}${c.endReason ? `, ${c.endReason}` : ''}, ${ours(c.updatedAt)}`),
      'none',
    ),
    ...section(
      view.pieces.length === LATEST_PIECES ? `pieces (the latest ${LATEST_PIECES})` : 'pieces',
      view.pieces.map((p) => `${theirs(p.at)} ${p.campaignId} ${p.step} ${p.channel} ${p.status}${p.reason ? `: ${p.reason}` : ''}`),
    ),
    ...section(
      'replies',
      view.replies.map((r) => `${theirs(r.repliedAt)} ${r.campaignId} by ${r.channel ?? 'unknown channel'}: ${JSON.stringify(r.answers)}`),
    ),
    ...section(
      'bookings',
      view.bookings.map((b) => `#${b.id} ${b.campaignId} ${b.serviceCentre} ${theirs(b.startsAt)} ${b.status}${b.attendance ? `, ${b.attendance}` : ''}`),
    ),
    ...section(
      'consent changes',
      view.consent.map((c) => `${theirs(c.at)} ${c.channel}: ${c.change} (${c.how}, by ${c.actor})${c.detail ? `: ${c.detail}` : ''}`),
    ),
    ...section(
      'calls',
      view.calls.map((c) => `${theirs(c.windowStart)} ${c.campaignId} ${c.purpose} attempt ${c.attempt}: ${c.outcome ?? 'no outcome yet'}${c.notes ? ` (${c.notes})` : ''}`),
    ),
  ];
  return lines.join('\n');
}

export function registerContact(program: Command): void {
  program
    .command('contact')
    .description('one customer: how they may be reached now, their campaigns, pieces, replies, bookings, calls and what runs for them')
    .argument('<contact>', 'the contact id, e-mail address or phone number (as the customer gives it: 138 1234 5678, +86..., 010-...)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 shown; 2 no such contact, several share the phone number (they are listed: give the id), or not an id, e-mail or phone;\n3 the database cannot be reached, or Temporal (then all but the running workflows is shown).\n',
    )
    .action(async (key: string, options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const { pool } = await ctx.db();
        const found = await findContacts(pool, key);
        if (!found) throw badInput(`'${key}' is not a contact id, an e-mail address or a phone number`);
        if (found.length === 0) throw badInput(`no contact ${/^\d{1,9}$/.test(key.trim()) ? key.trim() : `with ${key}`}`);
        if (found.length > 1) throw badInput(`${found.length} contacts have ${key}: ${found.map((c) => `${c.id} ${c.name}`).join(', ')}; give the id`);
        const contactId = found[0]!.id;
        const view = await readContactView(pool, contactId);
        if (!view) throw badInput(`no contact ${contactId}`);
        // What Postgres holds is shown even when Temporal cannot be reached, and the gap is said.
        const running = await ctx
          .temporal()
          .then((temporal) => runningForContact(temporal, contactId))
          .catch((err: Error) => {
            process.stderr.write(`campaign: running workflows not shown: ${err.message}\n`);
            process.exitCode = EXIT.unreachable;
            return undefined;
          });
        emit(options, { ...view, ...(running ? { running } : {}) }, (v) => viewText(v, running, ctx.config.DISPLAY_TIME_ZONE));
      });
    });
}
