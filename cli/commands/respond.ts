/**
 * Data entry and the call centre: `reply <code>`, `book <code> <slot>`, `unbook <code>` and
 * `call-outcome <task-id> <outcome>`. Each answers at once whether it took.
 */
import type { Command } from 'commander';
import {
  BookingRefusedError,
  bookInspection,
  cancelInspection,
  checkBookingCode,
  reportCallOutcome,
  submitReply,
  timeZoneOfCode,
  UnknownCallTaskError,
  UnknownCodeError,
} from '../../client/respond.js';
import { TimeframeError, type Rescored } from '../../client/heat.js';
import { displayTime } from '../../lib/display-time.js';
import { withContext } from '../context.js';
import { badInput, EXIT } from '../errors.js';
import { emit, positiveInt } from '../output.js';
import type { SlotBooking } from '../../activities/types.js';

const ANSWERS = ['test-drive', 'material', 'not-interested'] as const;
const OUTCOMES = ['reached-interested', 'reached-refused', 'no-answer'] as const;

/** '; heat now high: hot-lead pack started (hot-lead-pack/...)', or nothing. */
function rescoredText(r: Rescored | undefined): string {
  if (!r?.heat) return '';
  return `; heat now ${r.heat}${r.becameHot ? (r.packs.length ? `: hot-lead pack started (${r.packs.join(', ')})` : ': no lead campaign open for them') : ''}`;
}

function unknownCode<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((err: unknown) => {
    if (err instanceof UnknownCodeError) throw badInput('unknown or invalid code');
    if (err instanceof TimeframeError) throw badInput(err.message);
    if (err instanceof BookingRefusedError) throw badInput(`not booked: ${err.message}`);
    throw err;
  });
}

/** The slot's time in the owner's zone, as the owner's confirmation states it. */
function bookingText(result: SlotBooking, ownerZone: string): string {
  if (result.ok) return `booked: slot ${result.slotId} at ${result.serviceCentre}, ${displayTime(result.startsAt, ownerZone)} (booking ${result.bookingId})`;
  return `not booked: ${result.reason}`;
}

export function registerRespond(program: Command): void {
  program
    .command('reply')
    .description("key in a returned reply card: the lead's follow-up routes it at once")
    .argument('<code>', 'the response code printed on the card')
    .argument('<answer>', ANSWERS.join(' | '))
    .option('--reason <text>', 'why not, for not-interested')
    .option('--timeframe <answer>', "the card's purchase timeframe as written (3个月内, within a year): re-scores heat")
    .option('--json', 'print JSON')
    .action(async (code: string, answer: string, options: { reason?: string; timeframe?: string; json?: boolean }) => {
      if (!ANSWERS.includes(answer as (typeof ANSWERS)[number])) throw badInput(`answer must be one of ${ANSWERS.join(', ')}, got '${answer}'`);
      await withContext(async (ctx) => {
        const receipt = await unknownCode(
          submitReply(await ctx.campaigns(), code, {
            wantsTestDrive: answer === 'test-drive',
            wantsMaterial: answer === 'material',
            notInterested: answer === 'not-interested',
            reason: options.reason,
            via: 'data-entry',
            ...(options.timeframe !== undefined ? { purchaseTimeframe: options.timeframe } : {}),
          }),
        );
        emit(options, receipt, (r) => (r.accepted ? `reply recorded for ${r.workflowId}${rescoredText(r.rescored)}` : `not taken: ${r.reason}`));
        if (!receipt.accepted) process.exitCode = EXIT.badInput;
      });
    });

  program
    .command('book')
    .description("book an owner's inspection slot by booking code; answers with the slot or why not")
    .argument('<booking-code>', 'the code on the inspection offer')
    .argument('<slot>', 'slot id')
    .option('--json', 'print JSON')
    .action(async (code: string, slot: string, options: { json?: boolean }) => {
      const slotId = positiveInt('slot', slot);
      await withContext(async (ctx) => {
        const { pool } = await ctx.db();
        // A wrong code is bad input whether or not Temporal can be reached: check it first.
        await unknownCode(checkBookingCode(pool, code));
        const result = await unknownCode(bookInspection(await ctx.temporal(), pool, code, slotId));
        const ownerZone = await timeZoneOfCode(pool, code);
        emit(options, result, (r) => bookingText(r, ownerZone));
        if (!result.ok) process.exitCode = EXIT.badInput;
      });
    });

  program
    .command('unbook')
    .description("cancel an owner's inspection booking, freeing the place")
    .argument('<booking-code>', 'the code on the inspection offer')
    .option('--json', 'print JSON')
    .action(async (code: string, options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const { pool } = await ctx.db();
        await unknownCode(checkBookingCode(pool, code));
        const result = await unknownCode(cancelInspection(await ctx.temporal(), pool, code));
        emit(options, result, (r) => (r.ok ? `cancelled booking ${r.bookingId}` : `nothing cancelled: ${r.reason}`));
        if (!result.ok) process.exitCode = EXIT.badInput;
      });
    });

  program
    .command('call-outcome')
    .description('report how a call task ended (as the call centre does over HTTP)')
    .argument('<task-id>', "the call centre's task id")
    .argument('<outcome>', OUTCOMES.join(' | '))
    .option('--notes <text>', "the agent's notes")
    .option('--timeframe <answer>', 'when the customer says they will buy (3个月内, within a year): re-scores heat')
    .option('--json', 'print JSON')
    .action(async (taskId: string, outcome: string, options: { notes?: string; timeframe?: string; json?: boolean }) => {
      if (!OUTCOMES.includes(outcome as (typeof OUTCOMES)[number])) throw badInput(`outcome must be one of ${OUTCOMES.join(', ')}, got '${outcome}'`);
      await withContext(async (ctx) => {
        const receipt = await reportCallOutcome(await ctx.campaigns(), taskId, outcome as (typeof OUTCOMES)[number], options.notes, options.timeframe).catch((err: unknown) => {
          throw err instanceof UnknownCallTaskError || err instanceof TimeframeError ? badInput(err.message) : err;
        });
        // A second report for the same task changes nothing (the first stands): said, exit 2, as for a reply card.
        emit(options, { taskId, outcome, accepted: receipt.recorded, routed: receipt.routed, ...(receipt.rescored ? { rescored: receipt.rescored } : {}) }, (r) => {
          if (!r.accepted) return `not taken: call task ${taskId} already has its outcome on record`;
          const done = r.routed ? `outcome recorded for call task ${taskId}` : `outcome recorded for call task ${taskId}; its follow-up has already ended, so nothing more happens`;
          return done + rescoredText(r.rescored);
        });
        if (!receipt.recorded) process.exitCode = EXIT.badInput;
      });
    });
}

