/**
 * /rsvp/<token>: a gold owner's own answer to the owners' trip of a greetings campaign (a signed
 * `rsvp` token naming the campaign and the owner), with the number of guests. Changeable until
 * the answer date; after it, the answer is recorded for the team.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { answerTrip, MAX_TRIP_GUESTS, rsvpClosed } from '../../client/trip-rsvp.js';
import { sql } from '../../db/queries.js';
import type { Trip } from '../../render/types.js';
import type { ApiDeps, WebConfig } from '../deps.js';
import { rsvpToken } from './guards.js';
import { form, html, notice, radios, select } from './html.js';
import { messagesFor, pageLanguage, type PageLanguage } from './messages/index.js';
import { formatDate, notFoundPage, sendPage } from './page.js';

const params = z.object({ token: z.string().max(1100) });
const body = z.object({ attending: z.string().max(5).optional(), guests: z.string().max(2).optional() });

interface InviteeRow {
  id: number;
  name: string;
  language: string;
  time_zone: string;
  tier: string;
  kind: string;
  trip: Trip | null;
  attending: boolean | null;
  guests: number | null;
}

export async function rsvpRoutes(app: FastifyInstance, opts: { deps: ApiDeps; web: WebConfig }): Promise<void> {
  const { deps, web } = opts;

  async function inviteeOf(token: string) {
    const claim = rsvpToken(web.CUSTOMER_LINK_SECRET, token);
    if (!claim) return null;
    const row = (await deps.pool.query<InviteeRow>(sql('rsvp-invitee'), [claim.campaignId, claim.contactId])).rows[0];
    if (!row || row.kind !== 'greetings' || row.tier !== 'gold' || !row.trip) return null;
    return { ...claim, row, trip: row.trip, lang: pageLanguage(row.language) };
  }

  function page(token: string, row: InviteeRow, trip: Trip, lang: PageLanguage, message?: { kind: 'error' | 'done' | 'info'; text: string }) {
    const t = messagesFor(lang).rsvp;
    const guests = Array.from({ length: MAX_TRIP_GUESTS + 1 }, (_, n) => ({ value: String(n), label: String(n) }));
    const current = row.attending === null ? '' : row.attending ? t.thanksYes(row.guests ?? 0) : t.thanksNo;
    return html`${notice(message?.kind ?? 'info', message?.text)}<p>${t.intro(row.name)}</p>
<p class="summary"><strong>${t.trip(trip.destination, formatDate(trip.startsOn, lang), formatDate(trip.endsOn, lang))}</strong><br>${t.answerBy(formatDate(trip.rsvpBy, lang))}</p>
${current && !message ? html`<p>${t.current} ${current}</p><p>${t.change}</p>` : ''}
${form(
  `/rsvp/${encodeURIComponent(token)}`,
  html`${radios('attending', t.question, [{ value: 'yes', label: t.attending }, { value: 'no', label: t.notAttending }], row.attending === null ? undefined : row.attending ? 'yes' : 'no')}
${select('guests', `${t.guests} (${t.guestsHint})`, guests, String(row.guests ?? 0))}`,
  messagesFor(lang).send,
)}`;
  }

  app.withTypeProvider<ZodTypeProvider>().get('/rsvp/:token', { schema: { params } }, async (req, reply) => {
    const invitee = await inviteeOf(req.params.token);
    if (!invitee) return notFoundPage(req, reply);
    return sendPage(reply, 200, invitee.lang, messagesFor(invitee.lang).rsvp.title, page(req.params.token, invitee.row, invitee.trip, invitee.lang));
  });

  app.withTypeProvider<ZodTypeProvider>().post('/rsvp/:token', { schema: { params, body } }, async (req, reply) => {
    const invitee = await inviteeOf(req.params.token);
    if (!invitee) return notFoundPage(req, reply);
    const { row, trip, lang } = invitee;
    const t = messagesFor(lang).rsvp;
    const guests = Number(req.body.guests ?? '0');
    if ((req.body.attending !== 'yes' && req.body.attending !== 'no') || !Number.isInteger(guests) || guests < 0 || guests > MAX_TRIP_GUESTS) {
      return sendPage(reply, 422, lang, t.title, page(req.params.token, row, trip, lang, { kind: 'error', text: t.chooseAnswer }));
    }
    const attending = req.body.attending === 'yes';
    const receipt = await answerTrip(deps.pool, invitee.campaignId, invitee.contactId, { attending, guests }, rsvpClosed(trip.rsvpBy, row.time_zone));
    if (receipt === 'late') return sendPage(reply, 200, lang, t.title, notice('info', t.late));
    const now = { ...row, attending, guests: attending ? guests : 0 };
    return sendPage(reply, 200, lang, t.title, page(req.params.token, now, trip, lang, { kind: 'done', text: attending ? t.thanksYes(now.guests) : t.thanksNo }));
  });
}
