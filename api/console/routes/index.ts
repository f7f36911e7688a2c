/** The console's screens, one file each, registered in menu order. */
import type { FastifyInstance } from 'fastify';
import type { ConsoleContext } from '../context.js';

export function consoleScreens(app: FastifyInstance, ctx: ConsoleContext): void {
  void app;
  void ctx;
}
