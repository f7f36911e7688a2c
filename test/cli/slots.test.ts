/**
 * `campaign slots` as a service centre's planner uses it: slots made by rule in the centre's own
 * time (summer time included), listed with free places, a capacity changed but never below what
 * is booked, a slot closed; and `start inspection --dry-run` naming the centres with no slot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { insertOwner, insertServiceCentre } from '../helpers/seed.js';
import { runAll, runCli } from './run-cli.js';

let db: TestDatabase;
let london: number;
const env = (): Record<string, string> => ({ DATABASE_URL: db.url });

beforeAll(async () => {
  db = await freshDatabase({ max: 2 });
  london = await insertServiceCentre(db.pool, 'London Park Royal', 'London', '200001');
  await db.pool.query(`UPDATE service_centres SET time_zone = 'Europe/London', code = 'GB-LON-1' WHERE id = $1`, [london]);
});
afterAll(async () => {
  await db?.close();
});

const startsOf = async (): Promise<string[]> =>
  (await db.pool.query<{ at: Date }>('SELECT starts_at AS at FROM inspection_slots WHERE service_centre_id = $1 ORDER BY starts_at', [london])).rows.map((r) => r.at.toISOString());

describe('campaign slots', () => {
  it("creates slots by rule in the centre's own time, across the change to summer time; again creates none", async () => {
    const args = ['slots', 'create', '--centre', 'London Park Royal', '--from', '2027-03-26', '--to', '2027-03-29', '--weekdays', 'mon-fri', '--times', '9:00,14:30', '--capacity', '2'];
    const created = await runCli(args, { env: env() });
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toBe('created 4 slot(s) at London Park Royal (Europe/London), 2027-03-26 to 2027-03-29, 09:00, 14:30, 2 per slot\n');
    // Friday in winter time (GMT), Monday in summer time (BST): 09:00 local both days.
    expect(await startsOf()).toEqual(['2027-03-26T09:00:00.000Z', '2027-03-26T14:30:00.000Z', '2027-03-29T08:00:00.000Z', '2027-03-29T13:30:00.000Z']);
    // The same rule again, the centre named by its network code: nothing new.
    const again = await runCli([...args.map((a) => (a === 'London Park Royal' ? 'GB-LON-1' : a)), '--json'], { env: env() });
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0 });
  });

  it("lists them with free places in the centre's time; a capacity never goes below what is booked; a closed slot offers no place", async () => {
    const [first] = (await db.pool.query<{ id: number }>('SELECT id FROM inspection_slots WHERE service_centre_id = $1 ORDER BY starts_at LIMIT 1', [london])).rows;
    await db.pool.query('UPDATE inspection_slots SET booked = 2 WHERE id = $1', [first!.id]);
    const [below, raised, closed] = await runAll(
      [
        ['slots', 'capacity', String(first!.id), '1'],
        ['slots', 'capacity', String(first!.id), '3'],
        ['slots', 'close', String(first!.id)],
      ],
      { env: env() },
      1,
    );
    expect(below).toMatchObject({ code: 2, stdout: '', stderr: `campaign: slot ${first!.id} has 2 place(s) booked: its capacity cannot go below that\n` });
    expect(raised).toMatchObject({ code: 0, stdout: `slot ${first!.id}: capacity 3, 2 booked\n` });
    expect(closed).toMatchObject({ code: 0, stdout: `slot ${first!.id} closed to new bookings (2 booking(s) stand)\n` });

    const list = await runCli(['slots', 'list', '--centre', String(london), '--from', '2027-03-01'], { env: env() });
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^slot +centre +starts +capacity +booked +free$/);
    expect(lines[1]).toMatch(new RegExp(`^ *${first!.id} +London Park Royal +2027-03-26 09:00 Europe/London +3 +2 +0  closed$`));
    expect(lines[3]).toMatch(/ 2027-03-29 09:00 Europe\/London +2 +0 +2$/);
  });

  it('refuses what it cannot do, naming the field: an unknown centre, a bad day, a time, a range backwards', async () => {
    const base = ['slots', 'create', '--capacity', '2'];
    const results = await runAll(
      [
        [...base, '--centre', 'Nowhere', '--from', '2027-01-04', '--to', '2027-01-08', '--times', '09:00'],
        [...base, '--centre', String(london), '--from', '2027-01-04', '--to', '2027-01-08', '--times', '09:00', '--weekdays', 'mon-fry'],
        [...base, '--centre', String(london), '--from', '2027-01-04', '--to', '2027-01-08', '--times', '25:00'],
        [...base, '--centre', String(london), '--from', '2027-01-08', '--to', '2027-01-04', '--times', '09:00'],
        [...base, '--centre', String(london), '--from', '2027-02-30', '--to', '2027-03-04', '--times', '09:00'],
      ],
      { env: env() },
    );
    expect(results.map((r) => [r.code, r.stderr])).toEqual([
      [2, "campaign: no service centre 'Nowhere' (give its id, code or name as listed)\n"],
      [2, "campaign: weekdays: 'mon-fry' is not a day or a range such as mon-fri\n"],
      [2, "campaign: times: '25:00' is not a time of day such as 09:30\n"],
      [2, 'campaign: to (2027-01-04) is before from (2027-01-08)\n'],
      [2, "campaign: from: '2027-02-30' is not a date such as 2026-12-01\n"],
    ]);
  });

  it("start inspection --dry-run says how many owners get no offer, and at which centre", async () => {
    const empty = await insertServiceCentre(db.pool, '广州天河服务中心', '广州', '510620');
    const owners = [await insertOwner(db.pool, { city: '广州', postcode: '510630' }), await insertOwner(db.pool, { city: '广州', postcode: '510640' })];
    const dry = await runCli(['start', 'inspection', '--campaign', 'dec-dry', '--contact', ...owners.map(String), '--dry-run'], { env: env() });
    expect(dry.code).toBe(2); // nobody could be offered
    expect(dry.stdout).toMatch(/^contacts +0$/m);
    expect(dry.stdout).toMatch(/^not offered +2: no free slot from now on at 广州天河服务中心 \(2 owners\)$/m);
    expect(dry.stdout).toMatch(/dry run: nothing was sent\n$/);
    expect(empty).toBeGreaterThan(0);
  });
});
