/**
 * `campaign book`, `unbook`, `call-outcome`, `pause`, `resume`, `cancel`, `failed list` and
 * `replay` as a user runs them (the built binary, its own process) against the whole engine in
 * tests: a real SDK worker on the development server in time-skipping mode, a fresh database,
 * SMTP on loopback and the call-centre simulator. Each asserts what the user sees (output, exit
 * code) and the effect: the booking in Postgres and in the workflow's state, the e-mail at the
 * SMTP server, the lead routed by a call outcome, the broadcast's progress. Bad input exits 2 and
 * changes nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { registerCampaign, startGreetings, startInspection, type GreetingsDetails } from '../../client/start.js';
import { broadcastWorkflowId, contactWorkflowId } from '../../lib/temporal-names.js';
import { progressQuery, type greetings } from '../../workflows/greetings.js';
import { inspectionStatusQuery, type InspectionStatus } from '../../workflows/inspection.js';
import { followUpStatusQuery, type replyFollowUp } from '../../workflows/reply-follow-up.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { insertCampaign, insertContact, insertOwner, insertServiceCentre, insertSlot, type ContactSeed } from '../helpers/seed.js';
import { until } from '../helpers/until.js';
import { runAll, runCli, type Invocation } from './run-cli.js';

let engine: TestEngine;
let centre: number;
const DAY = 86_400_000;
const INSPECTION = { offerPeriod: '30 days', reminderBefore: '1 day', followUpAfter: '1 day' } as const;

beforeAll(async () => {
  engine = await startTestEngine();
  centre = await insertServiceCentre(engine.db.pool, '上海浦东服务中心');
});
afterAll(async () => engine?.close());

const cliEnv = (): Record<string, string> => ({ DATABASE_URL: engine.db.url, TEMPORAL_ADDRESS: engine.env.address, TASK_QUEUE: engine.taskQueue });
const cli = (...args: string[]) => runCli(args, { env: cliEnv() });
const clis = (commands: Invocation[]) => runAll(commands, { env: cliEnv() });

async function mailsTo(address: string) {
  return (await engine.smtp.messages()).filter((m) => m.to.includes(address));
}

async function rows<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await engine.db.pool.query(text, values)).rows as T[];
}

describe('campaign book and unbook', () => {
  /** An owner with a car, as an inspection offer needs. */
  const owner = (email: string, extra: ContactSeed = {}): Promise<number> => insertOwner(engine.db.pool, { email, ...extra });
  const statusOf = (campaignId: string, contactId: number): Promise<InspectionStatus> =>
    engine.realtime.workflow.getHandle(contactWorkflowId('inspection', campaignId, contactId)).query(inspectionStatusQuery);
  /** Starts the offers and returns each owner's booking code once the offer is out. */
  async function offer(campaignId: string, owners: number[]): Promise<string[]> {
    await startInspection(engine.client, campaignId, owners, INSPECTION);
    const codes: string[] = [];
    for (const id of owners) {
      const status = await until(() => statusOf(campaignId, id), (s) => s.stage === 'sent', 'the offer');
      codes.push(status.bookingCode!);
    }
    return codes;
  }
  const bookingsOf = (contactId: number) =>
    rows<{ id: number; slot_id: number; status: string }>(`SELECT id, slot_id, status FROM inspection_bookings WHERE contact_id = $1 ORDER BY id`, [contactId]);
  const placesTaken = async (slotId: number) => (await rows<{ booked: number }>(`SELECT booked FROM inspection_slots WHERE id = $1`, [slotId]))[0]!.booked;

  it('books by the code on the offer, confirms by e-mail; unbook frees the place; a new booking is confirmed again', async () => {
    const now = await engine.env.currentTimeMs();
    const first = await insertSlot(engine.db.pool, centre, new Date(now + 10 * DAY).toISOString(), 2);
    const second = await insertSlot(engine.db.pool, centre, new Date(now + 12 * DAY).toISOString(), 2);
    const email = 'book@cli.example';
    const id = await owner(email, { language: 'en', name: 'Emily Chen' });
    await engine.withWorker(async () => {
      const [code] = await offer('insp-book', [id]);
      // The code the user types is the one printed on the offer the owner received.
      const [offerMail] = await mailsTo(email);
      expect(offerMail!.parsed.text).toContain(code);

      const booked = await cli('book', code!, String(first));
      expect(booked.stderr).toBe('');
      expect(booked.code).toBe(0);
      const [booking] = await bookingsOf(id);
      expect(booking).toMatchObject({ slot_id: first, status: 'booked' });
      const startsAt = new Date(now + 10 * DAY).toISOString();
      // The slot's minute in the owner's own zone, named, as the confirmation tells the owner.
      const inShanghai = `${new Date(startsAt).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16)} Asia/Shanghai`;
      expect(booked.stdout).toBe(`booked: slot ${first} at 上海浦东服务中心, ${inShanghai} (booking ${booking!.id})\n`);
      expect(await placesTaken(first)).toBe(1);
      const status = await until(() => statusOf('insp-book', id), (s) => s.stage === 'appointment', 'the appointment stage');
      expect(status.booking).toEqual({ ok: true, bookingId: booking!.id, slotId: first, serviceCentre: '上海浦东服务中心', startsAt });
      const [, confirmation] = await until(() => mailsTo(email), (m) => m.length === 2, 'the confirmation');
      expect(confirmation!.parsed.subject).toMatch(/^Your free inspection is booked/);
      expect(confirmation!.parsed.text).toContain('上海浦东服务中心');

      const cancelled = await cli('unbook', code!, '--json');
      expect(cancelled).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(cancelled.stdout)).toEqual({ ok: true, bookingId: booking!.id, slotId: first, serviceCentre: '上海浦东服务中心', startsAt });
      expect(await bookingsOf(id)).toEqual([{ id: booking!.id, slot_id: first, status: 'cancelled' }]);
      expect(await placesTaken(first)).toBe(0);
      expect((await statusOf('insp-book', id)).booking).toBeUndefined();
      // The owner is told, and the stage says so; the offer stays open.
      const [, , notice] = await until(() => mailsTo(email), (m) => m.length === 3, 'the cancellation notice');
      expect(notice!.parsed.subject).toBe('Your free inspection booking is cancelled');
      expect(notice!.parsed.text).toContain(code!);
      expect(await until(() => statusOf('insp-book', id), (s) => s.stage === 'cancelled', 'the cancelled stage')).toMatchObject({ stage: 'cancelled' });

      // Nothing left to cancel: said on stdout, exit 2, nothing changed.
      const again = await cli('unbook', code!);
      expect(again).toMatchObject({ code: 2, stdout: 'nothing cancelled: not-booked\n', stderr: '' });

      // A new booking after the cancellation is taken and confirmed under its own booking id.
      const rebooked = await cli('book', code!, String(second), '--json');
      expect(rebooked).toMatchObject({ code: 0, stderr: '' });
      const result = JSON.parse(rebooked.stdout);
      expect(result).toMatchObject({ ok: true, slotId: second, serviceCentre: '上海浦东服务中心', startsAt: new Date(now + 12 * DAY).toISOString() });
      expect(result.bookingId).not.toBe(booking!.id);
      expect((await bookingsOf(id)).map((b) => [b.slot_id, b.status])).toEqual([
        [first, 'cancelled'],
        [second, 'booked'],
      ]);
      expect(await placesTaken(second)).toBe(1);
      await until(() => mailsTo(email), (m) => m.length === 4, 'the second confirmation');
      const steps = await rows<{ step: string }>(`SELECT step FROM deliveries WHERE contact_id = $1 AND channel = 'email' ORDER BY id`, [id]);
      expect(steps.map((r) => r.step)).toEqual(['offer', `confirm-${booking!.id}`, `cancelled-${booking!.id}`, `confirm-${result.bookingId}`]);
      await engine.realtime.workflow.getHandle(contactWorkflowId('inspection', 'insp-book', id)).terminate('test over');
    });
  });

  it('refuses a full or unknown slot, a second booking, an unknown code and a malformed slot (exit 2), changing nothing', async () => {
    const now = await engine.env.currentTimeMs();
    const last = await insertSlot(engine.db.pool, centre, new Date(now + 14 * DAY).toISOString(), 1);
    const [a, b] = [await owner('first@cli.example'), await owner('second@cli.example')];
    await engine.withWorker(async () => {
      const [codeA, codeB] = await offer('insp-refuse', [a, b]);
      expect(await cli('book', codeA!, String(last))).toMatchObject({ code: 0, stderr: '' });

      const results = await clis([
        ['book', codeB!, String(last)],
        ['book', codeB!, '999999'],
        ['book', codeA!, String(last)],
        ['book', 'ZZZZ9999ZZZZ', String(last)],
        ['book', codeB!, 'abc'],
        ['book', codeB!],
        ['unbook', 'ZZZZ9999ZZZZ'],
      ]);
      expect(results.map((r) => [r.code, r.stdout, r.stderr])).toEqual([
        [2, 'not booked: full\n', ''],
        [2, 'not booked: unknown-slot\n', ''],
        [2, 'not booked: already-booked\n', ''],
        [2, '', 'campaign: unknown or invalid code\n'],
        [2, '', "campaign: slot must be a positive whole number, got 'abc'\n"],
        [2, '', "error: missing required argument 'slot'\n(run with --help for usage)\n"],
        [2, '', 'campaign: unknown or invalid code\n'],
      ]);
      // Nothing changed: A keeps the one place, B has no booking, in Postgres and in the workflows.
      expect((await bookingsOf(a)).map((r) => [r.slot_id, r.status])).toEqual([[last, 'booked']]);
      expect(await bookingsOf(b)).toEqual([]);
      expect(await placesTaken(last)).toBe(1);
      expect((await statusOf('insp-refuse', a)).booking).toMatchObject({ slotId: last });
      expect((await statusOf('insp-refuse', b)).booking).toBeUndefined();

      // An offer that has ended takes no booking.
      await engine.realtime.workflow.getHandle(contactWorkflowId('inspection', 'insp-refuse', b)).terminate('offer withdrawn');
      const closed = await cli('book', codeB!, String(last));
      expect(closed).toMatchObject({ code: 2, stdout: '' });
      expect(closed.stderr).toBe('campaign: not booked: this inspection offer has ended\n');
      expect(await bookingsOf(b)).toEqual([]);

      // A wrong code is bad input even when Temporal cannot be reached: the code is checked first.
      const offline = await runCli(['book', 'ZZZZ9999ZZZZ', String(last)], { env: { ...cliEnv(), TEMPORAL_ADDRESS: '127.0.0.1:1' } });
      expect(offline).toMatchObject({ code: 2, stdout: '', stderr: 'campaign: unknown or invalid code\n' });

      // A reply code from another kind of campaign is no booking code.
      await engine.db.pool.query(`INSERT INTO campaigns (id, kind, name) VALUES ('leads-not-booking', 'lead-routing', 'leads')`);
      await engine.db.pool.query(`INSERT INTO reply_cards (campaign_id, contact_id, response_code) VALUES ('leads-not-booking', $1, 'LEADCODE1234')`, [a]);
      expect(await cli('book', 'LEADCODE1234', String(last))).toMatchObject({ code: 2, stdout: '', stderr: 'campaign: unknown or invalid code\n' });
      await engine.realtime.workflow.getHandle(contactWorkflowId('inspection', 'insp-refuse', a)).terminate('test over');
    });
  });
});

describe('campaign call-outcome', () => {
  afterEach(() => engine.calls.setDelay(0));
  const CAMPAIGN = 'leads-calls';
  const followUp = (contactId: number) => engine.realtime.workflow.getHandle<typeof replyFollowUp>(contactWorkflowId('reply-follow-up', CAMPAIGN, contactId));

  /** A hot prospect whose reply card asks for a test drive, keyed in with `campaign reply`: the call centre gets a task. */
  async function prospectAwaitingCall(code: string): Promise<{ id: number; taskId: string }> {
    const id = await insertContact(engine.db.pool, { stage: 'prospect', heat: 'high', email: `${code.toLowerCase()}@cli.example` });
    await registerCampaign(engine.db.pool, { id: CAMPAIGN, kind: 'lead-routing' }, [id]);
    await engine.db.pool.query(`INSERT INTO reply_cards (campaign_id, contact_id, response_code) VALUES ($1, $2, $3)`, [CAMPAIGN, id, code]);
    expect(await cli('reply', code, 'test-drive')).toMatchObject({ code: 0, stderr: '' });
    const [task] = await until(
      async () => engine.calls.tasks().filter((t) => t.contactId === id),
      (tasks) => tasks.length === 1,
      'the call task',
    );
    expect(task).toMatchObject({ purpose: 'test-drive-booking', attempt: 1 });
    // The engine has recorded the centre's task id: the id an agent reports against.
    await until(() => rows(`SELECT 1 FROM call_tasks WHERE provider_task_id = $1`, [task!.taskId]), (r) => r.length === 1, 'the call task record');
    return { id, taskId: task!.taskId };
  }

  it('reached-interested ends the follow-up with a dealer appointment; reached-refused closes the lead as lost', async () => {
    engine.calls.setDelay(10 * 60_000); // the simulated centre stays silent: the agent reports through the CLI
    await engine.withWorker(async () => {
      const interested = await prospectAwaitingCall('CALLYES00001');
      const refused = await prospectAwaitingCall('CALLNO000001');

      const [yes, no] = await clis([
        ['call-outcome', interested.taskId, 'reached-interested', '--notes', 'test drive Saturday 10:00, 上海浦东4S店'],
        ['call-outcome', refused.taskId, 'reached-refused', '--json'],
      ]);
      expect(yes).toMatchObject({ code: 0, stderr: '', stdout: `outcome recorded for call task ${interested.taskId}\n` });
      expect(no).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(no!.stdout)).toEqual({ taskId: refused.taskId, outcome: 'reached-refused', accepted: true, routed: true });

      expect(await followUp(interested.id).result()).toEqual({ state: 'appointment', reason: 'dealer appointment booked by the call centre' });
      expect(await followUp(refused.id).result()).toEqual({ state: 'lost', reason: 'refused on the follow-up call' });
      const recorded = await rows(`SELECT provider_task_id, outcome, notes FROM call_outcomes ORDER BY provider_task_id`);
      expect(recorded).toEqual(
        [
          { provider_task_id: interested.taskId, outcome: 'reached-interested', notes: 'test drive Saturday 10:00, 上海浦东4S店' },
          { provider_task_id: refused.taskId, outcome: 'reached-refused', notes: null },
        ].sort((x, y) => x.provider_task_id.localeCompare(y.provider_task_id)),
      );
      // The same task reported again after the follow-up ended: the first report stands, exit 2.
      const repeated = await cli('call-outcome', interested.taskId, 'reached-refused');
      expect(repeated).toMatchObject({ code: 2, stderr: '', stdout: `not taken: call task ${interested.taskId} already has its outcome on record\n` });
      expect(await rows(`SELECT outcome FROM call_outcomes WHERE provider_task_id = $1`, [interested.taskId])).toEqual([{ outcome: 'reached-interested' }]);
      const stages = await rows(`SELECT contact_id, stage FROM campaign_contacts WHERE campaign_id = $1 ORDER BY contact_id`, [CAMPAIGN]);
      expect(stages).toEqual([
        { contact_id: interested.id, stage: 'appointment' },
        { contact_id: refused.id, stage: 'lost' },
      ]);
    });
  });

  it('no-answer puts the next attempt with the call centre, on another day', async () => {
    engine.calls.setDelay(10 * 60_000);
    await engine.withWorker(async () => {
      const lead = await prospectAwaitingCall('CALLNONE0001');
      expect(await cli('call-outcome', lead.taskId, 'no-answer')).toMatchObject({ code: 0, stderr: '', stdout: `outcome recorded for call task ${lead.taskId}\n` });
      const tasks = await until(async () => engine.calls.tasks().filter((t) => t.contactId === lead.id), (t) => t.length === 2, 'the second call task');
      expect(tasks.map((t) => t.attempt)).toEqual([1, 2]);
      expect(tasks[1]!.window.notBefore.slice(0, 10) > tasks[0]!.window.notBefore.slice(0, 10)).toBe(true);
      expect(await followUp(lead.id).query(followUpStatusQuery)).toMatchObject({ stage: 'called', callAttempts: 2, replied: true });

      // An outcome reported after the follow-up has ended is kept on record, and said to route nothing.
      await followUp(lead.id).terminate('closed by hand');
      const late = await cli('call-outcome', tasks[1]!.taskId, 'reached-interested', '--json');
      expect(late).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(late.stdout)).toEqual({ taskId: tasks[1]!.taskId, outcome: 'reached-interested', accepted: true, routed: false });
      expect(await rows(`SELECT outcome FROM call_outcomes WHERE provider_task_id = $1`, [tasks[1]!.taskId])).toEqual([{ outcome: 'reached-interested' }]);
    });
  });

  it('refuses an unknown task and an unknown outcome (exit 2), recording nothing', async () => {
    const before = await rows(`SELECT provider_task_id, outcome FROM call_outcomes ORDER BY id`);
    const [unknownTask, badOutcome, missing] = await clis([
      ['call-outcome', 'no-such-task', 'reached-interested'],
      ['call-outcome', 'no-such-task', 'maybe-later'],
      ['call-outcome', 'no-such-task'],
    ]);
    expect(unknownTask).toMatchObject({ code: 2, stdout: '', stderr: "campaign: unknown call task 'no-such-task'\n" });
    expect(badOutcome).toMatchObject({
      code: 2,
      stdout: '',
      stderr: "campaign: outcome must be one of reached-interested, reached-refused, no-answer, got 'maybe-later'\n",
    });
    expect(missing).toMatchObject({ code: 2, stdout: '', stderr: "error: missing required argument 'outcome'\n(run with --help for usage)\n" });
    expect(await rows(`SELECT provider_task_id, outcome FROM call_outcomes ORDER BY id`)).toEqual(before);
  });
});

describe('campaign pause, resume and cancel', () => {
  const DETAILS: GreetingsDetails = {
    trip: { destination: 'Hainan', startsOn: '2027-03-10', endsOn: '2027-03-14', rsvpUrl: 'https://example.com/trip', rsvpBy: '2027-02-01' },
    gift: { description: 'a car care kit', delivery: 'by courier before the holiday' },
  };
  /** A broadcast of 6 owners, 2 a page, slow enough (0.2/s, held clock) that it waits between pages for a command. */
  async function broadcast(campaignId: string, domain: string): Promise<WorkflowHandle<typeof greetings>> {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await insertContact(engine.db.pool, { email: `owner${i}@${domain}`, consentPost: false }));
    // A broadcast greets every owner on file: earlier tests' owners are moved aside.
    await engine.db.pool.query(`UPDATE contacts SET stage = 'prospect' WHERE stage = 'owner' AND NOT (id = ANY($1::int[]))`, [ids]);
    await startGreetings(engine.client, { campaignId, occasion: 'christmas-new-year', step: 'xmas-2026', pageSize: 2, ratePerSecond: 0.2 }, DETAILS);
    const handle = engine.realtime.workflow.getHandle<typeof greetings>(broadcastWorkflowId('greetings', campaignId));
    await until(() => handle.query(progressQuery), (p) => p.sent === 2, 'the first page');
    return handle;
  }
  const mailsToDomain = async (domain: string) => (await engine.smtp.messages()).filter((m) => m.to[0]!.endsWith(`@${domain}`));

  it('pause holds a broadcast between pages with its reason; resume sends the rest, each owner once', async () => {
    await engine.withWorker(async () => {
      const handle = await broadcast('xmas-cli-pause', 'pause.cli.example');
      const paused = await cli('pause', 'xmas-cli-pause', '--reason', 'artwork check');
      expect(paused).toMatchObject({ code: 0, stderr: '', stdout: 'pause: sent to xmas-cli-pause\n' });
      const progress = await until(() => handle.query(progressQuery), (p) => p.state === 'paused', 'the pause');
      expect(progress).toMatchObject({ state: 'paused', pauseReason: 'artwork check', sent: 2, remaining: 4, targeted: 6 });
      // status says that the broadcast is paused and why; --follow shows it and returns.
      const status = await cli('status', 'xmas-cli-pause');
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/broadcast\s+paused: artwork check \(sent 2, failed 0, skipped 0, remaining 4\)/);
      expect(JSON.parse((await cli('status', 'xmas-cli-pause', '--json')).stdout).broadcast).toMatchObject({ state: 'paused', pauseReason: 'artwork check' });
      const followed = await cli('status', 'xmas-cli-pause', '--follow');
      expect(followed.code).toBe(0);
      expect(followed.stdout + followed.stderr).toContain('paused: artwork check');

      // The wait between pages passes on the skipped clock; paused, the broadcast sends no further page.
      await engine.env.sleep('1 minute');
      await new Promise((r) => setTimeout(r, 1000));
      expect(await handle.query(progressQuery)).toMatchObject({ state: 'paused', sent: 2 });
      expect(await mailsToDomain('pause.cli.example')).toHaveLength(2);

      const resumed = await cli('resume', 'xmas-cli-pause', '--json');
      expect(resumed).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(resumed.stdout)).toEqual({ campaign: 'xmas-cli-pause', action: 'resume', accepted: true });
      const end = await engine.client.temporal.workflow.getHandle<typeof greetings>(handle.workflowId).result();
      expect(end).toMatchObject({ state: 'done', sent: 6, failed: 0, remaining: 0 });
    });
    const mails = await mailsToDomain('pause.cli.example');
    expect(new Set(mails.map((m) => m.to[0])).size).toBe(6);
    expect(mails).toHaveLength(6);
  });

  it('cancel stops a paused broadcast for good; what was sent stays recorded; it cannot be resumed', async () => {
    await engine.withWorker(async () => {
      const handle = await broadcast('xmas-cli-cancel', 'cancel.cli.example');
      expect(await cli('pause', 'xmas-cli-cancel')).toMatchObject({ code: 0, stderr: '' });
      expect(await until(() => handle.query(progressQuery), (p) => p.state === 'paused', 'the pause')).toMatchObject({
        pauseReason: 'paused by an operator',
      });
      const cancelled = await cli('cancel', 'xmas-cli-cancel');
      expect(cancelled).toMatchObject({ code: 0, stderr: '', stdout: 'cancel: sent to xmas-cli-cancel\n' });
      expect(await engine.client.temporal.workflow.getHandle<typeof greetings>(handle.workflowId).result()).toMatchObject({
        state: 'cancelled',
        sent: 2,
        remaining: 4,
      });
      const resumed = await cli('resume', 'xmas-cli-cancel');
      expect(resumed).toMatchObject({ code: 2, stdout: '', stderr: "campaign: the broadcast of 'xmas-cli-cancel' is not running\n" });
    });
    expect(await mailsToDomain('cancel.cli.example')).toHaveLength(2);
    expect(await rows(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = 'xmas-cli-cancel' AND status = 'sent'`)).toEqual([{ n: 2 }]);
  });

  it('refuses an unknown campaign, a campaign that is not a broadcast and a missing argument (exit 2); exits 3 without the database', async () => {
    await insertCampaign(engine.db.pool, 'insp-not-broadcast', 'inspection');
    const [unknown, notBroadcast, missing, noDatabase] = await clis([
      ['pause', 'no-such-campaign'],
      ['cancel', 'insp-not-broadcast'],
      ['resume'],
      { args: ['pause', 'xmas-cli-pause'], env: { ...cliEnv(), DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } },
    ]);
    expect(unknown).toMatchObject({ code: 2, stdout: '', stderr: "campaign: unknown campaign 'no-such-campaign'\n" });
    expect(notBroadcast).toMatchObject({ code: 2, stdout: '', stderr: "campaign: campaign 'insp-not-broadcast' is an inspection campaign, not a broadcast\n" });
    expect(missing).toMatchObject({ code: 2, stdout: '', stderr: "error: missing required argument 'campaign'\n(run with --help for usage)\n" });
    expect(noDatabase).toMatchObject({ code: 3, stdout: '' });
    expect(noDatabase!.stderr).toMatch(/^campaign: cannot reach the database \(127\.0\.0\.1:1\): .+\n$/);
  });
});

describe('campaign failed list and replay', () => {
  it('lists failed pieces by filter; replay --dry-run sends nothing; replay re-sends with the same Message-ID, skips the bounced, exits 4 while some fail again', async () => {
    const domain = 'failed.cli.example';
    const names = ['fine', 'unknown', 'refused-once', 'refused-twice'];
    const ids: Record<string, number> = {};
    for (const name of names) ids[name] = await insertContact(engine.db.pool, { name: `Owner ${name}`, email: `${name}@${domain}`, consentPost: false });
    await engine.db.pool.query(`UPDATE contacts SET stage = 'prospect' WHERE stage = 'owner' AND NOT (id = ANY($1::int[]))`, [Object.values(ids)]);
    engine.smtp.fault(`unknown@${domain}`, 'mailbox-unknown', 5);
    engine.smtp.fault(`refused-once@${domain}`, 'rejected', 1);
    engine.smtp.fault(`refused-twice@${domain}`, 'rejected', 2);
    await engine.withWorker(async () => {
      await startGreetings(engine.client, { campaignId: 'xmas-cli-failed', occasion: 'christmas-new-year', step: 'xmas-2026', errorThreshold: 0.9 });
      const end = await engine.client.temporal.workflow.getHandle<typeof greetings>(broadcastWorkflowId('greetings', 'xmas-cli-failed')).result();
      expect(end).toMatchObject({ state: 'done', sent: 1, failed: 3 });
    });
    const deliveryOf = async (name: string) =>
      (await rows<{ id: number; status: string }>(`SELECT id, status FROM deliveries WHERE campaign_id = 'xmas-cli-failed' AND contact_id = $1`, [ids[name]]))[0]!;
    const failedIds = [await deliveryOf('unknown'), await deliveryOf('refused-once'), await deliveryOf('refused-twice')].map((d) => d.id);

    const [all, only550, limited, post, longAgo, fax, since, limit, replayFax] = await clis([
      ['failed', 'list', '--campaign', 'xmas-cli-failed'],
      ['failed', 'list', '--campaign', 'xmas-cli-failed', '--error', '550', '--json'],
      ['failed', 'list', '--campaign', 'xmas-cli-failed', '--limit', '1', '--json'],
      ['failed', 'list', '--campaign', 'xmas-cli-failed', '--channel', 'post'],
      ['failed', 'list', '--campaign', 'xmas-cli-failed', '--until', '2000-01-01'],
      ['failed', 'list', '--channel', 'fax'],
      ['failed', 'list', '--since', 'yesterday'],
      ['failed', 'list', '--limit', '0'],
      ['replay', '--campaign', 'xmas-cli-failed', '--channel', 'fax'],
    ]);
    expect(all).toMatchObject({ code: 0, stderr: '' });
    const lines = all!.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    ['unknown', 'refused-once', 'refused-twice'].forEach((name, i) => {
      expect(lines[i]).toMatch(new RegExp(`^${failedIds[i]}  xmas-cli-failed  xmas-2026  email  contact ${ids[name]} \\(Owner ${name}\\)  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d Asia\\/Shanghai  \\S`));
    });
    expect(lines[0]).toMatch(/550/);
    expect(lines[1]).toMatch(/554/);
    expect(only550).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(only550!.stdout)).toEqual([
      expect.objectContaining({ id: failedIds[0], campaign_id: 'xmas-cli-failed', contact_id: ids.unknown, channel: 'email', reason: expect.stringMatching(/550/) }),
    ]);
    expect(JSON.parse(limited!.stdout)).toHaveLength(1);
    expect(post).toMatchObject({ code: 0, stdout: 'no failed pieces\n' });
    expect(longAgo).toMatchObject({ code: 0, stdout: 'no failed pieces\n' });
    expect(fax).toMatchObject({ code: 2, stdout: '', stderr: "campaign: --channel must be email, post or phone, got 'fax'\n" });
    expect(since).toMatchObject({ code: 2, stdout: '', stderr: "campaign: --since: 'yesterday' is not a date (use YYYY-MM-DD or an ISO time)\n" });
    expect(limit).toMatchObject({ code: 2, stdout: '', stderr: "campaign: --limit must be a positive whole number, got '0'\n" });
    expect(replayFax).toMatchObject({ code: 2, stdout: '', stderr: "campaign: --channel must be email, post or phone, got 'fax'\n" });

    // A dry run says what would go and sends nothing (no worker is even polling).
    const attemptsBefore = engine.smtp.attempts().length;
    const dry = await cli('replay', '--campaign', 'xmas-cli-failed', '--dry-run');
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    // Grouped by reason: of pieces refused the same way, one is tried first.
    expect(dry.stdout).toMatch(/^would re-send 3 failed piece\(s\); dry run: nothing was sent\n {2}2 {2}smtp 554.*\(one is tried first; if it fails the same way, the others wait\)\n {2}1 {2}smtp 550.*\n$/);
    expect(engine.smtp.attempts()).toHaveLength(attemptsBefore);
    expect((await rows(`SELECT id FROM deliveries WHERE campaign_id = 'xmas-cli-failed' AND status = 'failed' ORDER BY id`)).map((r) => r.id)).toEqual(failedIds);

    await engine.withWorker(async () => {
      // refused-twice is refused once more: done, but not all of it (exit 4), with the reason.
      const first = await cli('replay', '--campaign', 'xmas-cli-failed');
      expect(first.stderr).toBe('');
      expect(first.code).toBe(4);
      expect(first.stdout).toMatch(/^failed pieces found +3$/m);
      expect(first.stdout).toMatch(/^sent now +1$/m);
      expect(first.stdout).toMatch(/^failed again +1$/m);
      expect(first.stdout).toMatch(/^skipped \(consent, suppression\) +1$/m);
      expect(first.stdout).toMatch(/^no longer failed +0$/m);
      expect(first.stdout).toMatch(new RegExp(`^  delivery ${failedIds[2]}: .*554`, 'm'));
      expect(await deliveryOf('unknown')).toMatchObject({ status: 'skipped' }); // the bounced mailbox stays suppressed
      expect(await deliveryOf('refused-once')).toMatchObject({ status: 'sent' });
      expect(await deliveryOf('refused-twice')).toMatchObject({ status: 'failed' });

      const second = await cli('replay', '--campaign', 'xmas-cli-failed', '--json');
      expect(second).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(second.stdout)).toMatchObject({ pieces: 1, tally: { sent: 1, failedAgain: 0, skipped: 0, notFailed: 0, failures: [] } });
      const third = await cli('replay', '--campaign', 'xmas-cli-failed');
      expect(third).toMatchObject({ code: 0, stderr: '' });
      expect(third.stdout).toMatch(/^failed pieces found +0$/m);
    });

    // Each owner who may be mailed got one greeting; a re-sent one keeps its first Message-ID.
    const mails = (await engine.smtp.messages()).filter((m) => m.to[0]!.endsWith(`@${domain}`));
    expect(mails.map((m) => m.to[0]).sort()).toEqual([`fine@${domain}`, `refused-once@${domain}`, `refused-twice@${domain}`]);
    for (const name of ['refused-once', 'refused-twice']) {
      const refused = engine.smtp.attempts().find((a) => a.to.includes(`${name}@${domain}`) && a.fault === 'rejected')!;
      expect(mails.find((m) => m.to[0] === `${name}@${domain}`)!.parsed.messageId).toBe(refused.messageId);
    }
  });
});
