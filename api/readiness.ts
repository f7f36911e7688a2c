/**
 * `/ready`: whether the API can do its work now, i.e. Postgres and Temporal both answer within a
 * couple of seconds. 200 when both do; 503 naming the one that does not (and why), so a load
 * balancer stops sending it requests and an operator sees which part to look at. `/health` only
 * says that the process is up.
 */
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from './deps.js';

/** How long each part may take to answer before it counts as down. */
const READY_TIMEOUT_MS = 2000;

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const why = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);

/** /health and /ready, for load balancers and operators; never rate-limited. */
export async function healthRoutes(app: FastifyInstance, opts: { deps: Pick<ApiDeps, 'pool' | 'temporal'> }): Promise<void> {
  const { deps } = opts;
  app.get('/health', async () => ({ ok: true }));
  app.get('/ready', async (_req, reply) => {
    const [postgres, temporal] = await Promise.all([
      within(READY_TIMEOUT_MS, deps.pool.query('SELECT 1')).then(() => 'ok', (err: unknown) => `unreachable: ${why(err)}`),
      within(READY_TIMEOUT_MS, deps.temporal.connection.workflowService.getSystemInfo({})).then(() => 'ok', (err: unknown) => `unreachable: ${why(err)}`),
    ]);
    const ready = postgres === 'ok' && temporal === 'ok';
    return reply.code(ready ? 200 : 503).send({ ready, postgres, temporal });
  });
}
