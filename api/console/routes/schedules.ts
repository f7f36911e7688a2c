/** Seasonal schedules with their next runs (in each schedule's own zone), paused with a note and unpaused. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listScheduleSummaries, setSchedulePaused, UnknownScheduleError } from '../../../client/schedule-control.js';
import { displayTime } from '../../../lib/display-time.js';
import { audit, doneThen, type ConsoleContext } from '../context.js';
import { html } from '../html.js';
import { formFields, sendMessage, sendPage } from '../layout.js';
import { messages } from '../messages/index.js';
import { temporalWithin } from '../temporal-within.js';

export function scheduleRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { temporal } = ctx.opts;
  const zone = ctx.opts.config.DISPLAY_TIME_ZONE;

  r.get('/schedules', { config: { consolePermission: 'schedules' } }, async (request, reply) => {
    const listed = await temporalWithin(temporal, () => listScheduleSummaries(temporal), 3000);
    const body = !listed.ok
      ? html`<p class="flash error" role="alert">Temporal did not answer: schedules cannot be shown now (${listed.error}).</p>`
      : listed.value.length === 0
        ? html`<p role="status">No schedules yet: create one with <code>campaign schedule create &lt;preset&gt;</code>.</p>`
        : html`<table class="list" aria-label="schedules"><thead><tr><th>Schedule</th><th>State</th><th>Next runs</th><th>Recent runs</th><th></th></tr></thead><tbody>${listed.value.map((s) => {
            const at = (iso: string): string => displayTime(iso, s.timeZone ?? zone);
            const id = encodeURIComponent(s.id);
            return html`<tr><td>${s.id}${s.preset && s.preset !== s.id ? html`<br><span class="muted">${s.preset}</span>` : ''}</td>
<td>${s.paused ? html`<span class="badge paused">paused</span> ${s.note ?? ''}` : html`<span class="badge running">active</span>`}</td>
<td>${s.nextRuns.slice(0, 3).map((t) => html`<div>${at(t)}</div>`)}${s.nextRuns.length ? '' : 'none'}</td>
<td>${s.recentRuns.slice(-3).map((run) => html`<div>${at(run.scheduledAt)} <span class="muted">${run.workflowId}</span></div>`)}${s.recentRuns.length ? '' : 'none'}</td>
<td>${s.paused
  ? html`<form method="post" action="${ctx.base}/schedules/${id}/unpause" class="inline">${formFields(reply)}<button type="submit">Unpause</button></form>`
  : html`<form method="post" action="${ctx.base}/schedules/${id}/pause" class="inline">${formFields(reply)}<input name="note" aria-label="Note for ${s.id}" placeholder="why" required maxlength="500"><button type="submit">Pause</button></form>`}</td></tr>`;
          })}</tbody></table>`;
    return sendPage(ctx, request, reply, { title: messages.screens.schedules, current: 'schedules', body: html`<p class="muted">Times in each schedule's own zone.</p>${body}` });
  });

  r.post('/schedules/:id/:action', {
    config: { consolePermission: 'schedules' },
    schema: {
      params: z.object({ id: z.string().min(1).max(200), action: z.enum(['pause', 'unpause']) }),
      body: z.object({ note: z.string().trim().max(500).optional(), _csrf: z.string().optional(), _form: z.string().optional() }),
    },
  }, async (request, reply) => {
    const { id, action } = request.params;
    const note = request.body.note;
    if (action === 'pause' && !note) return sendMessage(ctx, request, reply, 400, 'Not accepted', 'note: say why the schedule is paused');
    const who = request.session.name ?? request.session.email;
    try {
      await setSchedulePaused(temporal, id, action === 'pause', note ? `${note} (${who}, console)` : `unpaused by ${who} in the console`);
    } catch (err) {
      if (err instanceof UnknownScheduleError) return sendMessage(ctx, request, reply, 404, 'Unknown schedule', err.message);
      throw err;
    }
    await audit(ctx, request, `schedule-${action}`, id, note ? { note } : {});
    return doneThen(request, reply, `${action === 'pause' ? 'Paused' : 'Unpaused'} ${id}.`, `${ctx.base}/schedules`);
  });
}
