/**
 * /view/<token>: "view in browser" for an e-mail, by a signed `view` token naming the piece's
 * idempotency key. The piece is rendered again from what was recorded when it was sent (its
 * template, its data, the moment it was sent) with the same links, so it reads as it was sent.
 * The e-mail's own inline styles are allowed on this page alone; scripts and outside content are not.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readContact } from '../../activities/contacts.js';
import { buildPieceContext, defaultSender } from '../../activities/piece-context.js';
import { unsubscribeUrlFor } from '../../activities/send-email.js';
import { sql } from '../../db/queries.js';
import { viewLink } from '../../lib/customer-links.js';
import type { EmailContext, RenderedEmail } from '../../render/types.js';
import type { ApiDeps, WebConfig } from '../deps.js';
import { viewToken } from './guards.js';
import { notFoundPage } from './page.js';

const params = z.object({ token: z.string().max(1100) });

/** Only the e-mail's inline styles and its embedded images; nothing from outside, no script. */
const EMAIL_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface SentPiece {
  campaign_id: string;
  contact_id: number;
  template: string;
  data: Record<string, unknown> | null;
  sent_at: Date | null;
  idempotency_key: string;
}

export interface EmailRenderer {
  renderEmail(template: string, context: EmailContext): RenderedEmail | Promise<RenderedEmail>;
}

export async function viewEmailRoutes(app: FastifyInstance, opts: { deps: ApiDeps; web: WebConfig; renderer: () => Promise<EmailRenderer> }): Promise<void> {
  const { deps, web } = opts;
  app.withTypeProvider<ZodTypeProvider>().get('/view/:token', { schema: { params } }, async (req, reply) => {
    const key = viewToken(web.CUSTOMER_LINK_SECRET, req.params.token);
    const piece = key ? (await deps.pool.query<SentPiece>(sql('sent-email-piece'), [key])).rows[0] : undefined;
    const now = piece ? await readContact(deps.pool, piece.contact_id) : null;
    if (!piece || !now) return notFoundPage(req, reply);
    const sentAt = piece.sent_at ?? new Date();
    const context = await buildPieceContext({
      pool: deps.pool,
      contact: now.contact,
      campaignId: piece.campaign_id,
      baseUrl: web.PUBLIC_BASE_URL,
      linkSecret: web.CUSTOMER_LINK_SECRET,
      sender: defaultSender,
      now: sentAt,
      data: { ...(piece.data ?? {}), date: sentAt.toISOString() },
    });
    const links = {
      unsubscribeUrl: unsubscribeUrlFor(web, piece.contact_id, piece.campaign_id),
      viewUrl: viewLink(web, piece.idempotency_key),
    };
    const email = await (await opts.renderer()).renderEmail(piece.template, { ...context, ...links });
    return reply.header('content-security-policy', EMAIL_CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(email.html);
  });
}
