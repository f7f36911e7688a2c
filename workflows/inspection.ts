/**
 * Free-inspection scheduling, one run per owner and seasonal campaign (id: inspection/<campaign>/contact-<id>).
 *
 * Writes the offer with a booking code; the owner books, cancels or rebooks by Workflow Update,
 * which answers at once with the slot or why not (capacity is enforced by the database, so two
 * owners never get the last place). A booking is confirmed, reminded the day before, and after
 * the date the owner is thanked with a survey, or offered a new slot and a call if they did not come.
 */
import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  patched,
  setHandler,
} from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time.js';
import type { ContactProfile, SlotBooking } from '../activities/types.js';
import { records } from './support/activities.js';
import { callOutcomeSignal, callUntilReached, type OutcomeBook } from './support/calls.js';
import { deliverPiece } from './support/deliver.js';
import { DEFAULT_FOLLOW_UP, type FollowUpSettings } from './support/settings.js';
import { stageRecorder } from './support/stage.js';

export interface InspectionInput {
  campaignId: string;
  contactId: number;
  /** How long the offer stays open for a booking (again after a missed appointment), e.g. '30 days'. */
  offerPeriod: Duration;
  /** How long before the slot the reminder goes out, e.g. '1 day'. */
  reminderBefore: Duration;
  /** How long after the slot's start attendance is read and the owner thanked or re-offered. */
  followUpAfter: Duration;
  calls?: FollowUpSettings;
  /**
   * Set by the campaign's launcher, which wrote the offer with the rest of its page and recorded
   * the stage: the run starts waiting for a booking at once.
   */
  offered?: { bookingCode: string };
}

type Booked = Extract<SlotBooking, { ok: true }>;

/** Patch id: a cancelled booking gets a notice and its own stage (runs started before did not). */
const CANCELLATION_NOTICE = 'inspection-cancellation-notice';

export interface InspectionStatus {
  stage: string;
  bookingCode?: string;
  booking?: Booked;
}

export const bookSlotUpdate = defineUpdate<SlotBooking, [slotId: number]>('bookSlot');
export const cancelBookingUpdate = defineUpdate<SlotBooking, []>('cancelBooking');
export const inspectionStatusQuery = defineQuery<InspectionStatus>('inspectionStatus');

/** Runs one owner's inspection offer to its end; sends keyed by campaign/contact/step/channel. */
export async function inspection(input: InspectionInput): Promise<InspectionStatus> {
  const status: InspectionStatus = { stage: 'offering' };
  let booking: Booked | undefined;
  let version = 0; // bumps on every book or cancel, so waits notice a change of plan
  let closed = false;
  const outcomes: OutcomeBook = new Map();

  setHandler(
    bookSlotUpdate,
    async (slotId): Promise<SlotBooking> => {
      if (booking) return { ok: false, reason: 'already-booked' };
      const result = await records.bookInspectionSlot(input.campaignId, input.contactId, slotId);
      if (result.ok) {
        booking = result;
        status.booking = result;
        version++;
      }
      return result;
    },
    {
      validator: (slotId) => {
        if (closed) throw new Error('this inspection offer is closed');
        if (!Number.isInteger(slotId) || slotId <= 0) throw new Error(`slot must be a positive integer, got ${slotId}`);
      },
    },
  );
  setHandler(
    cancelBookingUpdate,
    async (): Promise<SlotBooking> => {
      if (!booking) return { ok: false, reason: 'not-booked' };
      const result = await records.cancelInspectionBooking(input.campaignId, input.contactId);
      booking = undefined;
      status.booking = undefined;
      version++;
      return result;
    },
    {
      validator: () => {
        if (closed) throw new Error('this inspection offer is closed');
      },
    },
  );
  setHandler(callOutcomeSignal, (report) => {
    if (!outcomes.has(report.taskKey)) outcomes.set(report.taskKey, report);
  });
  setHandler(inspectionStatusQuery, () => status);

  const stage = stageRecorder(input.campaignId, input.contactId, status);
  // Read when first needed: a launched run needs the owner only once they book or miss.
  let contact: ContactProfile | undefined;
  const owner = async (): Promise<ContactProfile> => (contact ??= await records.loadContact(input.contactId));
  const send = async (step: string, template: string, data?: Record<string, unknown>) =>
    deliverPiece(await owner(), { campaignId: input.campaignId, step, template, data });
  /** Waits until `atMs` unless the booking changes first; true when the wait ran its course. */
  const waitUnlessChanged = async (atMs: number) => {
    const seen = version;
    const changed = await condition(() => version !== seen, Math.max(atMs - Date.now(), 1));
    return !changed;
  };

  let bookingCode: string;
  if (input.offered) {
    bookingCode = input.offered.bookingCode;
    status.bookingCode = bookingCode;
    status.stage = 'sent';
  } else {
    const card = await records.issueReplyCard(input.campaignId, (await owner()).id);
    bookingCode = card.responseCode;
    status.bookingCode = bookingCode;
    await send('offer', 'inspection-offer', { bookingCode, replyCard: card });
    await stage('sent');
  }
  /** A booking the owner cancelled: a notice that the offer stays open, and the stage says so. */
  const cancelled = async (booking: Booked): Promise<void> => {
    if (!patched(CANCELLATION_NOTICE)) return; // runs from before the notice existed carry on as they were
    await send(`cancelled-${booking.bookingId}`, 'inspection-cancelled', { booking, bookingCode });
    await stage('cancelled', 'booking cancelled; the offer stays open');
  };

  let round = 0;
  while (!closed) {
    round++;
    const booked = await condition(() => booking !== undefined, input.offerPeriod);
    if (!booked || !booking) {
      closed = true;
      await stage(round === 1 ? 'not-booked' : 'missed', 'no booking while the offer was open');
      break;
    }
    const current: Booked = booking;
    const at = Date.parse(current.startsAt);
    await stage('appointment');
    await send(`confirm-${current.bookingId}`, 'inspection-confirmation', { booking: current });
    if (!(await waitUnlessChanged(at - msToNumber(input.reminderBefore)))) {
      await cancelled(current);
      continue;
    }
    await send(`reminder-${current.bookingId}`, 'inspection-reminder', { booking: current });
    if (!(await waitUnlessChanged(at + msToNumber(input.followUpAfter)))) {
      await cancelled(current);
      continue;
    }

    const attendance = await records.inspectionAttendance(current.bookingId);
    if (attendance === 'came') {
      closed = true;
      await send('thanks', 'inspection-thanks', { booking: current });
      await stage('attended');
      break;
    }
    // Did not come: offer a new slot in writing and by a call, and keep the offer open once more.
    booking = undefined;
    status.booking = undefined;
    await send(`missed-${current.bookingId}`, 'inspection-missed', { booking: current, bookingCode });
    await stage('missed', attendance === 'no-show' ? 'did not come' : 'attendance not recorded');
    await callUntilReached({
      campaignId: input.campaignId,
      contact: await owner(),
      purpose: 'inspection-rebook',
      notes: `Missed the inspection on ${current.startsAt} at ${current.serviceCentre}; offer a new slot.`,
      attempts: 1,
      settings: input.calls ?? DEFAULT_FOLLOW_UP,
      outcomes,
    });
    if (round >= 2) {
      closed = true;
      break;
    }
  }
  await condition(allHandlersFinished);
  return status;
}
