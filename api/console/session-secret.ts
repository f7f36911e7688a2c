/**
 * The secret that signs the console's session cookies: given in the options, or made once per
 * database and kept there, so every API process on the same database accepts the same cookies
 * and a restart logs nobody out.
 */
import { randomBytes } from 'node:crypto';
import type { Pool } from '../../db/pool.js';
import { sql } from '../../db/queries.js';

export async function sessionSecret(pool: Pool, given?: string): Promise<string> {
  if (given) {
    if (given.length < 32) throw new Error('sessionSecret: at least 32 characters');
    return given;
  }
  await pool.query(sql('console-setting-put-once'), ['session-secret', randomBytes(48).toString('base64url')]);
  const { rows } = await pool.query<{ value: string }>(sql('console-setting-get'), ['session-secret']);
  return rows[0]!.value;
}

/**
 * The secret, or when the database cannot be reached as the API starts, one for this process
 * alone: the API must come up with its database down (its readiness says so), and the console's
 * sessions, kept in the database, cannot work until it is back anyway. Logins made meanwhile hold
 * on this process only, until it restarts.
 */
export async function sessionSecretOrOwn(pool: Pool, given: string | undefined, warn: (err: unknown) => void): Promise<string> {
  try {
    return await sessionSecret(pool, given);
  } catch (err) {
    if (given) throw err;
    warn(err);
    return randomBytes(48).toString('base64url');
  }
}
