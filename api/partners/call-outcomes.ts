/**
 * POST /call-outcomes: the call centre reports how a call task ended; the workflow that created
 * the task hears of it at once. Signed by the call centre (signature-guard.ts); the body is JSON.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TimeframeError } from '../../client/heat.js';
import { reportCallOutcome, UnknownCallTaskError } from '../../client/respond.js';
import type { ApiDeps, WebConfig } from '../deps.js';
import { signatureGuard } from './signature-guard.js';

const outcomeBody = z.object({
  taskId: z.string().min(1).max(200),
  outcome: z.enum(['reached-interested', 'reached-refused', 'no-answer']),
  notes: z.string().max(2000).optional(),
  /** What the customer said of when they will buy: re-scores their heat. */
  purchaseTimeframe: z.string().min(1).max(200).optional(),
});

/** The partners' routes, each behind the signature guard; JSON bodies are kept raw for it. */
export async function partnerRoutes(app: FastifyInstance, opts: { deps: ApiDeps; web: WebConfig }): Promise<void> {
  const { deps, web } = opts;
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    req.rawBody = body as string;
    try {
      done(null, body === '' ? {} : JSON.parse(body as string));
    } catch {
      const err = Object.assign(new Error('body: not valid JSON'), { statusCode: 400 });
      done(err, undefined);
    }
  });
  app.addHook('preValidation', signatureGuard(deps.pool, () => web.CALL_CENTRE_CALLBACK_SECRET));

  app.withTypeProvider<ZodTypeProvider>().post('/call-outcomes', { schema: { body: outcomeBody } }, async (req, reply) => {
    const { taskId, outcome, notes, purchaseTimeframe } = req.body;
    try {
      await reportCallOutcome({ temporal: deps.temporal, pool: deps.pool, taskQueue: deps.taskQueue }, taskId, outcome, notes, purchaseTimeframe);
    } catch (err) {
      if (err instanceof UnknownCallTaskError) return reply.code(404).send({ error: 'unknown call task' });
      if (err instanceof TimeframeError) return reply.code(422).send({ error: err.message });
      throw err;
    }
    return { accepted: true };
  });
}
