/**
 * /unsubscribe?token=…: the one-click unsubscribe of RFC 8058. POST (what mail clients send with
 * List-Unsubscribe-Post) suppresses the channel at once; GET only shows a button, because link
 * scanners follow GETs and must not unsubscribe anyone.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from '../db/queries.js';
import { verifyUnsubscribeToken } from '../lib/unsubscribe-token.js';
import { escapeHtml, readBody, sendHtml } from './http.js';
import type { ApiDeps } from './server.js';

export async function handleUnsubscribe(deps: ApiDeps, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const token = url.searchParams.get('token') ?? '';
  const claim = verifyUnsubscribeToken(deps.unsubscribeSecret, token);
  if (!claim) return sendHtml(res, 400, 'Unsubscribe', '<p>This unsubscribe link is not valid.</p>');
  if (req.method === 'GET') {
    return sendHtml(
      res,
      200,
      'Unsubscribe',
      `<form method="post" action="/unsubscribe?token=${escapeHtml(encodeURIComponent(token))}"><button type="submit">Unsubscribe me</button></form>`,
    );
  }
  await readBody(req); // "List-Unsubscribe=One-Click"; the token alone decides
  await deps.pool.query(sql('unsubscribe-contact'), [claim.channel, claim.contactId, `campaign ${claim.campaignId}`]);
  sendHtml(res, 200, 'Unsubscribed', '<p>You are unsubscribed. You will receive no more messages on this channel.</p>');
}
