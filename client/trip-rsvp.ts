/**
 * A gold owner's answer to the owners' trip invitation of a greetings campaign, with the number of
 * guests. One answer per owner and trip, which they may change until the answer date; an answer
 * after that date is kept for the team (late_answers) and changes nothing.
 */
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';
import { recordLateAnswer } from './late-answers.js';

export const MAX_TRIP_GUESTS = 4;

export interface TripAnswer {
  attending: boolean;
  /** Guests coming with the owner (0 when not attending). */
  guests: number;
}

/** Whether the answer date (an ISO date, the whole day in the owner's zone) has passed. */
export function rsvpClosed(rsvpBy: string, timeZone: string, now = new Date()): boolean {
  const today = now.toLocaleDateString('en-CA', { timeZone });
  return today > rsvpBy;
}

export type RsvpReceipt = 'recorded' | 'late';

export async function answerTrip(pool: Pool, campaignId: string, contactId: number, answer: TripAnswer, closed: boolean): Promise<RsvpReceipt> {
  const guests = answer.attending ? answer.guests : 0;
  if (closed) {
    await recordLateAnswer(pool, 'rsvp', campaignId, contactId, { ...answer, guests }, 'the answer date of the trip had passed');
    return 'late';
  }
  await pool.query(sql('record-rsvp'), [campaignId, contactId, answer.attending, guests]);
  return 'recorded';
}
