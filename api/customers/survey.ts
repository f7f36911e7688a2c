/**
 * /survey/<token>: the short satisfaction survey after an inspection visit, reached from the
 * thanks letter's link (a signed `survey` token naming the booking). Recorded once per visit,
 * with its service centre; only owners who came are asked.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordSurvey, type SurveyBooking } from '../../client/customer-surveys.js';
import { sql } from '../../db/queries.js';
import type { ApiDeps, WebConfig } from '../deps.js';
import { surveyToken } from './guards.js';
import { form, html, notice, radios, textField } from './html.js';
import { messagesFor, pageLanguage, type PageLanguage } from './messages/index.js';
import { formatWhen, notFoundPage, sendPage } from './page.js';

const params = z.object({ token: z.string().max(1100) });
const body = z.object({
  satisfaction: z.string().max(2).optional(),
  recommend: z.string().max(5).optional(),
  comment: z.string().max(2000).optional(),
});

interface VisitRow {
  id: number;
  campaign_id: string;
  contact_id: number;
  attendance: string | null;
  starts_at: Date;
  service_centre_id: number;
  centre: string;
  language: string;
  time_zone: string;
  satisfaction: number | null;
}

export async function surveyRoutes(app: FastifyInstance, opts: { deps: ApiDeps; web: WebConfig }): Promise<void> {
  const { deps, web } = opts;

  /** The visit a token names, when the owner came to it. */
  async function visitOf(token: string): Promise<{ row: VisitRow; lang: PageLanguage; booking: SurveyBooking } | null> {
    const bookingId = surveyToken(web.CUSTOMER_LINK_SECRET, token);
    if (bookingId === null) return null;
    const row = (await deps.pool.query<VisitRow>(sql('survey-booking'), [bookingId])).rows[0];
    if (!row || row.attendance !== 'came') return null;
    const booking: SurveyBooking = { bookingId: row.id, campaignId: row.campaign_id, contactId: row.contact_id, serviceCentreId: row.service_centre_id, startsAt: row.starts_at, attended: true };
    return { row, lang: pageLanguage(row.language), booking };
  }

  function surveyForm(token: string, row: VisitRow, lang: PageLanguage, fields: z.infer<typeof body>, error?: string) {
    const t = messagesFor(lang).survey;
    const scale = [5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: t.scale[n] ?? String(n) }));
    return html`${notice('error', error)}<p>${t.intro(formatWhen(row.starts_at, lang, row.time_zone), row.centre)}</p>${form(
      `/survey/${encodeURIComponent(token)}`,
      html`${radios('satisfaction', t.satisfaction, scale, fields.satisfaction)}
${radios('recommend', t.recommend, [{ value: 'yes', label: t.yes }, { value: 'no', label: t.no }], fields.recommend, false)}
${textField('comment', t.comment, fields.comment, { multiline: true, maxlength: 2000 })}`,
      messagesFor(lang).send,
    )}`;
  }

  app.withTypeProvider<ZodTypeProvider>().get('/survey/:token', { schema: { params } }, async (req, reply) => {
    const visit = await visitOf(req.params.token);
    if (!visit) return notFoundPage(req, reply);
    const t = messagesFor(visit.lang).survey;
    if (visit.row.satisfaction !== null) return sendPage(reply, 200, visit.lang, t.title, notice('info', t.already));
    return sendPage(reply, 200, visit.lang, t.title, surveyForm(req.params.token, visit.row, visit.lang, {}));
  });

  app.withTypeProvider<ZodTypeProvider>().post('/survey/:token', { schema: { params, body } }, async (req, reply) => {
    const visit = await visitOf(req.params.token);
    if (!visit) return notFoundPage(req, reply);
    const t = messagesFor(visit.lang).survey;
    const satisfaction = Number(req.body.satisfaction);
    if (!Number.isInteger(satisfaction) || satisfaction < 1 || satisfaction > 5) {
      return sendPage(reply, 422, visit.lang, t.title, surveyForm(req.params.token, visit.row, visit.lang, req.body, t.chooseSatisfaction));
    }
    const comment = req.body.comment?.trim();
    const receipt = await recordSurvey(deps.pool, visit.booking, {
      satisfaction,
      ...(req.body.recommend === 'yes' || req.body.recommend === 'no' ? { wouldRecommend: req.body.recommend === 'yes' } : {}),
      ...(comment ? { comment } : {}),
    });
    const text = receipt === 'recorded' ? t.thanks : receipt === 'late' ? t.late : t.already;
    return sendPage(reply, 200, visit.lang, t.title, notice(receipt === 'recorded' ? 'done' : 'info', text));
  });
}
