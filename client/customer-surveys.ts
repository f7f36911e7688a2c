/**
 * The post-visit satisfaction survey: one answer per inspection booking, kept with the service
 * centre so satisfaction is reported per centre. Open for a while after the visit; an answer
 * after that is kept for the team (late_answers) and not counted.
 */
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';
import { recordLateAnswer } from './late-answers.js';

/** Days after the visit during which the survey counts. */
export const SURVEY_OPEN_DAYS = 60;

export interface SurveyAnswers {
  /** 1 (very dissatisfied) to 5 (very satisfied). */
  satisfaction: number;
  wouldRecommend?: boolean;
  comment?: string;
}

export interface SurveyBooking {
  bookingId: number;
  campaignId: string;
  contactId: number;
  serviceCentreId: number;
  startsAt: Date;
  attended: boolean;
}

export type SurveyReceipt = 'recorded' | 'already-answered' | 'late';

/** Records the survey of a visit once; a second answer, or one after the survey closed, is not counted. */
export async function recordSurvey(pool: Pool, booking: SurveyBooking, answers: SurveyAnswers, now = new Date()): Promise<SurveyReceipt> {
  if (now.getTime() > booking.startsAt.getTime() + SURVEY_OPEN_DAYS * 86_400_000) {
    await recordLateAnswer(pool, 'survey', booking.campaignId, booking.contactId, answers, `the survey closed ${SURVEY_OPEN_DAYS} days after the visit`);
    return 'late';
  }
  const { rowCount } = await pool.query(sql('record-survey'), [
    booking.bookingId,
    booking.campaignId,
    booking.contactId,
    booking.serviceCentreId,
    answers.satisfaction,
    answers.wouldRecommend ?? null,
    answers.comment ?? null,
  ]);
  return rowCount ? 'recorded' : 'already-answered';
}
