/**
 * `campaign rehearse` as a manager runs it: a small lead and a small greetings definition are
 * rehearsed against the test's database, with the test's own SMTP server, letter-shop folder and
 * call centre configured as the real ones and no Temporal reachable. The timeline printed is the
 * one the workflows lived in virtual time; the real database, relay, shop and centre see nothing.
 */
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rehearsal } from '../../client/rehearsal/rehearse.js';
import { startCallCentreSimulator, type CallCentreSimulator } from '../../simulators/call-centre.js';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { insertContact, insertReferenceData } from '../helpers/seed.js';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp.js';
import { runCli } from './run-cli.js';

let db: TestDatabase;
let smtp: SmtpCapture;
let calls: CallCentreSimulator;
let dir: string;
let letterShop: string;
const cliEnv = (): Record<string, string> => ({
  DATABASE_URL: db.url,
  SMTP_HOST: smtp.host,
  SMTP_PORT: String(smtp.port),
  CALL_CENTRE_URL: calls.url,
  LETTER_SHOP_DIR: letterShop,
  DISPLAY_TIME_ZONE: 'Asia/Shanghai',
});

beforeAll(async () => {
  [db, smtp, calls] = await Promise.all([freshDatabase({ max: 2 }), startSmtpCapture(), startCallCentreSimulator()]);
  await insertReferenceData(db.pool);
  dir = await mkdtemp(join(tmpdir(), 'rehearse-'));
  letterShop = await mkdtemp(join(tmpdir(), 'rehearse-real-shop-'));
});
afterAll(async () => {
  await Promise.all([db?.close(), smtp?.close(), calls?.close()]);
});

async function define(name: string, text: string): Promise<void> {
  const path = join(dir, name);
  await writeFile(path, text);
  const created = await runCli(['create', '-f', path], { env: cliEnv() });
  expect(created.stderr).toBe('');
}

/** Rows in every table of the real database: a rehearsal leaves each count as it was. */
async function rowCounts(): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`);
  const counts: Record<string, number> = {};
  for (const { table_name } of rows) counts[table_name] = (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table_name}"`)).rows[0]!.n;
  return counts;
}

/** The real relay, letter shop and call centre of the test received nothing. */
async function expectNothingSent(): Promise<void> {
  expect(smtp.attempts()).toEqual([]);
  expect(calls.tasks()).toEqual([]);
  expect(await readdir(letterShop)).toEqual([]);
}

const inHours = (hours: string | undefined, start: string, end: string): boolean => {
  const [from = '', to = ''] = (hours ?? '').split('-');
  return from >= start && to <= end && from < to;
};

const LEADS = `id: spring-leads
kind: leads
name: { zh-CN: 春季试驾邀请, en: Spring test drives }
audience: { source: 杂志回函, heat: high }
replyWindow: 3 days
calls:
  attempts: 2
  hours: { start: "09:00", end: "18:00" }
`;

describe('campaign rehearse', () => {
  it('rehearses a lead campaign: the packs on day one, calls from the end of the reply window within calling hours, the same story every time', async () => {
    for (let i = 0; i < 8; i++) {
      const id = await insertContact(db.pool, { stage: 'prospect', heat: i < 6 ? 'high' : 'low', language: i % 2 ? 'en' : 'zh-CN', email: `p${i}@leads.example` });
      await db.pool.query(`UPDATE contacts SET source_code = '杂志回函' WHERE id = $1`, [id]);
    }
    await define('leads.yaml', LEADS);
    const before = await rowCounts();

    const text = await runCli(['rehearse', 'spring-leads', '--run-date', '2030-03-04', '--response-rate', '0.5'], { env: cliEnv() });
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^rehearsal\s+spring-leads \(leads, version 1\)$/m);
    expect(text.stdout).toMatch(/^snapshot\s+6 contacts, 0 cars, 0 suppressions, 2 dealers, 2 service centres, 0 slots, 3 models$/m);
    expect(text.stdout).toMatch(/^starts\s+2030-03-04 09:00 Asia\/Shanghai$/m);
    expect(text.stdout).toMatch(/^day\s+e-mails\s+letters\s+calls\s+calling hours\s+replies\s+bookings\s+answered\s+what$/m);
    expect(text.stdout).toMatch(/^2030-03-04\s+6\s+6\s+0\s+-\s+0\s+0\s+0\s+pack 12$/m);
    expect(text.stdout).toMatch(/^took\s+\d+\.\d s \(wall clock\)$/m);

    const json = await runCli(['rehearse', 'spring-leads', '--run-date', '2030-03-04', '--response-rate', '0.5', '--json'], { env: cliEnv() });
    expect(json.stderr).toBe('');
    const r = JSON.parse(json.stdout) as Rehearsal;
    // Seeded: the second rehearsal tells the story the first one printed, day by day.
    for (const d of r.days) {
      const calling = d.callingHours ?? '-';
      expect(text.stdout).toMatch(new RegExp(`^${d.day}\\s+${d.emails}\\s+${d.letters}\\s+${d.calls}\\s+${calling}\\s+${d.replies}\\s+${d.bookings}\\s+${d.answeredCalls}\\b`, 'm'));
    }
    const replies = r.days.reduce((n, d) => n + d.replies, 0);
    expect(r.funnel.stages).toMatchObject({ targeted: 6, sent: 6, replied: replies });
    // Every call is placed within the campaign's calling hours, the follow-up calls from the end of the reply window on.
    const withCalls = r.days.filter((d) => d.calls > 0);
    expect(withCalls.length).toBeGreaterThan(0);
    for (const d of withCalls) expect(inHours(d.callingHours, '09:00', '18:00')).toBe(true);
    const followUps = r.days.filter((d) => d.what['call reply-follow-up']);
    expect(followUps[0]?.day).toBe('2030-03-07');
    expect(followUps[0]?.what['call reply-follow-up']).toBe(6 - replies);
    expect(r.responses.reply).toBe(replies);
    // The last run ends on the last day anything happened, and the text says which day of the campaign.
    const lastDay = r.days[r.days.length - 1]!.day;
    expect(r.lastRunEndedAt).not.toBeNull();
    expect(new Date(r.lastRunEndedAt!).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' })).toBe(lastDay);
    expect(text.stdout).toMatch(new RegExp(`^last run ends\\s+${lastDay} \\d\\d:\\d\\d Asia/Shanghai \\(day \\d+\\)$`, 'm'));
    expect(r.outbox.emails).toBe(r.days.reduce((n, d) => n + d.emails, 0));

    expect(await rowCounts()).toEqual(before);
    await expectNothingSent();
  }, 240_000);

  it('rehearses a greetings broadcast at its rate: the pages day by day per channel, a suppressed e-mail not sent, the end of the run', async () => {
    const tiers = ['gold', 'silver', 'regular'] as const;
    const owners: number[] = [];
    for (let i = 0; i < 10; i++) {
      owners.push(await insertContact(db.pool, { stage: 'owner', city: '深圳', tier: tiers[i % 3], language: i % 2 ? 'en' : 'zh-CN', email: `o${i}@sz.example`, consentPost: i % 2 === 1 }));
    }
    await insertContact(db.pool, { stage: 'owner', city: '上海', email: 'far@sz.example' }); // outside the audience
    await db.pool.query(`INSERT INTO suppressions (channel, contact_id, reason, detail) VALUES ('email', $1, 'unsubscribe', 'test')`, [owners[9]]);
    // A page of four owners is six pieces, after which the workflow waits 6 / 0.00005 s (33 h 20 min).
    await define(
      'xmas.yaml',
      `id: shenzhen-xmas
kind: greetings
name: { zh-CN: 年末问候, en: Year-end greetings }
occasion: christmas-new-year
audience: { city: 深圳 }
sending: { rate: 0.00005, pageSize: 4 }
trip:
  destination: { zh-CN: 三亚车主之旅, en: "the owners' trip to Sanya" }
  startsOn: 02-20
  endsOn: 02-24
  rsvpBy: 01-15
gift:
  description: { zh-CN: 定制车载香氛, en: a car fragrance set }
  delivery: { zh-CN: 节前一周快递送达, en: by courier in the week before the holiday }
`,
    );
    const before = await rowCounts();
    const result = await runCli(['rehearse', 'shenzhen-xmas', '--run-date', '2030-12-20'], { env: cliEnv() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const table = lines.slice(lines.findIndex((l) => l.startsWith('day ')), lines.findIndex((l) => l.startsWith('last run ends')) - 1);
    expect(table.map((l) => l.split(/\s{2,}/).join(' | '))).toEqual([
      'day | e-mails | letters | calls | calling hours | replies | bookings | answered | what',
      '2030-12-20 | 4 | 2 | 0 | - | 0 | 0 | 0 | greeting 6',
      '2030-12-21 | 4 | 2 | 0 | - | 0 | 0 | 0 | greeting 6',
      '2030-12-23 | 1 | 1 | 0 | - | 0 | 0 | 0 | greeting 2',
    ]);
    expect(result.stdout).toMatch(/^snapshot\s+10 contacts, 0 cars, 1 suppressions, /m);
    expect(result.stdout).toMatch(/^last run ends\s+2030-12-23 \d\d:\d\d Asia\/Shanghai \(day 4\)$/m);
    expect(result.stdout).toMatch(/^funnel\s+targeted 10, sent 10, /m);
    expect(result.stdout).toMatch(/^not sent\s+1 email skipped: .*suppress/m);
    expect(result.stdout).toMatch(/^outbox\s+9 e-mails, 5 letters, 0 call tasks; nothing left this machine$/m);

    expect(await rowCounts()).toEqual(before);
    await expectNothingSent();
  }, 240_000);
});
