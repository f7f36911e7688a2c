/**
 * /r/<code>: where a reply card's QR code leads. The printed card's questions (what they would
 * like, why not, a phone, the best time to call, when they will buy); the answer goes to the
 * lead's follow-up through the same client function as data entry, and its timeframe re-scores
 * heat. A late answer is recorded for the team. `Accept: application/json` gets JSON.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TimeframeError } from '../../client/heat.js';
import { lateAnswerOf } from '../../client/late-answers.js';
import { submitReply, UnknownCodeError } from '../../client/respond.js';
import type { ReplyAnswers } from '../../workflows/reply-follow-up.js';
import type { ApiDeps } from '../deps.js';
import { replyCardCode, type CodeOwner } from './guards.js';
import { form, html, notice, radios, select, textField } from './html.js';
import { messagesFor } from './messages/index.js';
import { notFoundPage, sendPage } from './page.js';

const INVALID = 'This reply code is not valid.';
const ANSWERS = ['test-drive', 'material', 'call-me', 'not-interested'] as const;

const params = z.object({ code: z.string().max(200) });
const body = z.object({
  answer: z.string().max(40).optional(),
  reason: z.string().max(500).optional(),
  phone: z.string().max(40).optional(),
  bestTime: z.string().max(200).optional(),
  timeframe: z.string().max(200).optional(),
});
type Fields = z.infer<typeof body>;

function cardForm(owner: CodeOwner, fields: Fields, error?: string) {
  const t = messagesFor(owner.lang).reply;
  const choices = [
    { value: 'test-drive', label: t.testDrive },
    { value: 'material', label: t.material },
    { value: 'call-me', label: t.callMe },
    { value: 'not-interested', label: t.notInterested },
  ];
  return html`${notice('error', error)}<p>${t.intro(owner.name)}</p>${form(
    `/r/${encodeURIComponent(owner.code)}`,
    html`${radios('answer', t.question, choices, fields.answer)}
${textField('reason', t.reason, fields.reason, { maxlength: 500 })}
${textField('phone', t.phone, fields.phone, { type: 'tel', autocomplete: 'tel', hint: t.phoneHint, maxlength: 40 })}
${textField('bestTime', t.bestTime, fields.bestTime, { hint: t.bestTimeHint })}
${select('timeframe', t.timeframe, Object.entries(t.timeframes).map(([value, label]) => ({ value, label })), fields.timeframe)}`,
    messagesFor(owner.lang).send,
  )}`;
}

/** The card's answers as the follow-up reads them; a problem named as the customer can fix it. */
function toAnswers(fields: Fields): { answers: ReplyAnswers } | { problem: 'chooseAnswer' | 'badPhone' } {
  const answer = fields.answer as (typeof ANSWERS)[number];
  if (!ANSWERS.includes(answer)) return { problem: 'chooseAnswer' };
  const phone = fields.phone?.trim();
  if (phone && (!/^\+?[\d\s-]+$/.test(phone) || !/^(\D*\d){6,20}\D*$/.test(phone))) return { problem: 'badPhone' };
  const text = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
  const answers: ReplyAnswers = {
    wantsTestDrive: answer === 'test-drive',
    wantsMaterial: answer === 'material',
    wantsCall: answer === 'call-me',
    notInterested: answer === 'not-interested',
    via: 'qr',
  };
  const reason = answer === 'not-interested' ? text(fields.reason) : undefined;
  if (reason) answers.reason = reason;
  if (phone) answers.phone = phone;
  if (text(fields.bestTime)) answers.bestTime = text(fields.bestTime);
  if (text(fields.timeframe)) answers.purchaseTimeframe = text(fields.timeframe);
  return { answers };
}

const wantsJson = (req: FastifyRequest): boolean => (req.headers.accept ?? '').includes('application/json');

export async function replyCardRoutes(app: FastifyInstance, opts: { deps: ApiDeps }): Promise<void> {
  const { deps } = opts;
  const client = { temporal: deps.temporal, pool: deps.pool, taskQueue: deps.taskQueue };
  const refuse = (req: FastifyRequest, reply: FastifyReply) => (wantsJson(req) ? reply.code(404).send({ error: INVALID }) : notFoundPage(req, reply));

  app.withTypeProvider<ZodTypeProvider>().get('/r/:code', { schema: { params } }, async (req, reply) => {
    const owner = await replyCardCode(deps.pool, req.params.code);
    if (!owner) return refuse(req, reply);
    const t = messagesFor(owner.lang).reply;
    if (owner.replied) return sendPage(reply, 200, owner.lang, t.title, notice('info', t.alreadyAnswered));
    if (await lateAnswerOf(deps.pool, 'reply', owner.campaignId, owner.contactId)) return sendPage(reply, 200, owner.lang, t.title, notice('info', t.late));
    return sendPage(reply, 200, owner.lang, t.title, cardForm(owner, {}));
  });

  app.withTypeProvider<ZodTypeProvider>().post('/r/:code', { schema: { params, body } }, async (req, reply) => {
    const owner = await replyCardCode(deps.pool, req.params.code);
    if (!owner) return refuse(req, reply);
    const t = messagesFor(owner.lang).reply;
    const problem = (text: string, field: string) =>
      wantsJson(req) ? reply.code(422).send({ error: text.startsWith(`${field}:`) ? text : `${field}: ${text}` }) : sendPage(reply, 422, owner.lang, t.title, cardForm(owner, req.body, text));
    const parsed = toAnswers(req.body);
    if ('problem' in parsed) return problem(t[parsed.problem], parsed.problem === 'badPhone' ? 'phone' : 'answer');
    try {
      const receipt = await submitReply(client, owner.code, parsed.answers);
      if (wantsJson(req)) return receipt;
      if (receipt.accepted) {
        return sendPage(reply, 200, owner.lang, t.title, html`${notice('done', t.thanks)}<p>${t.thanksNext[req.body.answer ?? ''] ?? ''}</p>`);
      }
      return sendPage(reply, 200, owner.lang, t.title, notice('info', 'late' in receipt && receipt.late ? t.late : t.alreadyAnswered));
    } catch (err) {
      if (err instanceof TimeframeError) return problem(wantsJson(req) ? err.message : t.badTimeframe, 'timeframe');
      if (err instanceof UnknownCodeError) return refuse(req, reply);
      throw err;
    }
  });
}
