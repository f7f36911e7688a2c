/**
 * Contact search (name, e-mail, phone, id or printed code) and the one view of a customer that
 * `campaign contact` gives: how they may be reached now, their campaigns, pieces, replies,
 * bookings, calls and consent, and what runs for them now (with any step it keeps retrying).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ContactSearchError, searchContacts } from '../../../client/contact-search.js';
import { readContactView, runningForContact } from '../../../client/contact-view.js';
import { displayTime } from '../../../lib/display-time.js';
import type { ConsoleContext } from '../context.js';
import { html, type Html } from '../html.js';
import { sendMessage, sendPage } from '../layout.js';
import { messages } from '../messages/index.js';
import { temporalWithin } from '../temporal-within.js';

function section(title: string, header: string[], rows: Html[], empty: string): Html {
  return html`<h2>${title}</h2>${rows.length
    ? html`<table class="list"><thead><tr>${header.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="muted">${empty}</p>`}`;
}

export function contactRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, temporal } = ctx.opts;
  const zone = ctx.opts.config.DISPLAY_TIME_ZONE;

  r.get('/contacts', { config: { consolePermission: 'contacts' }, schema: { querystring: z.object({ q: z.string().max(200).optional() }) } }, async (request, reply) => {
    const q = request.query.q?.trim() ?? '';
    let result: Awaited<ReturnType<typeof searchContacts>> | undefined;
    let problem: string | undefined;
    if (q) {
      try {
        result = await searchContacts(pool, q);
      } catch (err) {
        if (!(err instanceof ContactSearchError)) throw err;
        problem = err.message;
      }
    }
    return sendPage(ctx, request, reply, {
      title: messages.screens.contacts,
      current: 'contacts',
      body: html`<form method="get" class="filters" role="search">
  <label>Name, e-mail, phone, contact id or code <input name="q" value="${q}" size="40" autofocus></label>
  <button type="submit">Search</button>
</form>
${problem ? html`<p class="flash error" role="alert">${problem}</p>` : ''}
${result
  ? result.matches.length
    ? html`<p class="muted">${result.matches.length} found, read as ${result.readAs}.</p>
<table class="list"><thead><tr><th>Id</th><th>Name</th><th>E-mail</th><th>Phone</th><th>City</th><th>Stage</th></tr></thead><tbody>${result.matches.map(
        (c) => html`<tr><td>${c.id}</td><td><a href="${ctx.base}/contacts/${c.id}">${c.name}</a></td><td>${c.email ?? ''}</td><td>${c.phone ?? ''}</td><td>${c.city ?? ''}</td><td>${[c.stage, c.heat && `${c.heat} heat`, c.tier].filter(Boolean).join(', ')}</td></tr>`,
      )}</tbody></table>`
    : html`<p role="status">Nobody on file matches '${q}' (read as ${result.readAs}).</p>`
  : ''}`,
    });
  });

  r.get('/contacts/:id', { config: { consolePermission: 'contacts' }, schema: { params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }) } }, async (request, reply) => {
    const id = request.params.id;
    const [view, running] = await Promise.all([readContactView(pool, id), temporalWithin(temporal, () => runningForContact(temporal, id))]);
    if (!view) return sendMessage(ctx, request, reply, 404, 'Unknown contact', `There is no contact ${id}.`);
    // The customer's pieces, replies, bookings and calls in their own zone (as they were told); ours in the display zone.
    const theirs = (d: Date): string => displayTime(d, view.timeZone);
    const ours = (d: Date): string => displayTime(d, zone);
    return sendPage(ctx, request, reply, {
      title: `${view.name} (contact ${view.id})`,
      current: 'contacts',
      body: html`<dl class="record">
  <dt>Stage</dt><dd>${[view.stage, view.heat && `${view.heat} heat`, view.tier].filter(Boolean).join(', ')}</dd>
  <dt>Language, zone</dt><dd>${view.language}, ${view.timeZone}</dd>
  ${view.sourceCode ? html`<dt>Source</dt><dd>${view.sourceCode}</dd>` : ''}
  <dt>Reachable</dt><dd>${Object.entries(view.channels).map(([ch, c]) => html`<span class="badge ${c.reachable ? 'running' : 'failed'}">${ch}: ${c.reachable ? 'yes' : `no (${c.reason})`}</span> `)}</dd>
</dl>
<h2>Running for them now</h2>
${running.ok
  ? running.value.length
    ? html`<table class="list" aria-label="running now"><thead><tr><th>Run</th><th>Campaign</th><th>Stage</th><th>Started (${zone})</th><th>Retrying</th></tr></thead><tbody>${running.value.map(
        (run) => html`<tr><td>${run.workflowType}<br><span class="muted">${run.workflowId}</span></td><td>${run.campaignId ?? ''}</td><td>${run.stage ?? ''}</td><td>${ours(run.startTime)}</td><td>${run.retrying.map(
          (a) => html`<div>retrying ${a.activity}: attempt ${a.attempt}${a.lastFailure ? `, last failure: ${a.lastFailure}` : ''}${a.nextAttemptAt ? `; next attempt ${ours(a.nextAttemptAt)}` : ''}</div>`,
        )}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="muted">Nothing runs for them now.</p>`
  : html`<p class="flash error" role="alert">Temporal did not answer: what runs for them now cannot be shown (${running.error}).</p>`}
${section('Campaigns', ['Campaign', 'Kind', 'Stage', 'Reason', `Since (${zone})`], view.campaigns.map((c) => html`<tr><td>${c.campaignId}</td><td>${c.kind ?? ''}</td><td>${c.stage ?? ''}</td><td>${c.endReason ?? ''}</td><td>${ours(c.updatedAt)}</td></tr>`), 'In no campaign.')}
${section(`Latest pieces (${view.timeZone})`, ['When', 'Campaign', 'Step', 'Channel', 'Status', 'Reason'], view.pieces.map((p) => html`<tr><td>${theirs(p.at)}</td><td>${p.campaignId}</td><td>${p.step}</td><td>${p.channel}</td><td>${p.status}</td><td>${p.reason ?? ''}</td></tr>`), 'Nothing sent yet.')}
${section('Replies', ['When', 'Campaign', 'How', 'Answers'], view.replies.map((r) => html`<tr><td>${theirs(r.repliedAt)}</td><td>${r.campaignId}</td><td>${r.channel ?? ''}</td><td><code>${JSON.stringify(r.answers)}</code></td></tr>`), 'No replies.')}
${section('Bookings', ['Slot', 'Centre', 'Campaign', 'Status', 'Attendance'], view.bookings.map((b) => html`<tr><td>${theirs(b.startsAt)}</td><td>${b.serviceCentre}</td><td>${b.campaignId}</td><td>${b.status}</td><td>${b.attendance ?? ''}</td></tr>`), 'No bookings.')}
${section('Calls', ['Window from', 'Campaign', 'Purpose', 'Attempt', 'Outcome', 'Notes'], view.calls.map((c) => html`<tr><td>${theirs(c.windowStart)}</td><td>${c.campaignId}</td><td>${c.purpose}</td><td>${c.attempt}</td><td>${c.outcome ?? 'no outcome yet'}</td><td>${c.notes ?? ''}</td></tr>`), 'No calls.')}
${section('Consent', ['When', 'Channel', 'Change', 'How', 'By'], view.consent.map((c) => html`<tr><td>${ours(c.at)}</td><td>${c.channel}</td><td>${c.change}</td><td>${c.how}</td><td>${c.actor}</td></tr>`), 'No consent changes recorded.')}`,
    });
  });
}
