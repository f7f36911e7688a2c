/**
 * /unsubscribe?token=…: the preference page behind every unsubscribe link. It says whose choices
 * these are (the address masked), from which channel the customer came, leaves that channel in
 * one click, and shows the other channels' choices. POST is also RFC 8058's one-click
 * unsubscribe (body `List-Unsubscribe=One-Click`): it leaves the token's channel at once. GET
 * changes nothing, because link scanners follow GETs.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CHANNELS, leaveChannel, readPreferences, rejoinChannel, type Channel, type Preferences } from '../../client/preferences.js';
import type { UnsubscribeClaim } from '../../lib/unsubscribe-token.js';
import type { ApiDeps, WebConfig } from '../deps.js';
import { unsubscribeToken } from './guards.js';
import { form, html, notice, raw } from './html.js';
import { messagesFor, pageLanguage, type PageLanguage } from './messages/index.js';
import { notFoundPage, sendPage } from './page.js';

const query = z.object({ token: z.string().max(1100).default('') });
const body = z.object({
  'List-Unsubscribe': z.string().max(40).optional(),
  channel: z.enum(['email', 'post', 'phone']).optional(),
  choice: z.enum(['leave', 'rejoin']).optional(),
});

/** Enough of an address for its owner to recognise it, not enough to learn it. */
export function maskAddress(prefs: Preferences, channel: Channel): string {
  if (channel === 'email' && prefs.email) {
    const [local = '', domain = ''] = prefs.email.split('@');
    return `${local.slice(0, 1)}•••@${domain}`;
  }
  if (channel === 'phone' && prefs.phone) return `•••• ${prefs.phone.slice(-4)}`;
  if (channel === 'post' && prefs.address) return `${[...prefs.address].slice(0, 3).join('')}•••`;
  return prefs.name;
}

function preferencePage(token: string, claim: UnsubscribeClaim, prefs: Preferences, lang: PageLanguage, message?: string) {
  const t = messagesFor(lang).preferences;
  const action = `/unsubscribe?token=${encodeURIComponent(token)}`;
  const name = (c: Channel) => t.channelNames[c] ?? c;
  const lower = (c: Channel) => t.lower[c] ?? c;
  const choice = (c: Channel) => {
    const state = prefs.channels[c];
    const hidden = raw(`<input type="hidden" name="channel" value="${c}">`);
    if (state === 'receiving') return html`<p>${t.receiving}</p>${form(action, html`${hidden}<input type="hidden" name="choice" value="leave">`, t.leave(lower(c)), c === claim.channel ? 'primary' : 'secondary')}`;
    if (state === 'unsubscribed') return html`<p>${t.notReceiving}</p>${form(action, html`${hidden}<input type="hidden" name="choice" value="rejoin">`, t.rejoin(lower(c)), 'secondary')}`;
    return html`<p>${state === 'blocked' ? t.blocked : t.notAgreed}</p>`;
  };
  const others = CHANNELS.filter((c) => c !== claim.channel);
  return html`${notice('done', message)}<p>${t.who(maskAddress(prefs, claim.channel))}</p><p>${t.thisChannel(name(claim.channel))}</p>
<ul class="channels"><li><h2>${name(claim.channel)}</h2>${choice(claim.channel)}</li></ul>
<h2>${t.others}</h2><ul class="channels">${others.map((c) => html`<li><strong>${name(c)}</strong> (${maskAddress(prefs, c)})${choice(c)}</li>`)}</ul>`;
}

export async function preferenceRoutes(app: FastifyInstance, opts: { deps: ApiDeps; web: WebConfig }): Promise<void> {
  const { deps, web } = opts;

  async function whose(req: FastifyRequest<{ Querystring: { token: string } }>) {
    const claim = unsubscribeToken(web.UNSUBSCRIBE_SECRET, req.query.token);
    const prefs = claim ? await readPreferences(deps.pool, claim.contactId) : undefined;
    return claim && prefs ? { claim, prefs, lang: pageLanguage(prefs.language) } : null;
  }

  app.withTypeProvider<ZodTypeProvider>().get('/unsubscribe', { schema: { querystring: query } }, async (req, reply) => {
    const found = await whose(req);
    if (!found) return notFoundPage(req, reply);
    const t = messagesFor(found.lang).preferences;
    return sendPage(reply, 200, found.lang, t.title, preferencePage(req.query.token, found.claim, found.prefs, found.lang));
  });

  app.withTypeProvider<ZodTypeProvider>().post('/unsubscribe', { schema: { querystring: query, body } }, async (req, reply) => {
    const found = await whose(req);
    if (!found) return notFoundPage(req, reply);
    const { claim, lang } = found;
    const t = messagesFor(lang).preferences;
    // The mail client's one-click POST and the page's main button leave the link's own channel.
    const channel = req.body?.channel ?? claim.channel;
    const detail = `campaign ${claim.campaignId}`;
    const rejoin = req.body?.choice === 'rejoin';
    if (rejoin) await rejoinChannel(deps.pool, claim.contactId, channel, detail);
    else await leaveChannel(deps.pool, claim.contactId, channel, detail);
    const prefs = (await readPreferences(deps.pool, claim.contactId)) ?? found.prefs;
    const lower = t.lower[channel] ?? channel;
    return sendPage(reply, 200, lang, t.title, preferencePage(req.query.token, claim, prefs, lang, rejoin ? t.rejoined(lower) : t.left(lower)));
  });
}
