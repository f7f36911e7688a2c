/**
 * The guard of the partners' callbacks: each request must carry a fresh, correct signature of its
 * raw body (lib/callback-signature.ts), seen for the first time. Anything else is refused 401
 * before its body is looked at, with one line saying what is wrong.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from '../../db/pool.js';
import { sql } from '../../db/queries.js';
import { checkCallbackSignature } from '../../lib/callback-signature.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received, for the partners' signature check. */
    rawBody?: string;
  }
}

export function signatureGuard(pool: Pool, secret: () => string) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const check = checkCallbackSignature(secret(), req.headers, req.rawBody ?? '');
    if (!check.ok) {
      req.log.warn({ why: check.why }, 'call-centre callback refused');
      return reply.code(401).send({ error: check.why });
    }
    // Remembered for the window: the same signed callback sent again is a replay.
    const { rowCount } = await pool.query(sql('remember-callback-signature'), [check.signature]);
    if (!rowCount) {
      req.log.warn('call-centre callback replayed');
      return reply.code(401).send({ error: 'this signed callback was already received (replay)' });
    }
  };
}
