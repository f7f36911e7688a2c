/**
 * The console's users: created and disabled from the CLI (`campaign users`), each with one role,
 * and checked at login. A disabled user cannot log in and their sessions end.
 */
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';
import { decoyHash, generatePassword, hashPassword, verifyPassword } from './password.js';

export const ROLES = ['manager', 'operations', 'data-entry', 'call-centre'] as const;
export type Role = (typeof ROLES)[number];

export interface ConsoleUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled_at: Date | null;
  created_at: Date;
  last_login_at: Date | null;
}

/** A request about users the person can fix: names the field. */
export class UserRequestError extends Error {
  override name = 'UserRequestError';
}

/** Passwords shorter than this are refused. */
export const MIN_PASSWORD_LENGTH = 12;

function checkedEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) throw new UserRequestError(`email: '${email}' is not an e-mail address`);
  return e;
}

export function checkedRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) throw new UserRequestError(`role: '${role}' is not one of ${ROLES.join(', ')}`);
  return role as Role;
}

/** Adds a user; an e-mail already on file is refused. */
export async function addUser(pool: Pool, input: { email: string; name: string; role: string; password: string }, cost?: { N: number; r: number; p: number }): Promise<ConsoleUser> {
  const email = checkedEmail(input.email);
  const role = checkedRole(input.role);
  const name = input.name.trim();
  if (!name) throw new UserRequestError('name: empty (give the person\'s name)');
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new UserRequestError(`password: at least ${MIN_PASSWORD_LENGTH} characters`);
  const hash = await hashPassword(input.password, cost);
  const { rows } = await pool.query<ConsoleUser>(sql('console-user-insert'), [email, name, role, hash]);
  if (!rows[0]) throw new UserRequestError(`email: ${email} already has a console login`);
  return rows[0];
}

export async function listUsers(pool: Pool): Promise<ConsoleUser[]> {
  return (await pool.query<ConsoleUser>(sql('console-users'))).rows;
}

export async function findUser(pool: Pool, id: number): Promise<ConsoleUser | undefined> {
  return (await pool.query<ConsoleUser>(sql('console-user-by-id'), [id])).rows[0];
}

/** Disables a login and ends its sessions; disabling twice keeps the first time. */
export async function disableUser(pool: Pool, email: string): Promise<ConsoleUser> {
  const { rows } = await pool.query<ConsoleUser>(sql('console-user-disable'), [checkedEmail(email)]);
  const user = rows[0];
  if (!user) throw new UserRequestError(`email: no console login for ${email}`);
  await pool.query(sql('console-sessions-of-user-end'), [user.id]);
  return user;
}

/**
 * The user these credentials name, or undefined: an unknown e-mail, a wrong password and a
 * disabled login are refused alike (and take as long), so a refusal tells an attacker nothing.
 */
export async function authenticate(pool: Pool, email: string, password: string): Promise<ConsoleUser | undefined> {
  const { rows } = await pool.query<ConsoleUser & { password_hash: string }>(sql('console-user-by-email'), [email.trim().toLowerCase()]);
  const row = rows[0];
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
  if (!row || !ok || row.disabled_at) return undefined;
  await pool.query(sql('console-user-logged-in'), [row.id]);
  return { id: row.id, email: row.email, name: row.name, role: row.role, disabled_at: row.disabled_at, created_at: row.created_at, last_login_at: row.last_login_at };
}

/**
 * On a database with no manager yet, creates one (admin@localhost unless given) with a generated
 * password and returns it, to be printed once by `npm start`; otherwise undefined.
 */
export async function ensureFirstManager(pool: Pool, email = 'admin@localhost.localdomain', name = 'First manager'): Promise<{ email: string; password: string } | undefined> {
  const { rows } = await pool.query<{ found: boolean }>(sql('console-any-manager'));
  if (rows[0]?.found) return undefined;
  const password = generatePassword();
  try {
    await addUser(pool, { email, name, role: 'manager', password });
  } catch (err) {
    // Created meanwhile by another process starting at the same time: that one prints it.
    if (err instanceof UserRequestError && err.message.includes('already has')) return undefined;
    throw err;
  }
  return { email, password };
}
