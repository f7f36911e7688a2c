/**
 * /book/<code>: the inspection offer's own page, by its booking code. The offered centre's free
 * slots, booked at once through the inspection workflow's update (full or taken says so and shows
 * the next free ones); a booking changed or cancelled the same way. After the offer has ended,
 * a wish to book is recorded for the team and the owner is asked to call.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SlotBooking } from '../../activities/types.js';
import { changeInspection } from '../../client/booking-change.js';
import { recordLateAnswer } from '../../client/late-answers.js';
import { BookingRefusedError, bookInspection, cancelInspection, UnknownCodeError } from '../../client/respond.js';
import { sql } from '../../db/queries.js';
import { contactWorkflowId } from '../../lib/temporal-names.js';
import type { ApiDeps } from '../deps.js';
import { bookingCode, type CodeOwner } from './guards.js';
import { form, html, notice, radios, type Html } from './html.js';
import { messagesFor } from './messages/index.js';
import { formatWhen, notFoundPage, sendPage } from './page.js';

/** How many free slots the page offers at once. */
const SLOTS_SHOWN = 12;

const params = z.object({ code: z.string().max(200) });
const body = z.object({ slot: z.string().max(12).optional() });

interface OfferView {
  centre: string | null;
  slots: { id: number; startsAt: Date; free: number }[];
  booking: { slotId: number; startsAt: Date; centre: string } | null;
}

export async function bookingRoutes(app: FastifyInstance, opts: { deps: ApiDeps }): Promise<void> {
  const { deps } = opts;
  const { pool, temporal } = deps;

  async function offerView(owner: CodeOwner): Promise<OfferView> {
    const [slots, live] = await Promise.all([
      pool.query<{ centre: string; slot_id: number | null; starts_at: Date | null; free: number | null }>(sql('offered-centre-slots'), [owner.campaignId, owner.contactId, new Date(), SLOTS_SHOWN, owner.lang]),
      pool.query<{ slot_id: number; starts_at: Date; centre: string }>(sql('live-booking-of'), [owner.campaignId, owner.contactId, owner.lang]),
    ]);
    const b = live.rows[0];
    return {
      centre: slots.rows[0]?.centre ?? null,
      slots: slots.rows.filter((r) => r.slot_id !== null).map((r) => ({ id: r.slot_id!, startsAt: r.starts_at!, free: r.free! })),
      booking: b ? { slotId: b.slot_id, startsAt: b.starts_at, centre: b.centre } : null,
    };
  }

  /** Whether the owner's inspection run still takes bookings (it ends when the offer closes). */
  async function offerOpen(owner: CodeOwner): Promise<boolean> {
    try {
      const run = await temporal.workflow.getHandle(contactWorkflowId('inspection', owner.campaignId, owner.contactId)).describe();
      return run.status.name === 'RUNNING';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  function offerPage(owner: CodeOwner, view: OfferView, message?: { kind: 'error' | 'done' | 'info'; text: string }): Html {
    const t = messagesFor(owner.lang).booking;
    const action = `/book/${encodeURIComponent(owner.code)}`;
    const when = (d: Date) => formatWhen(d, owner.lang, owner.timeZone);
    const choices = view.slots
      .filter((s) => s.id !== view.booking?.slotId)
      .map((s) => ({ value: String(s.id), label: when(s.startsAt), hint: t.freePlaces(s.free) }));
    const slotForm = (submit: string) => (choices.length ? form(action, radios('slot', t.chooseSlot, choices, undefined), submit) : html`<p>${t.noSlots}</p>`);
    if (view.booking) {
      return html`${notice(message?.kind ?? 'done', message?.text ?? t.booked)}
<p class="summary"><strong>${t.bookedFor(when(view.booking.startsAt), view.booking.centre)}</strong></p><p>${t.bring}</p>
<h2>${t.changeTitle}</h2>${slotForm(t.change)}
<h2>${t.cancelTitle}</h2>${form(`${action}/cancel`, html``, t.cancel, 'secondary')}`;
    }
    return html`${notice(message?.kind ?? 'info', message?.text)}<p>${t.intro(owner.name)}</p>
${view.centre ? html`<p class="summary">${t.centre}: <strong>${view.centre}</strong></p>` : ''}${slotForm(t.book)}`;
  }

  const ended = (reply: FastifyReply, owner: CodeOwner) => sendPage(reply, 200, owner.lang, messagesFor(owner.lang).booking.title, notice('info', messagesFor(owner.lang).booking.ended));

  /** The page after an update: the booking as it stands, with what became of the request. */
  async function after(reply: FastifyReply, owner: CodeOwner, result: SlotBooking, done: string): Promise<FastifyReply> {
    const t = messagesFor(owner.lang).booking;
    const why: Record<string, string> = { full: t.full, past: t.past, closed: t.closed, 'other-centre': t.otherCentre, 'unknown-slot': t.chooseOne, 'already-booked': t.sameSlot, 'not-booked': t.cancelled };
    const message = result.ok ? { kind: 'done' as const, text: done } : { kind: 'error' as const, text: why[result.reason] ?? t.chooseOne };
    return sendPage(reply, result.ok ? 200 : 409, owner.lang, t.title, offerPage(owner, await offerView(owner), message));
  }

  app.withTypeProvider<ZodTypeProvider>().get('/book/:code', { schema: { params } }, async (req, reply) => {
    const owner = await bookingCode(pool, req.params.code);
    if (!owner) return notFoundPage(req, reply);
    if (!(await offerOpen(owner))) return ended(reply, owner);
    return sendPage(reply, 200, owner.lang, messagesFor(owner.lang).booking.title, offerPage(owner, await offerView(owner)));
  });

  app.withTypeProvider<ZodTypeProvider>().post('/book/:code', { schema: { params, body } }, async (req, reply) => {
    const owner = await bookingCode(pool, req.params.code);
    if (!owner) return notFoundPage(req, reply);
    const t = messagesFor(owner.lang).booking;
    const slotId = /^\d{1,9}$/.test(req.body.slot ?? '') ? Number(req.body.slot) : null;
    if (slotId === null) return sendPage(reply, 422, owner.lang, t.title, offerPage(owner, await offerView(owner), { kind: 'error', text: t.chooseOne }));
    try {
      const current = (await offerView(owner)).booking;
      if (current?.slotId === slotId) return after(reply, owner, { ok: false, reason: 'already-booked' }, t.booked);
      const result = current
        ? await changeInspection(temporal, pool, owner.code, current.slotId, slotId)
        : await bookInspection(temporal, pool, owner.code, slotId);
      return after(reply, owner, result, t.booked);
    } catch (err) {
      if (err instanceof UnknownCodeError) return notFoundPage(req, reply);
      if (!(err instanceof BookingRefusedError)) throw err;
      await recordLateAnswer(pool, 'booking', owner.campaignId, owner.contactId, { slotId }, err.message);
      return ended(reply, owner);
    }
  });

  app.withTypeProvider<ZodTypeProvider>().post('/book/:code/cancel', { schema: { params } }, async (req, reply) => {
    const owner = await bookingCode(pool, req.params.code);
    if (!owner) return notFoundPage(req, reply);
    const t = messagesFor(owner.lang).booking;
    try {
      const result = await cancelInspection(temporal, pool, owner.code);
      const message = { kind: 'done' as const, text: t.cancelled };
      return sendPage(reply, 200, owner.lang, t.title, offerPage(owner, await offerView(owner), result.ok ? message : { kind: 'info', text: t.cancelled }));
    } catch (err) {
      if (err instanceof UnknownCodeError) return notFoundPage(req, reply);
      if (!(err instanceof BookingRefusedError)) throw err;
      return ended(reply, owner);
    }
  });
}
