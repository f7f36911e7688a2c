/** What every console route is given: the options, where the console is mounted, the asset version. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../../client/audit.js';
import type { Role } from '../../client/users.js';
import type { ConsoleOptions } from './options.js';
import type { Permission } from './permissions.js';

declare module 'fastify' {
  interface Session {
    userId?: number;
    email?: string;
    name?: string;
    role?: Role;
    /** Milliseconds since the epoch: the absolute expiry counts from here. */
    loginAt?: number;
    /** A one-line result of the last action, shown once on the next page. */
    flash?: string;
  }
  interface FastifyContextConfig {
    /** The console permission a route needs; 'login' for any logged-in user; 'public' for none. */
    consolePermission?: Permission | 'login' | 'public';
  }
}

export interface ConsoleContext {
  opts: ConsoleOptions;
  /** Where the console is mounted, e.g. '/console' ('' at the root). */
  base: string;
  /** Changes with each front-end build, so browsers fetch the new assets. */
  assetVersion: () => string;
}

export interface SignedInUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

/** The logged-in user; the guard has checked there is one before any route that calls this. */
export function signedIn(request: FastifyRequest): SignedInUser {
  const s = request.session;
  if (!s.userId || !s.email || !s.role) throw new Error('no user in the session: route without the console guard');
  return { id: s.userId, email: s.email, name: s.name ?? s.email, role: s.role };
}

/** Records an action of the logged-in user in the audit log. */
export async function audit(ctx: ConsoleContext, request: FastifyRequest, action: string, subject?: string, detail?: Record<string, unknown>): Promise<void> {
  const user = signedIn(request);
  await recordAudit(ctx.opts.pool, { userId: user.id, userEmail: user.email, action, subject, detail, ip: request.ip });
}

/** After an action: a one-line result on the next page, and a redirect there (303: the browser GETs it). */
export function doneThen(request: FastifyRequest, reply: FastifyReply, flash: string, to: string): FastifyReply {
  request.session.flash = flash;
  return reply.redirect(to, 303);
}
