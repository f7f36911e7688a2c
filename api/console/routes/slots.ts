/** Inspection slots per service centre, in the centre's own time, with who has booked each; a slot can be closed to new bookings. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { closeSlot, listSlots, SlotRequestError } from '../../../client/slots.js';
import { sql } from '../../../db/queries.js';
import { displayTime } from '../../../lib/display-time.js';
import { audit, doneThen, type ConsoleContext } from '../context.js';
import { html } from '../html.js';
import { formFields, sendMessage, sendPage } from '../layout.js';
import { messages } from '../messages/index.js';

interface Booking {
  id: number;
  slot_id: number;
  campaign_id: string;
  contact_id: number;
  name: string;
  phone: string | null;
  attendance: string | null;
}

export function slotRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool } = ctx.opts;

  r.get('/slots', { config: { consolePermission: 'slots' }, schema: { querystring: z.object({ centre: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().positive().optional()) }) } }, async (request, reply) => {
    const centres = (await pool.query<{ id: number; name: string; city: string; time_zone: string }>(sql('console-service-centres'))).rows;
    const centreId = request.query.centre ?? centres[0]?.id;
    const slots = centreId ? await listSlots(pool, { centreId, from: new Date() }) : [];
    const bookings = slots.length ? (await pool.query<Booking>(sql('console-slot-bookings'), [slots.map((s) => s.id)])).rows : [];
    const bySlot = new Map<number, Booking[]>();
    for (const b of bookings) bySlot.set(b.slot_id, [...(bySlot.get(b.slot_id) ?? []), b]);
    const centre = centres.find((c) => c.id === centreId);
    return sendPage(ctx, request, reply, {
      title: messages.screens.slots,
      current: 'slots',
      body: html`<form method="get" class="filters"><label>Service centre <select name="centre">${centres.map((c) => html`<option value="${c.id}"${c.id === centreId ? html` selected` : ''}>${c.name} (${c.city})</option>`)}</select></label><button type="submit">Show</button></form>
${centre ? html`<p class="muted">Coming slots at ${centre.name}, in the centre's time (${centre.time_zone}).</p>` : html`<p>No service centres on file.</p>`}
${slots.length
  ? html`<table class="list" aria-label="slots"><thead><tr><th>Slot</th><th>Starts</th><th class="num">Capacity</th><th class="num">Booked</th><th class="num">Free</th><th>Bookings</th><th></th></tr></thead><tbody>${slots.map(
      (s) => html`<tr><td>${s.id}</td><td>${displayTime(s.starts_at, s.time_zone)}</td><td class="num">${s.capacity}</td><td class="num">${s.booked}</td><td class="num">${s.closed_at ? 'closed' : s.free}</td>
<td>${(bySlot.get(s.id) ?? []).map((b) => html`<div><a href="${ctx.base}/contacts/${b.contact_id}">${b.name}</a> ${b.phone ?? ''} <span class="muted">${b.campaign_id}${b.attendance ? `, ${b.attendance}` : ''}</span></div>`)}</td>
<td>${s.closed_at ? '' : html`<form method="post" action="${ctx.base}/slots/${s.id}/close" class="inline">${formFields(reply)}<button type="submit" class="secondary">Close to new bookings</button></form>`}</td></tr>`,
    )}</tbody></table>`
  : centre ? html`<p role="status">No coming slots: create them with <code>campaign slots create</code>.</p>` : ''}`,
    });
  });

  r.post('/slots/:id/close', { config: { consolePermission: 'slots' }, schema: { params: z.object({ id: z.coerce.number().int().positive() }) } }, async (request, reply) => {
    try {
      const { booked } = await closeSlot(pool, request.params.id);
      await audit(ctx, request, 'slot-close', String(request.params.id), { booked });
      return doneThen(request, reply, `Slot ${request.params.id} closed to new bookings; its ${booked} booking(s) stand.`, `${ctx.base}/slots`);
    } catch (err) {
      if (err instanceof SlotRequestError) return sendMessage(ctx, request, reply, 404, 'Unknown slot', err.message);
      throw err;
    }
  });
}
