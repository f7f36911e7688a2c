/**
 * Console sessions in Postgres: they survive a restart of the API, and one that is not used for
 * its idle time is gone (expires_at moves on with each request; expired rows are swept).
 */
import type { Session } from 'fastify';
import type { Pool } from '../../db/pool.js';
import { sql } from '../../db/queries.js';

type Callback = (err?: unknown) => void;

export class PostgresSessionStore {
  constructor(
    private readonly pool: Pool,
    /** The expiry when a session carries none of its own (it always should: cookie.maxAge is set). */
    private readonly idleMs: number,
  ) {}

  set(sessionId: string, session: Session, callback: Callback): void {
    const expires = session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + this.idleMs);
    this.pool.query(sql('console-session-set'), [sessionId, JSON.stringify(session), expires]).then(() => callback(), callback);
  }

  get(sessionId: string, callback: (err: unknown, result?: Session | null) => void): void {
    this.pool.query<{ data: Session }>(sql('console-session-get'), [sessionId]).then(
      ({ rows }) => callback(null, rows[0]?.data ?? null),
      (err: unknown) => callback(err),
    );
  }

  destroy(sessionId: string, callback: Callback): void {
    this.pool.query(sql('console-session-destroy'), [sessionId]).then(() => callback(), callback);
  }

  /** Deletes expired sessions; run now and then, never in a request's path. */
  async sweep(): Promise<number> {
    return (await this.pool.query(sql('console-sessions-expired-delete'))).rowCount ?? 0;
  }
}
