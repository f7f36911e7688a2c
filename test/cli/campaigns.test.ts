/**
 * The commands that talk to Temporal (start, status, reply, schedule), run as a user runs them
 * against the development server (time-skipping mode, no worker: runs are started, not run) and
 * one database. Bad input exits 2 and changes nothing; an unreachable Temporal exits 3.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSearchAttributes } from '../../worker/search-attributes.js';
import { contactWorkflowId } from '../../lib/temporal-names.js';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { insertContact } from '../helpers/seed.js';
import { startTimeSkippingServer } from '../helpers/temporal.js';
import { runAll, runCli } from './run-cli.js';

let env: TestWorkflowEnvironment;
let db: TestDatabase;
let prospects: number[];
const taskQueue = `cli-test-${process.pid}`;
const cliEnv = (): Record<string, string> => ({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: env.address, TASK_QUEUE: taskQueue });
const count = async (table: string): Promise<number> => Number((await db.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

beforeAll(async () => {
  [env, db] = await Promise.all([startTimeSkippingServer(), freshDatabase({ max: 2 })]);
  await registerSearchAttributes(env.client.connection, env.namespace ?? 'default');
  prospects = [
    // Reachable by e-mail, post and phone.
    await insertContact(db.pool, { stage: 'prospect', heat: 'high', name: 'Emily Chen', language: 'en' }),
    // E-mail only: no postal address, no phone.
    await insertContact(db.pool, { stage: 'prospect', heat: 'low', address: null, postcode: null, city: null, phone: null }),
    // Refused e-mail.
    await insertContact(db.pool, { stage: 'prospect', heat: 'high', consentEmail: false }),
  ];
  await insertContact(db.pool, { stage: 'owner' });
});
afterAll(async () => {
  await Promise.all([env?.teardown(), db?.close()]);
});

describe('campaign start', () => {
  it('--dry-run checks the templates and counts contacts per channel, sending nothing', async () => {
    const result = await runCli(['start', 'leads', '--campaign', 'leads-dry', '--dry-run', '--json'], { env: cliEnv() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      campaign: 'leads-dry',
      kind: 'leads',
      contacts: 3,
      reach: { email: 2, post: 2, phone: 2 },
      templateErrors: [],
    });
    expect(await count('deliveries')).toBe(0);
    expect(await count(`campaigns WHERE id = 'leads-dry'`)).toBe(0);
  });

  it('refuses an unknown kind, a bad --segment and an unknown --contact (exit 2), starting nothing', async () => {
    const results = await runAll(
      [
        ['start', 'fireworks', '--campaign', 'x-1'],
        ['start', 'leads', '--campaign', 'x-1', '--segment', 'stage=prospect,heat=lukewarm'],
        ['start', 'leads', '--campaign', 'x-1', '--segment', 'colour=red'],
        ['start', 'leads', '--campaign', 'x-1', '--contact', String(prospects[0]), '999999'],
      ],
      { env: cliEnv() },
    );
    expect(results.map((r) => [r.code, r.stdout, r.stderr])).toEqual([
      [2, '', "campaign: 'fireworks' is neither a defined campaign (see 'campaign list') nor a kind (leads, inspection, greetings)\n"],
      [2, '', "campaign: --segment: heat must be one of high, low, got 'lukewarm'\n"],
      [2, '', "campaign: --segment: unknown field 'colour' (use heat, tier, source, city, dealer, centre, model, title, industry; several values as a|b)\n"],
      [2, '', 'campaign: unknown contact: 999999\n'],
    ]);
    expect(await count(`campaigns WHERE id = 'x-1'`)).toBe(0);
    await expect(env.client.workflow.getHandle(contactWorkflowId('lead-routing', 'x-1', prospects[0]!)).describe()).rejects.toThrow(/not found/i);
  });

  it('starts one run per contact; starting again starts nothing new; status shows the runs', async () => {
    const args = ['start', 'leads', '--campaign', 'leads-1', '--contact', String(prospects[0]), String(prospects[1]), '--json'];
    const first = await runCli(args, { env: cliEnv() });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const ids = prospects.slice(0, 2).map((id) => contactWorkflowId('lead-routing', 'leads-1', id));
    expect(JSON.parse(first.stdout)).toEqual({ started: ids, running: [], finished: [] });

    const [again, status] = await runAll(
      [args, ['status', 'leads-1', '--json']],
      { env: cliEnv() },
    );
    expect(again!.code).toBe(0);
    expect(JSON.parse(again!.stdout)).toEqual({ started: [], running: ids, finished: [] });
    expect(status!.code).toBe(0);
    expect(JSON.parse(status!.stdout)).toMatchObject({ campaignId: 'leads-1', stages: { targeted: 2 }, runs: { RUNNING: 2 } });
    for (const id of ids) expect((await env.client.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');
    expect(await count('deliveries')).toBe(0); // no worker: started, nothing sent yet

    // The campaign list shows each campaign's state from its runs: running, then ended once all closed.
    const listed = async () => (await runCli(['status'], { env: cliEnv() })).stdout;
    expect(await listed()).toMatch(/^leads-1 +lead-routing, running, 2 running$/m);
    for (const id of ids) await env.client.workflow.getHandle(id).terminate('test over');
    expect(await listed()).toMatch(/^leads-1 +lead-routing, ended, 2 terminated$/m);
  });

  // Checked against the development server only: what an official server says of a task queue's
  // pollers is not part of what this suite compares.
  it.skipIf(process.env.TEMPORAL_TEST_SERVER === 'official')('status says whether any worker polls the task queue, and warns when runs wait for one', async () => {
    const start = await runCli(['start', 'leads', '--campaign', 'leads-w', '--contact', String(prospects[0])], { env: cliEnv() });
    expect(start.code).toBe(0);
    const status = await runCli(['status', 'leads-w'], { env: cliEnv() });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^workers +none polling ${taskQueue} in the last 5 minutes: the 1 running run\\(s\\) wait until one starts \\(npm run worker\\)$`, 'm'));

    // A worker polls (for activity tasks, so it takes none of the waiting workflow tasks).
    const identity = `ops-check@${process.pid}`;
    await env.connection
      .withDeadline(Date.now() + 300, () => env.client.workflowService.pollActivityTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity }))
      .catch(() => undefined);
    const [text, json] = await runAll([['status', 'leads-w'], ['status', 'leads-w', '--json']], { env: cliEnv() });
    expect(text!.stdout).toMatch(new RegExp(`^workers +1 polling ${taskQueue}: ${identity} \\(\\d+ s ago\\)$`, 'm'));
    expect(JSON.parse(json!.stdout).workers).toEqual([{ identity, lastPolledAt: expect.any(String) }]);
    await env.client.workflow.getHandle(contactWorkflowId('lead-routing', 'leads-w', prospects[0]!)).terminate('test over');
  });
});

describe('campaign status, reply and schedule', () => {
  it('refuse an unknown campaign, an unknown code, a malformed cron and an unknown time zone (exit 2)', async () => {
    const [status, reply, cron, zone] = await runAll(
      [
        ['status', 'no-such-campaign'],
        ['reply', 'ZZZZ9999ZZZZ', 'test-drive'],
        ['schedule', 'create', 'year-end-greetings', '--cron', 'every december'],
        ['schedule', 'create', 'year-end-greetings', '--timezone', 'Mars/Olympus_Mons'],
      ],
      { env: cliEnv() },
    );
    expect(status).toMatchObject({ code: 2, stdout: '', stderr: "campaign: unknown campaign 'no-such-campaign'\n" });
    expect(reply).toMatchObject({ code: 2, stdout: '' });
    expect(reply!.stderr).toMatch(/unknown or invalid code/);
    expect(cron).toMatchObject({ code: 2, stdout: '' });
    expect(cron!.stderr).toBe("campaign: --cron: 'every december' is not a cron expression (minute hour day month weekday)\n");
    expect(zone).toMatchObject({ code: 2, stdout: '', stderr: "campaign: --timezone: unknown time zone 'Mars/Olympus_Mons'\n" });
    const schedules: string[] = [];
    for await (const s of env.client.schedule.list()) schedules.push(s.scheduleId);
    expect(schedules).toEqual([]);
  });

  it('reply with a real code routes the lead at once; the same card a second time is refused', async () => {
    const contact = prospects[2]!;
    await db.pool.query(`INSERT INTO reply_cards (campaign_id, contact_id, response_code) VALUES ('leads-1', $1, 'R8PX2K7QWM4T')`, [contact]);
    const first = await runCli(['reply', 'R8PX2K7QWM4T', 'test-drive', '--json'], { env: cliEnv() });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const workflowId = contactWorkflowId('reply-follow-up', 'leads-1', contact);
    expect(JSON.parse(first.stdout)).toEqual({ accepted: true, workflowId });
    expect((await env.client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
    const { rows } = await db.pool.query(`SELECT channel, answers->>'wantsTestDrive' AS test_drive FROM reply_cards WHERE response_code = 'R8PX2K7QWM4T'`);
    expect(rows).toEqual([{ channel: 'data-entry', test_drive: 'true' }]);

    const second = await runCli(['reply', 'R8PX2K7QWM4T', 'not-interested'], { env: cliEnv() });
    expect(second).toMatchObject({ code: 2, stdout: 'not taken: this card was already answered\n' });
  });

  it('schedule create, describe and delete a seasonal run', async () => {
    const created = await runCli(['schedule', 'create', 'december-inspection', '--id', 'dec-check', '--json'], { env: cliEnv() });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const summary = JSON.parse(created.stdout);
    expect(summary).toMatchObject({ id: 'dec-check', paused: false, preset: 'december-inspection' });
    // 1 December 09:00 in Asia/Shanghai is 01:00 UTC.
    expect(summary.nextRuns[0]).toMatch(/^\d{4}-12-01T01:00:00\.000Z$/);

    const [duplicate, described] = await runAll(
      [
        ['schedule', 'create', 'december-inspection', '--id', 'dec-check'],
        ['schedule', 'describe', 'dec-check'],
      ],
      { env: cliEnv() },
    );
    expect(duplicate).toMatchObject({ code: 2, stderr: "campaign: schedule 'dec-check' already exists\n" });
    expect(described!.code).toBe(0);
    expect(described!.stdout).toMatch(/^schedule\s+dec-check \(december-inspection\)$/m);

    const [deleted, gone] = [await runCli(['schedule', 'delete', 'dec-check'], { env: cliEnv() }), await runCli(['schedule', 'describe', 'dec-check'], { env: cliEnv() })];
    expect(deleted).toMatchObject({ code: 0, stdout: 'delete: dec-check\n' });
    expect(gone).toMatchObject({ code: 2, stderr: "campaign: unknown schedule 'dec-check'\n" });
  });

  it('exits 3 naming the address when Temporal cannot be reached, still showing the funnel and what Postgres last knew', async () => {
    // A campaign seen running (no worker runs it), beside leads-1, seen ended above.
    expect((await runCli(['start', 'leads', '--campaign', 'leads-open', '--contact', String(prospects[0])], { env: cliEnv() })).code).toBe(0);
    expect((await runCli(['status'], { env: cliEnv() })).stdout).toMatch(/^leads-open +lead-routing, running, 1 running$/m);

    const offline = { ...cliEnv(), TEMPORAL_ADDRESS: '127.0.0.1:1', DISPLAY_TIME_ZONE: 'Asia/Shanghai' };
    const [result, list, schedules] = await runAll([['status', 'leads-1'], ['status'], ['schedule', 'list']], { env: offline });
    expect(schedules).toMatchObject({ code: 3, stdout: '' });
    expect(schedules!.stderr).toBe('campaign: cannot reach Temporal at 127.0.0.1:1: connection refused\n');
    expect(result!.code).toBe(3);
    expect(result!.stdout).toMatch(/^campaign leads-1\nstate +ended\ntargeted +2\n/);
    expect(result!.stderr).toBe('campaign: runs not shown: cannot reach Temporal at 127.0.0.1:1: connection refused\n');
    // An ended campaign is never "running"; an open one is said not known, with when it was last seen.
    expect(list!.code).toBe(3);
    expect(list!.stdout).toMatch(/^leads-1 +lead-routing, ended$/m);
    expect(list!.stdout).toMatch(/^leads-open +lead-routing, not known now \(Temporal unreachable\); running when last seen, \d{4}-\d\d-\d\d \d\d:\d\d Asia\/Shanghai$/m);
    await env.client.workflow.getHandle(contactWorkflowId('lead-routing', 'leads-open', prospects[0]!)).terminate('test over');
  });

  it('has help for every command', async () => {
    const commands = ['start', 'status', 'pause', 'reply', 'book', 'call-outcome', 'schedule'];
    const results = await runAll([['--help'], ...commands.map((c) => [c, '--help']), ['schedule', 'create', '--help']]);
    for (const r of results) expect(r).toMatchObject({ code: 0, stderr: '' });
    const [main, ...rest] = results.map((r) => r.stdout);
    const listed = ['start', 'status', 'contact', 'pause', 'resume', 'cancel', 'reply', 'book', 'unbook', 'call-outcome', 'schedule', 'import', 'preview', 'attendance', 'slots', 'suppress'];
    for (const command of listed) expect(main).toMatch(new RegExp(`^  ${command} `, 'm'));
    commands.forEach((command, i) => expect(rest[i]).toContain(`Usage: campaign ${command} `));
    const help = Object.fromEntries(commands.map((c, i) => [c, rest[i]!]));
    expect(help.start).toContain('--dry-run');
    expect(help.status).toContain('--follow');
    expect(help.reply).toContain('test-drive | material | not-interested');
    expect(help['call-outcome']).toContain('reached-interested | reached-refused | no-answer');
    for (const sub of ['create', 'list', 'describe', 'pause', 'unpause', 'trigger', 'delete']) expect(help.schedule).toMatch(new RegExp(`^  ${sub}`, 'm'));
    expect(rest.at(-1)).toContain('--cron <expression>');
  });
});
