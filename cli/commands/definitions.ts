/**
 * `campaign create -f`, `show`, `list` and `edit`: campaign definitions, written by the manager
 * as YAML, checked with every mistake named by line and field, stored by version.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DefinitionError, readDefinition as parseDefinition } from '../../client/definition-file.js';
import {
  addDefinitionVersion,
  campaignsOfDefinition,
  createDefinition,
  DefinitionConflictError,
  listDefinitions,
  readDefinition,
  type StartedCampaign,
  type StoredDefinition,
} from '../../client/definitions.js';
import { displayTime } from '../../lib/display-time.js';
import { withContext } from '../context.js';
import { asBadInput, badInput } from '../errors.js';
import { emit, grid, positiveInt, table } from '../output.js';

interface FileOptions {
  file?: string;
  by?: string;
  json?: boolean;
}

/** Who changes a definition: --by, else the account running the command. */
function author(options: FileOptions): string {
  return options.by ?? userInfo().username;
}

async function readFileDefinition(path: string) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw badInput(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  try {
    return parseDefinition(text, path);
  } catch (err) {
    if (err instanceof DefinitionError) throw badInput(err.message);
    throw err;
  }
}

/** What a new version means for campaigns already started from the definition. */
function versionNote(stored: StoredDefinition, started: StartedCampaign[]): string {
  if (stored.version === 1) return `start it with: campaign start ${stored.id} --dry-run, then campaign start ${stored.id}`;
  const lines = started.map((c) =>
    stored.kind === 'greetings'
      ? `campaign ${c.id} (${c.status}) keeps version ${c.version}: a broadcast runs with the version it started with`
      : `campaign ${c.id} (${c.status}) keeps version ${c.version} for the contacts already started; a new 'campaign start ${stored.id}' starts only contacts not yet in it, with version ${stored.version}`,
  );
  return [...lines, `the next start (or the schedule's next run) uses version ${stored.version}`].join('\n');
}

function showText(d: StoredDefinition, started: StartedCampaign[], zone: string): string {
  return [
    table([
      ['campaign', `${d.id} (${d.kind})`],
      ['version', d.version],
      ['changed', `${displayTime(d.createdAt, zone)} by ${d.createdBy}`],
      ['started as', started.length ? started.map((c) => `${c.id} v${c.version} ${c.status}`).join(', ') : 'not started'],
    ]),
    '',
    d.source.trimEnd(),
  ].join('\n');
}

export function registerDefinitions(program: Command): void {
  program
    .command('create')
    .description('define a campaign from a YAML file (checked: every mistake named by line and field)')
    .requiredOption('-f, --file <path>', 'the definition file')
    .option('--by <name>', 'who defines it (default: your account name)')
    .option('--json', 'print JSON')
    .action(async (options: FileOptions) => {
      const { definition, source } = await readFileDefinition(options.file!);
      await withContext(async (ctx) => {
        const stored = await asBadInput(createDefinition((await ctx.db()).pool, definition, source, author(options)), DefinitionConflictError);
        emit(options, stored, (d) => `defined ${d.id} (${d.kind}), version ${d.version}\n${versionNote(d, [])}`);
      });
    });

  program
    .command('edit')
    .description('change a defined campaign: a new version (from -f, or in $EDITOR); says what campaigns already started do with it')
    .argument('<campaign>', 'the defined campaign id')
    .option('-f, --file <path>', 'the new definition file (default: open the current one in $VISUAL or $EDITOR)')
    .option('--by <name>', 'who changes it (default: your account name)')
    .option('--json', 'print JSON')
    .action(async (id: string, options: FileOptions) => {
      await withContext(async (ctx) => {
        const { pool } = await ctx.db();
        const current = await readDefinition(pool, id);
        if (!current) throw badInput(`campaign '${id}' is not defined: create it with 'campaign create -f <file>'`);
        const { definition, source } = options.file ? await readFileDefinition(options.file) : await editInEditor(current);
        if (definition.id !== id) throw badInput(`the file defines '${definition.id}', not '${id}': a definition's id cannot change`);
        if (source === current.source) throw badInput(`no change: ${id} stays at version ${current.version}`);
        const stored = await asBadInput(addDefinitionVersion(pool, definition, source, author(options)), DefinitionConflictError);
        const started = await campaignsOfDefinition(pool, id);
        emit(options, { ...stored, campaigns: started }, (d) => `${d.id}: version ${d.version} stored\n${versionNote(d, started)}`);
      });
    });

  program
    .command('show')
    .description('a defined campaign: its file as written, its version and the campaigns started from it')
    .argument('<campaign>', 'the defined campaign id')
    .option('--version <n>', 'an earlier version')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { version?: string; json?: boolean }) => {
      const version = options.version ? positiveInt('--version', options.version) : undefined;
      await withContext(async (ctx) => {
        const { pool } = await ctx.db();
        const stored = await readDefinition(pool, id, version);
        if (!stored) throw badInput(version ? `campaign '${id}' has no version ${version}` : `campaign '${id}' is not defined (see 'campaign list')`);
        const started = await campaignsOfDefinition(pool, id);
        emit(options, { ...stored, campaigns: started }, (d) => showText(d, started, ctx.config.DISPLAY_TIME_ZONE));
      });
    });

  program
    .command('list')
    .description('the defined campaigns at their latest version, with the campaigns started from each')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const all = await listDefinitions((await ctx.db()).pool);
        emit(options, all, (list) =>
          list.length
            ? grid(
                ['campaign', 'kind', 'version', 'name', 'changed', 'started as'],
                list.map((d) => [d.id, d.kind, d.version, d.name['zh-CN'] ?? '', `${displayTime(d.changedAt, ctx.config.DISPLAY_TIME_ZONE)} ${d.changedBy}`, d.campaigns.map((c) => `${c.id} (${c.status})`).join(', ') || '-']),
              )
            : "no campaigns defined: write a file (see README) and run 'campaign create -f <file>'",
        );
      });
    });
}

/** Opens the current definition in the user's editor; the edited file is checked like any other. */
async function editInEditor(current: StoredDefinition) {
  const editor = process.env.VISUAL || process.env.EDITOR;
  if (!editor) throw badInput('no editor: set $EDITOR, or pass the new file with -f');
  const dir = await mkdtemp(join(tmpdir(), 'campaign-edit-'));
  const path = join(dir, `${current.id}.yaml`);
  await writeFile(path, current.source);
  const run = spawnSync(editor, [path], { stdio: 'inherit', shell: true });
  if (run.status !== 0) throw badInput(`the editor ended with code ${run.status}: nothing changed (your file: ${path})`);
  try {
    const result = await readFileDefinition(path);
    await rm(dir, { recursive: true, force: true });
    return result;
  } catch (err) {
    // Keep what the manager wrote: the message names the mistakes and the file to fix.
    throw err instanceof Error ? badInput(`${err.message}\nyour edit is kept in ${path}: fix it and run 'campaign edit ${current.id} -f ${path}'`) : err;
  }
}
