/**
 * Failed pieces, filtered as `campaign failed list` filters them (campaign, step, channel, error
 * text, since, until: in the URL, so a view can be shared), and their replay: a dry run first that
 * says what would go, then the replay through the same client function as `campaign replay`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listFailed, replayFailedPieces, type FailedFilter } from '../../../client/failed.js';
import { displayTime } from '../../../lib/display-time.js';
import { audit, type ConsoleContext } from '../context.js';
import { html } from '../html.js';
import { formFields, sendPage } from '../layout.js';
import { messages } from '../messages/index.js';

/** A form's empty field is no filter. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'not a date (use YYYY-MM-DD or an ISO time)').refine((v) => !Number.isNaN(new Date(v).getTime()), 'not a date (use YYYY-MM-DD or an ISO time)');

export const failedFilterSchema = z.object({
  campaign: optional(z.string().max(200)),
  step: optional(z.string().max(200)),
  channel: optional(z.enum(['email', 'post', 'phone'], { message: 'must be email, post or phone' })),
  error: optional(z.string().max(200)),
  since: optional(date),
  until: optional(date),
});
type FilterInput = z.infer<typeof failedFilterSchema>;

/** Shown on one page; the replay takes every piece the filter selects. */
const SHOWN = 500;

function toFilter(q: FilterInput): FailedFilter {
  return { ...q, since: q.since ? new Date(q.since) : undefined, until: q.until ? new Date(q.until) : undefined };
}

function query(q: FilterInput): string {
  return new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string')).toString();
}

function filterFields(q: FilterInput) {
  return html`<label>Campaign <input name="campaign" value="${q.campaign ?? ''}"></label>
  <label>Step <input name="step" value="${q.step ?? ''}" placeholder="pack, xmas-2026"></label>
  <label>Channel <select name="channel"><option value="">any</option>${(['email', 'post', 'phone'] as const).map((c) => html`<option${q.channel === c ? html` selected` : ''}>${c}</option>`)}</select></label>
  <label>Error contains <input name="error" value="${q.error ?? ''}" placeholder="550, timeout"></label>
  <label>Since <input name="since" value="${q.since ?? ''}" placeholder="YYYY-MM-DD"></label>
  <label>Until <input name="until" value="${q.until ?? ''}" placeholder="YYYY-MM-DD"></label>`;
}

function hidden(q: FilterInput) {
  return Object.entries(q).map(([k, v]) => (typeof v === 'string' ? html`<input type="hidden" name="${k}" value="${v}">` : ''));
}

export function failedRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, temporal, taskQueue } = ctx.opts;

  r.get('/failed', { config: { consolePermission: 'failed' }, schema: { querystring: failedFilterSchema } }, async (request, reply) => {
    const q = request.query;
    const pieces = await listFailed(pool, { ...toFilter(q), limit: SHOWN + 1 });
    return sendPage(ctx, request, reply, {
      title: messages.screens.failed,
      current: 'failed',
      body: html`<form method="get" class="filters">${filterFields(q)}<button type="submit">Filter</button></form>
${pieces.length
  ? html`<p>${pieces.length > SHOWN ? `More than ${SHOWN} failed pieces; the first ${SHOWN} shown.` : `${pieces.length} failed piece(s).`} <a href="${ctx.base}/failed/replay?${query(q)}">Replay these (dry run first)</a></p>
<table class="list" aria-label="failed pieces"><thead><tr><th>Piece</th><th>Campaign</th><th>Step</th><th>Channel</th><th>Contact</th><th>Failed at (contact's zone)</th><th class="num">Attempts</th><th>Reason</th></tr></thead><tbody>${pieces.slice(0, SHOWN).map(
      (p) => html`<tr><td>${p.id}</td><td>${p.campaign_id}</td><td>${p.step}</td><td>${p.channel}</td><td>${p.contact_id} ${p.name}</td><td>${displayTime(p.updated_at, p.time_zone)}</td><td class="num">${p.attempts}</td><td>${p.reason ?? ''}</td></tr>`,
    )}</tbody></table>`
  : html`<p role="status">No failed pieces${query(q) ? ' for this filter' : ''}.</p>`}`,
    });
  });

  // The dry run: what the replay would re-send, and nothing sent.
  r.get('/failed/replay', { config: { consolePermission: 'failed' }, schema: { querystring: failedFilterSchema } }, async (request, reply) => {
    const q = request.query;
    const pieces = await listFailed(pool, toFilter(q));
    return sendPage(ctx, request, reply, {
      title: 'Replay failed pieces: dry run',
      current: 'failed',
      body: html`<p role="status" class="dry-run">Would re-send ${pieces.length} failed piece(s); dry run: nothing was sent.</p>
<p class="muted">Consent and suppressions are checked again at sending; an e-mail keeps its Message-ID; a piece sent meanwhile is not sent again.</p>
${pieces.length
  ? html`<form method="post" action="${ctx.base}/failed/replay" class="inline">${formFields(reply)}${hidden(q)}<button type="submit">Re-send ${pieces.length} piece(s) now</button> <a href="${ctx.base}/failed?${query(q)}">Back</a></form>`
  : html`<p><a href="${ctx.base}/failed?${query(q)}">Back</a></p>`}`,
    });
  });

  r.post('/failed/replay', { config: { consolePermission: 'failed' }, schema: { body: failedFilterSchema.extend({ _csrf: z.string().optional(), _form: z.string().optional() }) } }, async (request, reply) => {
    const { _csrf, _form, ...q } = request.body;
    void _csrf;
    void _form;
    const result = await replayFailedPieces({ temporal, pool, taskQueue }, toFilter(q));
    await audit(ctx, request, 'replay', q.campaign, { filter: q, pieces: result.pieces, tally: { ...result.tally, failures: result.tally.failures.length } });
    return replayResult(reply, result, q);
  });

  function replayResult(reply: FastifyReply, result: Awaited<ReturnType<typeof replayFailedPieces>>, q: FilterInput) {
    const t = result.tally;
    return sendPage(ctx, reply.request, reply, {
      title: 'Replay failed pieces: done',
      current: 'failed',
      body: html`<table class="list" aria-label="replay tally"><tbody>
<tr><td>failed pieces found</td><td class="num">${result.pieces}</td></tr>
<tr><td>sent now</td><td class="num">${t.sent}</td></tr>
<tr><td>failed again</td><td class="num">${t.failedAgain}</td></tr>
<tr><td>skipped (consent, suppression)</td><td class="num">${t.skipped}</td></tr>
<tr><td>no longer failed</td><td class="num">${t.notFailed}</td></tr>
</tbody></table>
${t.failures.length ? html`<ul>${t.failures.map((f) => html`<li>delivery ${f.deliveryId}: ${f.reason}</li>`)}</ul>` : ''}
<p><a href="${ctx.base}/failed?${query(q)}">Back to failed pieces</a></p>`,
    });
  }
}
