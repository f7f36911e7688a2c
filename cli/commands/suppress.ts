/**
 * `campaign suppress add|remove|list|import`: the do-not-contact list. Whom (a contact, an e-mail,
 * a phone, a postal address), which channel or all, and why; each change goes into the consent
 * history with when, how and by whom (`campaign contact` shows it).
 */
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import {
  addSuppression,
  CHANNELS,
  listSuppressions,
  removeSuppression,
  SuppressionError,
  type ChangedBy,
  type SuppressChannel,
  type SuppressTarget,
} from '../../client/suppressions.js';
import type { Pool } from '../../db/pool.js';
import { openTable, TableError } from '../../import/table-reader.js';
import { displayTime } from '../../lib/display-time.js';
import { withContext } from '../context.js';
import { asBadInput, badInput, EXIT } from '../errors.js';
import { emit, grid, positiveInt } from '../output.js';

interface TargetOptions {
  contact?: string;
  email?: string;
  phone?: string;
  address?: string;
  postcode?: string;
}

function targetOf(options: TargetOptions): SuppressTarget {
  const given = (['contact', 'email', 'phone', 'address'] as const).filter((k) => options[k] !== undefined);
  if (given.length !== 1) throw badInput('name one of --contact, --email, --phone or --address (with --postcode)');
  if (options.contact !== undefined) return { contactId: positiveInt('--contact', options.contact) };
  if (options.email !== undefined) return { email: options.email };
  if (options.phone !== undefined) return { phone: options.phone };
  return { address: options.address!, postcode: options.postcode };
}

function channelOf(value: string | undefined): SuppressChannel | undefined {
  if (value === undefined) return undefined;
  if (!CHANNELS.includes(value as SuppressChannel)) throw badInput(`--channel must be one of ${CHANNELS.join(', ')}, got '${value}'`);
  return value as SuppressChannel;
}

const whoAmI = (by: string | undefined): string => by ?? `${userInfo().username} (campaign CLI)`;


function withTarget(command: Command): Command {
  return command
    .option('--contact <id>', 'a contact on file (also its e-mail, phone and postal address)')
    .option('--email <address>', 'an e-mail address, on file or not')
    .option('--phone <number>', "a phone number as given: '138 1234 5678', +44...")
    .option('--address <text>', 'a postal address (with --postcode)')
    .option('--postcode <code>', 'the postal address’s postcode')
    .option('--by <name>', 'who asks for the change (default: your user name)')
    .option('--json', 'print JSON');
}

/** Header names of a do-not-contact file, in English and Chinese. */
const FILE_COLUMNS: Record<string, string[]> = {
  email: ['email', 'e-mail', '邮箱', '电子邮件', '电子邮箱'],
  phone: ['phone', 'mobile', 'telephone', '电话', '手机', '手机号'],
  address: ['address', 'postal address', '地址', '邮寄地址'],
  postcode: ['postcode', 'zip', '邮编', '邮政编码'],
  channel: ['channel', '渠道'],
  reason: ['reason', '原因'],
};
const CHANNEL_WORDS: Record<string, SuppressChannel> = { email: 'email', 邮件: 'email', post: 'post', 邮寄: 'post', 信件: 'post', phone: 'phone', 电话: 'phone', all: 'all', 全部: 'all', '': 'all' };

export function registerSuppress(program: Command): void {
  const suppress = program.command('suppress').description('the do-not-contact list: add, remove, list, import a file');

  withTarget(suppress.command('add').description('put someone on the do-not-contact list, on one channel or all'))
    .option('--channel <channel>', CHANNELS.join(' | '), 'all')
    .requiredOption('--reason <text>', 'why, as the customer said it (kept with the entry)')
    .action(async (options: TargetOptions & { channel: string; reason: string; by?: string; json?: boolean }) => {
      const target = targetOf(options);
      const channel = channelOf(options.channel)!;
      await withContext(async (ctx) => {
        const by: ChangedBy = { actor: whoAmI(options.by), how: 'campaign suppress add', reason: options.reason };
        const added = await asBadInput(addSuppression((await ctx.db()).pool, target, channel, by), SuppressionError);
        emit(options, { added, channel }, (r) => (r.added ? `on the do-not-contact list (${channel})` : `already on the do-not-contact list (${channel}); nothing changed`));
      });
    });

  withTarget(suppress.command('remove').description('take someone off the do-not-contact list (a channel, or every channel)'))
    .option('--channel <channel>', `${CHANNELS.join(' | ')} (default: every entry)`)
    .requiredOption('--reason <text>', 'why contact is allowed again (kept in the consent history)')
    .action(async (options: TargetOptions & { channel?: string; reason: string; by?: string; json?: boolean }) => {
      const target = targetOf(options);
      const channel = channelOf(options.channel);
      await withContext(async (ctx) => {
        const by: ChangedBy = { actor: whoAmI(options.by), how: 'campaign suppress remove', reason: options.reason };
        const removed = await asBadInput(removeSuppression((await ctx.db()).pool, target, channel, by), SuppressionError);
        emit(options, { removed }, (r) => (r.removed.length ? `removed: ${r.removed.map((e) => `${e.channel} (${e.reason})`).join(', ')}` : 'not on the do-not-contact list; nothing changed'));
        if (removed.length === 0) process.exitCode = EXIT.badInput;
      });
    });

  suppress
    .command('list')
    .description('the do-not-contact list, newest first, with when, why, how and by whom')
    .option('--contact <id>', "one contact's entries (also those on its addresses)")
    .option('--json', 'print JSON')
    .action(async (options: { contact?: string; json?: boolean }) => {
      const contactId = options.contact === undefined ? undefined : positiveInt('--contact', options.contact);
      await withContext(async (ctx) => {
        const rows = await listSuppressions((await ctx.db()).pool, { contactId });
        const zone = ctx.config.DISPLAY_TIME_ZONE;
        emit(options, rows, (list) =>
          list.length
            ? grid(
                ['since', 'who', 'channel', 'reason', 'how, by whom'],
                list.map((s) => [
                  displayTime(s.created_at, zone),
                  s.contact_id ? `contact ${s.contact_id} ${s.name ?? ''}`.trim() : (s.address ?? ''),
                  s.channel,
                  s.detail ? `${s.reason}: ${s.detail}` : s.reason,
                  [s.how, s.actor].filter(Boolean).join(', '),
                ]),
              )
            : 'the do-not-contact list is empty',
        );
      });
    });

  suppress
    .command('import')
    .description('put everyone in a do-not-contact file on the list (email, phone or address, and channel, reason)')
    .argument('<file>', 'CSV or text in any encoding (comma, semicolon or tab), or .xlsx; headers in English or Chinese')
    .option('--by <name>', 'who sent the file (default: your user name)')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { by?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const { pool } = await ctx.db();
        const summary: FileSummary = { rows: 0, added: 0, already: 0, errors: [] };
        // The list import's reader: any encoding it detects, comma, semicolon or tab, or .xlsx.
        const table = await openTable(file, { onBadRow: (e) => summary.errors.push(e) }).catch((err: unknown) => {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw badInput(`${file}: no such file`);
          throw err instanceof TableError ? badInput(`${file}: ${err.message}`) : err;
        });
        let columns: Record<string, number> | undefined;
        try {
          for await (const { row, cells } of table.rows) {
            if (!columns) columns = headerColumns(cells, file);
            else await suppressRow(pool, row, cells, columns, { actor: whoAmI(options.by), file: basename(file) }, summary);
          }
        } finally {
          table.close();
        }
        if (!columns) throw badInput(`${file}: empty`);
        emit(options, summary, (s) =>
          [`${s.rows} row(s): ${s.added} added, ${s.already} already on the list, ${s.errors.length} rejected`, ...s.errors.map((e) => `  line ${e.row}, ${e.field}: ${e.reason}`)].join('\n'),
        );
        if (summary.errors.length) process.exitCode = EXIT.partial;
      });
    });
}

interface FileSummary {
  rows: number;
  added: number;
  already: number;
  errors: { row: number; field: string; reason: string }[];
}

/** One row of a do-not-contact file onto the list, or into the summary's errors with its field. */
async function suppressRow(
  pool: Pool,
  row: number,
  cells: string[],
  columns: Record<string, number>,
  from: { actor: string; file: string },
  summary: FileSummary,
): Promise<void> {
  summary.rows += 1;
  const cell = (name: string): string => (columns[name] === undefined ? '' : (cells[columns[name]!] ?? '').trim());
  const channel = CHANNEL_WORDS[cell('channel').toLowerCase()];
  if (!channel) return void summary.errors.push({ row, field: 'channel', reason: `'${cell('channel')}' is not email, post, phone or all` });
  const target: SuppressTarget | undefined = cell('email')
    ? { email: cell('email') }
    : cell('phone')
      ? { phone: cell('phone') }
      : cell('address')
        ? { address: cell('address'), postcode: cell('postcode') }
        : undefined;
  if (!target) return void summary.errors.push({ row, field: 'email', reason: 'no e-mail, phone or address' });
  const by: ChangedBy = { actor: from.actor, how: `do-not-contact file ${from.file}`, reason: cell('reason') || 'do-not-contact file' };
  try {
    if (await addSuppression(pool, target, channel, by)) summary.added += 1;
    else summary.already += 1;
  } catch (err) {
    if (!(err instanceof SuppressionError)) throw err;
    const [field, ...reason] = err.message.split(': ');
    summary.errors.push({ row, field: field ?? 'row', reason: reason.join(': ') });
  }
}

function headerColumns(header: string[], file: string): Record<string, number> {
  const found: Record<string, number> = {};
  header.forEach((h, i) => {
    const name = Object.entries(FILE_COLUMNS).find(([, names]) => names.includes(h.trim().toLowerCase()))?.[0];
    if (name && found[name] === undefined) found[name] = i;
  });
  if (found.email === undefined && found.phone === undefined && found.address === undefined) {
    throw badInput(`${file}: no column for whom (found: ${header.join(', ')}; need email, phone or address)`);
  }
  return found;
}
