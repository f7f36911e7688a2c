/**
 * `campaign users add|list|disable`: the console's logins. The password is read from a prompt
 * that does not echo, or from stdin (--password-stdin) for scripts; never from an argument,
 * which would stay in the shell's history and the process list.
 */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { addUser, disableUser, listUsers, ROLES, UserRequestError } from '../../client/users.js';
import { displayTime } from '../../lib/display-time.js';
import { withContext } from '../context.js';
import { asBadInput, badInput } from '../errors.js';
import { emit, grid } from '../output.js';

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

/** Asks twice on the terminal, echoing nothing. */
async function prompt(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw badInput('password: no terminal to ask on; pipe it with --password-stdin');
  const ask = (q: string): Promise<string> =>
    new Promise((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
      // Writes nothing of what is typed: only the question.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (s.startsWith(q)) process.stderr.write(q);
      };
      rl.question(q, (answer) => {
        rl.close();
        process.stderr.write('\n');
        resolve(answer);
      });
    });
  const first = await ask(question);
  if ((await ask('again: ')) !== first) throw badInput('password: the two entries differ');
  return first;
}

export function registerUsers(program: Command): void {
  const users = program.command('users').description("the console's logins: add, list, disable");
  users
    .command('add')
    .description('add a console login with one role')
    .argument('<email>', 'the login: an e-mail address')
    .requiredOption('--name <name>', "the person's name, shown in the audit log")
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--password-stdin', 'read the password from stdin (one line)')
    .option('--json', 'print JSON')
    .action(async (email: string, options: { name: string; role: string; passwordStdin?: boolean; json?: boolean }) => {
      const password = options.passwordStdin ? await readStdin() : await prompt('password: ');
      await withContext(async (ctx) => {
        const user = await asBadInput(addUser((await ctx.db()).pool, { email, name: options.name, role: options.role, password }), UserRequestError);
        emit(options, user, (u) => `added ${u.email} (${u.name}) as ${u.role}`);
      });
    });
  users
    .command('list')
    .description('every console login, its role, last login and whether it is disabled')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const list = await listUsers((await ctx.db()).pool);
        const zone = ctx.config.DISPLAY_TIME_ZONE;
        emit(options, list, (l) =>
          l.length
            ? grid(
                ['email', 'name', 'role', 'last login', 'disabled'],
                l.map((u) => [u.email, u.name, u.role, u.last_login_at ? displayTime(u.last_login_at, zone) : 'never', u.disabled_at ? displayTime(u.disabled_at, zone) : '']),
              )
            : 'no console logins yet',
        );
      });
    });
  users
    .command('disable')
    .description('disable a login: it can no longer log in, and its sessions end now')
    .argument('<email>')
    .option('--json', 'print JSON')
    .action(async (email: string, options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const user = await asBadInput(disableUser((await ctx.db()).pool, email), UserRequestError);
        emit(options, user, (u) => `disabled ${u.email}; its sessions have ended`);
      });
    });
}
