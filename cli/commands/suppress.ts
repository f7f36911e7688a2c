/**
 * `campaign suppress add|remove|list|import`: the do-not-contact list. Whom (a contact, an e-mail,
 * a phone, a postal address), which channel or all, and why; each change goes into the consent
 * history with when, how and by whom (`campaign contact` shows it).
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { parse } from 'csv-parse';
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
    .description('put everyone in a do-not-contact file on the list (CSV with email, phone or address, and channel, reason)')
    .argument('<file>', 'CSV, UTF-8; comma, semicolon or tab; headers in English or Chinese')
    .option('--by <name>', 'who sent the file (default: your user name)')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { by?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const { pool } = await ctx.db();
        const summary = { rows: 0, added: 0, already: 0, errors: [] as { row: number; field: string; reason: string }[] };
        let columns: Record<string, number> | undefined;
        const parser = createReadStream(file).on('error', () => undefined).pipe(parse({ bom: true, delimiter: [',', ';', '\t'], relax_column_count: true, info: true }));
        try {
          for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
            if (!columns) {
              columns = headerColumns(record, file);
              continue;
            }
            summary.rows += 1;
            const row = info.lines;
            const cell = (name: string): string => (columns![name] === undefined ? '' : (record[columns![name]!] ?? '').trim());
            const channel = CHANNEL_WORDS[cell('channel').toLowerCase()];
            if (!channel) {
              summary.errors.push({ row, field: 'channel', reason: `'${cell('channel')}' is not email, post, phone or all` });
              continue;
            }
            const target: SuppressTarget | undefined = cell('email') ? { email: cell('email') } : cell('phone') ? { phone: cell('phone') } : cell('address') ? { address: cell('address'), postcode: cell('postcode') } : undefined;
            if (!target) {
              summary.errors.push({ row, field: 'email', reason: 'no e-mail, phone or address' });
              continue;
            }
            const by: ChangedBy = { actor: whoAmI(options.by), how: `do-not-contact file ${basename(file)}`, reason: cell('reason') || 'do-not-contact file' };
            try {
              if (await addSuppression(pool, target, channel, by)) summary.added += 1;
              else summary.already += 1;
            } catch (err) {
              if (!(err instanceof SuppressionError)) throw err;
              const [field, ...reason] = err.message.split(': ');
              summary.errors.push({ row, field: field ?? 'row', reason: reason.join(': ') });
            }
          }
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw badInput(`${file}: no such file`);
          throw err;
        }
        if (!columns) throw badInput(`${file}: empty`);
        emit(options, summary, (s) =>
          [`${s.rows} row(s): ${s.added} added, ${s.already} already on the list, ${s.errors.length} rejected`, ...s.errors.map((e) => `  line ${e.row}, ${e.field}: ${e.reason}`)].join('\n'),
        );
        if (summary.errors.length) process.exitCode = EXIT.partial;
      });
    });
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
