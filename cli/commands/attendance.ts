/** `campaign attendance <booking-id> came|no-show`: the service centre reports whether the owner came. */
import type { Command } from 'commander';
import { recordAttendance } from '../../client/respond.js';
import { withContext } from '../context.js';
import { badInput } from '../errors.js';
import { emit, positiveInt } from '../output.js';

const ATTENDANCE = ['came', 'no-show'] as const;
type Attendance = (typeof ATTENDANCE)[number];

export function registerAttendance(program: Command): void {
  program
    .command('attendance')
    .description('record whether an owner came to the booked inspection; after the date the owner is thanked or offered a new slot')
    .argument('<booking-id>', 'the booking id (as printed by `campaign book`)')
    .argument('<attendance>', ATTENDANCE.join(' | '))
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExit codes: 0 recorded; 2 unknown or cancelled booking, or a bad argument; 3 the database cannot be reached.\n')
    .action(async (booking: string, attendance: string, options: { json?: boolean }) => {
      const bookingId = positiveInt('booking-id', booking);
      if (!ATTENDANCE.includes(attendance as Attendance)) throw badInput(`attendance must be came or no-show, got '${attendance}'`);
      await withContext(async (ctx) => {
        // Only a live booking takes it: a cancelled or unknown one changes nothing.
        const recorded = await recordAttendance((await ctx.db()).pool, bookingId, attendance as Attendance);
        if (!recorded) throw badInput(`no live booking ${bookingId} (unknown or cancelled)`);
        emit(options, { bookingId, attendance, recorded }, () => `booking ${bookingId}: ${attendance === 'came' ? 'came' : 'did not come'}`);
      });
    });
}
