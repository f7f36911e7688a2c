/**
 * @fastify/rate-limit, off by default: the customer pages and the 404 answer opt in per client
 * (so nobody scans for codes cheaply); health checks and the signed callbacks do not.
 */
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

export async function rateLimits(app: FastifyInstance): Promise<void> {
  await app.register(fastifyRateLimit, { global: false });
}
