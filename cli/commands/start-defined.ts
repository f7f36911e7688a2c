/**
 * `campaign start <defined campaign>`: checks the definition against the contact file (every
 * variant rendered with a real contact, counts, skips, free slots) and starts it only when the
 * check passes; `--dry-run` prints the check and sends nothing.
 */
import { checkDefinition, type DefinitionCheck } from '../../client/definition-check.js';
import { startDefinition, type DefinitionStart } from '../../client/definition-start.js';
import { readDefinition } from '../../client/definitions.js';
import { pollingWorkers } from '../../client/workers.js';
import type { LaunchProgress } from '../../workflows/campaign-launch.js';
import { dateIn } from '../../activities/greetings.js';
import { withContext } from '../context.js';
import { badInput, EXIT } from '../errors.js';
import { emit, grid, table } from '../output.js';

interface DefinedOptions {
  runDate?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** The programme's calendar: a run's day is the day in China Standard Time unless given. */
const PROGRAMME_ZONE = 'Asia/Shanghai';

export function checkText(c: DefinitionCheck): string {
  return [
    table([
      ['campaign', `${c.campaignId} (${c.kind})`],
      ['audience', c.audience],
      ['held out', c.heldOut],
      ['reached', c.reached],
      ['e-mails', c.pieces.email],
      ['letters', c.pieces.post],
    ]),
    c.variants.length
      ? grid(
          ['variant', 'language', 'channel', 'contacts', 'rendered with', 'check'],
          c.variants.map((v) => [v.template, v.language, v.channel, v.contacts, `contact ${v.contactId}`, v.problem ? 'FAILED' : 'ok']),
        )
      : 'no variant to render',
    ...(c.skipped.length ? ['skipped:', ...c.skipped.map((s) => `  ${s.contacts}  ${s.reason}`)] : []),
    c.problems.length ? `problems (the campaign cannot start until they are fixed):\n  ${c.problems.join('\n  ')}` : 'check: ok',
  ].join('\n');
}

function startText(s: DefinitionStart): string {
  return table([
    ['campaign', `${s.campaignId} (version ${s.version})`],
    ...(s.underWay ? [] : ([['started', s.started], ['already in the campaign', s.already]] as [string, number][])),
    ...(s.pieces ? ([['offers', `${s.pieces.sent} sent, ${s.pieces.failed} failed, ${s.pieces.skipped} skipped`]] as [string, string][]) : []),
    ...(s.launch ? ([['launch', s.underWay ? `${s.launch} (under way)` : s.launch]] as [string, string][]) : []),
    ...(s.heldOut !== undefined ? ([['held out', s.heldOut]] as [string, number][]) : []),
    ...(s.notOffered ? ([['not offered', `${s.notOffered.count}: ${s.notOffered.reason}`]] as [string, string][]) : []),
  ]);
}

export async function startDefined(id: string, options: DefinedOptions): Promise<void> {
  if (options.runDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.runDate)) throw badInput(`--run-date: '${options.runDate}' is not a date (YYYY-MM-DD)`);
  await withContext(async (ctx) => {
    const { pool } = await ctx.db();
    const stored = await readDefinition(pool, id);
    if (!stored) throw badInput(`'${id}' is neither a defined campaign (see 'campaign list') nor a kind (leads, inspection, greetings)`);
    const runDate = options.runDate ?? dateIn(PROGRAMME_ZONE, new Date());
    const check = await checkDefinition(pool, ctx.config, stored.definition, { runDate });
    if (options.dryRun) {
      emit(options, { ...check, version: stored.version }, (c) => `${checkText(c)}\ndry run: nothing was sent`);
      if (check.problems.length) process.exitCode = EXIT.badInput;
      return;
    }
    if (check.problems.length) throw badInput(`${id} was not started:\n${checkText(check)}`);
    const client = await ctx.campaigns();
    const perContact = stored.definition.kind !== 'greetings';
    // A launch is run by the workers: with none polling it waits for one, and so would this.
    const wait = perContact && (await pollingWorkers(client.temporal, client.taskQueue)).length > 0;
    if (perContact && !options.json) {
      process.stderr.write(
        wait
          ? `launching ${id}: the engine pages through the audience; closing this terminal does not stop it ('campaign status ${id}' shows where it stands)\n`
          : `no worker is polling task queue ${client.taskQueue}: the launch is recorded and goes on when a worker starts (npm run worker)\n`,
      );
    }
    const progress = (p: LaunchProgress): void => {
      if (process.stderr.isTTY && !options.json) process.stderr.write(`\r${p.audience} read, ${p.started} started, ${p.already} already in the campaign`);
    };
    const started = await startDefinition(client, stored, { runDate, wait, onProgress: progress });
    if (process.stderr.isTTY && wait && !options.json) process.stderr.write('\n');
    emit(options, started, startText);
    if (started.notOffered) process.exitCode = EXIT.partial;
  });
}
