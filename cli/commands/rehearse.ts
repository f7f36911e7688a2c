/**
 * `campaign rehearse <defined campaign>`: runs the campaign's real workflows on a time-skipping
 * server of its own against a snapshot of its audience, with an outbox in place of the relay, the
 * letter shop and the call centre, and prints the timeline day by day: the pieces, the call
 * centre's load, the simulated answers, when the last run ends and the funnel's shape.
 */
import type { Command } from 'commander';
import { dateIn } from '../../activities/greetings.js';
import { readDefinition } from '../../client/definitions.js';
import { rehearseDefinition, type Rehearsal } from '../../client/rehearsal/rehearse.js';
import { daysBetween, dayIn } from '../../client/rehearsal/zone-time.js';
import { FUNNEL_STAGES } from '../../client/funnel.js';
import { displayTime } from '../../lib/display-time.js';
import { withContext } from '../context.js';
import { badInput } from '../errors.js';
import { emit, grid, table } from '../output.js';

/** The programme's calendar, as `campaign start` counts a run's day. */
const PROGRAMME_ZONE = 'Asia/Shanghai';

interface RehearseOptions {
  responseRate: string;
  runDate?: string;
  seed?: string;
  json?: boolean;
}

const what = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([label, n]) => `${label} ${n}`)
    .join(', ');

export function rehearsalText(r: Rehearsal): string {
  const firstDay = dayIn(Date.parse(r.startedAt), r.zone);
  const end = r.lastRunEndedAt
    ? `${displayTime(r.lastRunEndedAt, r.zone)} (day ${daysBetween(firstDay, dayIn(Date.parse(r.lastRunEndedAt), r.zone)) + 1})`
    : 'still running 400 days on: not waited for';
  const s = r.snapshot;
  return [
    table([
      ['rehearsal', `${r.campaignId} (${r.kind}, version ${r.version})`],
      ['snapshot', `${s.contacts} contacts, ${s.vehicles} cars, ${s.suppressions} suppressions, ${s.dealers} dealers, ${s.serviceCentres} service centres, ${s.slots} slots, ${s.models} models`],
      ['assumed', `response rate ${Math.round(r.responseRate * 1000) / 10}%, seed ${r.seed}`],
      ['starts', displayTime(r.startedAt, r.zone)],
    ]),
    '',
    r.days.length
      ? grid(
          ['day', 'e-mails', 'letters', 'calls', 'calling hours', 'replies', 'bookings', 'answered', 'what'],
          r.days.map((d) => [d.day, d.emails, d.letters, d.calls, d.callingHours ?? '-', d.replies, d.bookings, d.answeredCalls, what(d.what)]),
        )
      : 'nothing was sent',
    '',
    table([
      ['last run ends', end],
      ['funnel', FUNNEL_STAGES.map((stage) => `${stage} ${r.funnel.stages[stage] ?? 0}`).join(', ')],
      ...(r.funnel.lost.length ? ([['lost', r.funnel.lost.map((l) => `${l.contacts} ${l.reason}`).join('; ')]] as [string, string][]) : []),
      ...(r.funnel.noContact ? ([['no contact', r.funnel.noContact]] as [string, number][]) : []),
      ...(r.notSent.length ? ([['not sent', r.notSent.map((n) => `${n.pieces} ${n.channel} ${n.status}: ${n.reason}`).join('; ')]] as [string, string][]) : []),
      ['outbox', `${r.outbox.emails} e-mails, ${r.days.reduce((n, d) => n + d.letters, 0)} letters, ${r.outbox.callTasks} call tasks; nothing left this machine`],
      ['took', `${(r.tookMs / 1000).toFixed(1)} s (wall clock)`],
    ]),
  ].join('\n');
}

function rate(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw badInput(`--response-rate must be a share from 0 to 1 (e.g. 0.1), got '${value}'`);
  return n;
}

export function registerRehearse(program: Command): void {
  program
    .command('rehearse')
    .description('rehearse a defined campaign in virtual time on a server and database of its own; prints the timeline day by day (sends nothing, changes no record)')
    .argument('<campaign>', 'the defined campaign id')
    .option('--response-rate <share>', 'assumed share of customers who answer (reply cards, bookings, calls)', '0.1')
    .option('--run-date <YYYY-MM-DD>', 'the day the run is for (a day ahead is rehearsed from its morning); default today')
    .option('--seed <text>', 'fixes who answers, what and when (default: the campaign id)')
    .option('--json', 'print JSON')
    .action(async (id: string, options: RehearseOptions) => {
      const responseRate = rate(options.responseRate);
      if (options.runDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.runDate)) throw badInput(`--run-date: '${options.runDate}' is not a date (YYYY-MM-DD)`);
      await withContext(async (ctx) => {
        const { pool } = await ctx.db();
        const stored = await readDefinition(pool, id);
        if (!stored) throw badInput(`'${id}' is not a defined campaign (see 'campaign list')`);
        const runDate = options.runDate ?? dateIn(PROGRAMME_ZONE, new Date());
        const rehearsal = await rehearseDefinition(pool, ctx.config, stored, { responseRate, runDate, zone: PROGRAMME_ZONE, seed: options.seed });
        emit(options, rehearsal, rehearsalText);
      });
    });
}
