/** The console's screens, one file each, registered in menu order. */
import type { FastifyInstance } from 'fastify';
import type { ConsoleContext } from '../context.js';
import { campaignRoutes } from './campaigns.js';
import { contactRoutes } from './contacts.js';
import { failedRoutes } from './failed.js';
import { replyCardRoutes } from './reply-cards.js';
import { scheduleRoutes } from './schedules.js';
import { slotRoutes } from './slots.js';
import { importRoutes } from './imports.js';

export function consoleScreens(app: FastifyInstance, ctx: ConsoleContext): void {
  campaignRoutes(app, ctx);
  contactRoutes(app, ctx);
  failedRoutes(app, ctx);
  replyCardRoutes(app, ctx);
  scheduleRoutes(app, ctx);
  slotRoutes(app, ctx);
  importRoutes(app, ctx);
}
