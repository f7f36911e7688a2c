/**
 * `campaign slots create|list|capacity|close`: the inspection slots of each service centre, in
 * the centre's own time.
 */
import type { Command } from 'commander';
import { closeSlot, createSlots, findCentre, listSlots, setSlotCapacity, SlotRequestError, slotRule } from '../../client/slots.js';
import { displayTime } from '../../lib/display-time.js';
import { withContext } from '../context.js';
import { asBadInput, badInput } from '../errors.js';
import { emit, grid, positiveInt } from '../output.js';


function instant(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00` : value);
  if (Number.isNaN(at.getTime())) throw badInput(`${name}: '${value}' is not a date such as 2026-12-01`);
  return at;
}

export function registerSlots(program: Command): void {
  const slots = program.command('slots').description("inspection slots: create by rule, list with free places, change a capacity, close");

  slots
    .command('create')
    .description("create a service centre's slots by rule, in the centre's own time; slots that exist are left as they are")
    .requiredOption('--centre <id|code|name>', 'the service centre')
    .requiredOption('--from <date>', 'first day, e.g. 2026-12-01')
    .requiredOption('--to <date>', 'last day, included')
    .option('--weekdays <days>', 'days of the week, e.g. mon-fri or mon,wed,sat', 'mon-fri')
    .requiredOption('--times <times>', 'start times, e.g. 09:00,10:30,14:00')
    .requiredOption('--capacity <n>', 'owners per slot')
    .option('--json', 'print JSON')
    .action(async (options: { centre: string; from: string; to: string; weekdays: string; times: string; capacity: string; json?: boolean }) => {
      const capacity = positiveInt('capacity', options.capacity);
      await withContext(async (ctx) => {
        const { pool } = await ctx.db();
        const centre = await asBadInput(findCentre(pool, options.centre), SlotRequestError);
        const rule = await asBadInput(Promise.resolve().then(() => slotRule(centre, { ...options, capacity })), SlotRequestError);
        const { created } = await createSlots(pool, rule);
        emit(options, { centre: centre.name, timeZone: centre.timeZone, created: created.length, slotIds: created }, (r) =>
          `created ${r.created} slot(s) at ${r.centre} (${r.timeZone}), ${rule.from} to ${rule.to}, ${rule.times.join(', ')}, ${capacity} per slot`,
        );
      });
    });

  slots
    .command('list')
    .description("slots with their free places, in each centre's own time (from now on unless --from)")
    .option('--centre <id|code|name>', 'one service centre')
    .option('--from <date>', 'from this day or time')
    .option('--to <date>', 'before this day or time')
    .option('--json', 'print JSON')
    .action(async (options: { centre?: string; from?: string; to?: string; json?: boolean }) => {
      const from = instant('from', options.from) ?? new Date();
      const until = instant('to', options.to);
      await withContext(async (ctx) => {
        const { pool } = await ctx.db();
        const centre = options.centre ? await asBadInput(findCentre(pool, options.centre), SlotRequestError) : undefined;
        const list = await listSlots(pool, { centreId: centre?.id, from, until });
        emit(options, list, (rows) =>
          rows.length
            ? grid(
                ['slot', 'centre', 'starts', 'capacity', 'booked', 'free', ''],
                rows.map((s) => [s.id, s.centre, displayTime(s.starts_at, s.time_zone), s.capacity, s.booked, s.free, s.closed_at ? 'closed' : '']),
              )
            : 'no slots',
        );
      });
    });

  slots
    .command('capacity')
    .description("change a slot's capacity (never below the places booked)")
    .argument('<slot>', 'slot id')
    .argument('<capacity>', 'owners per slot')
    .option('--json', 'print JSON')
    .action(async (slot: string, capacityText: string, options: { json?: boolean }) => {
      const slotId = positiveInt('slot', slot);
      const capacity = positiveInt('capacity', capacityText);
      await withContext(async (ctx) => {
        const result = await asBadInput(setSlotCapacity((await ctx.db()).pool, slotId, capacity), SlotRequestError);
        emit(options, { slotId, ...result }, (r) => `slot ${slotId}: capacity ${r.capacity}, ${r.booked} booked`);
      });
    });

  slots
    .command('close')
    .description('close a slot to new bookings; the bookings it has stand')
    .argument('<slot>', 'slot id')
    .option('--json', 'print JSON')
    .action(async (slot: string, options: { json?: boolean }) => {
      const slotId = positiveInt('slot', slot);
      await withContext(async (ctx) => {
        const result = await asBadInput(closeSlot((await ctx.db()).pool, slotId), SlotRequestError);
        emit(options, { slotId, closed: true, ...result }, (r) => `slot ${slotId} closed to new bookings (${r.booked} booking(s) stand)`);
      });
    });
}
