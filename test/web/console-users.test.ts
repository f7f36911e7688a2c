/** `campaign users add|list|disable`: the console's logins from the command line, and the first manager of `npm start`. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, ensureFirstManager } from '../../client/users.js';
import { verifyPassword } from '../../client/password.js';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let db: TestDatabase;

/** The CLI from source, as `npm run campaign` runs it, with stdin given. */
function campaign(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/index.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: db.url, TEMPORAL_ADDRESS: '127.0.0.1:1', DISPLAY_TIME_ZONE: 'Asia/Shanghai' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => db?.close());

describe('campaign users', () => {
  it('adds a login with a password from stdin, lists it, refuses bad input naming the field, and disables it', async () => {
    const added = await campaign(['users', 'add', 'Wang.Ops@Example.com', '--name', '王运营', '--role', 'operations', '--password-stdin'], 'a long enough password\n');
    expect(added.stderr).toBe('');
    expect(added.stdout.trim()).toBe('added wang.ops@example.com (王运营) as operations');
    const { rows } = await db.pool.query(`SELECT password_hash FROM console_users WHERE email = 'wang.ops@example.com'`);
    expect(rows[0].password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('a long enough password', rows[0].password_hash)).toBe(true);

    // Bad input, each refused naming the field (run side by side: each is a Node process).
    const [badRole, short, twice, list] = await Promise.all([
      campaign(['users', 'add', 'x@example.com', '--name', 'X', '--role', 'admin', '--password-stdin'], 'a long enough password\n'),
      campaign(['users', 'add', 'x@example.com', '--name', 'X', '--role', 'manager', '--password-stdin'], 'short\n'),
      campaign(['users', 'add', 'wang.ops@example.com', '--name', 'W', '--role', 'manager', '--password-stdin'], 'a long enough password\n'),
      campaign(['users', 'list']),
    ]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain("role: 'admin' is not one of manager, operations, data-entry, call-centre");
    expect(short.stderr).toContain('password: at least 12 characters');
    expect(twice.stderr).toContain('already has a console login');

    expect(list.stdout).toMatch(/wang\.ops@example\.com\s+王运营\s+operations\s+never/);

    expect(await authenticate(db.pool, 'wang.ops@example.com', 'a long enough password')).toMatchObject({ role: 'operations' });
    const disabled = await campaign(['users', 'disable', 'wang.ops@example.com']);
    expect(disabled.stdout).toContain('disabled wang.ops@example.com');
    expect(await authenticate(db.pool, 'wang.ops@example.com', 'a long enough password')).toBeUndefined();
  });

  it('makes a first manager once on a database without one', async () => {
    const first = await ensureFirstManager(db.pool);
    expect(first?.password).toHaveLength(18);
    expect(await authenticate(db.pool, first!.email, first!.password)).toMatchObject({ role: 'manager' });
    expect(await ensureFirstManager(db.pool)).toBeUndefined();
  });
});
