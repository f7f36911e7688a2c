/**
 * `campaign contact <id>`: what a call-centre agent or a service centre sees for one customer,
 * run as a user runs it against the development server (no worker: runs are started, not run)
 * and one database.
 */
import { msToTs } from '@temporalio/common/lib/time.js';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactWorkflowId } from '../../lib/temporal-names.js';
import { registerSearchAttributes } from '../../worker/search-attributes.js';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { insertContact } from '../helpers/seed.js';
import { startTimeSkippingServer } from '../helpers/temporal.js';
import { runAll, runCli } from './run-cli.js';

let env: TestWorkflowEnvironment;
let db: TestDatabase;
let customer: number;
const taskQueue = `cli-contact-${process.pid}`;
// The operator reads the engine's own times in London; the customer lives in Shanghai.
const cliEnv = (): Record<string, string> => ({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: env.address, TASK_QUEUE: taskQueue, DISPLAY_TIME_ZONE: 'Europe/London' });

beforeAll(async () => {
  [env, db] = await Promise.all([startTimeSkippingServer(), freshDatabase({ max: 2 })]);
  await registerSearchAttributes(env.client.connection, env.namespace ?? 'default');
  customer = await insertContact(db.pool, { stage: 'prospect', heat: 'high', name: 'Emily Chen', language: 'en', email: 'emily.chen@example.com', phone: '+8613812345678' });
  // A household's landline, shared by two owners.
  for (const name of ['王伟', '李娜']) await insertContact(db.pool, { name, phone: '+861065529988' });
  // The customer asked not to be called; an earlier e-mail bounced; they answered a reply card by QR code.
  await db.pool.query(`INSERT INTO suppressions (channel, contact_id, reason) VALUES ('phone', $1, 'do-not-contact')`, [customer]);
  await db.pool.query(
    `INSERT INTO deliveries (idempotency_key, campaign_id, contact_id, step, channel, status, reason, attempts, updated_at)
     VALUES ('spring/contact/pack/email', 'spring', $1, 'pack', 'email', 'failed', '550 mailbox unavailable', 3, '2026-12-03T16:01:00Z')`,
    [customer],
  );
  await db.pool.query(
    `INSERT INTO reply_cards (campaign_id, contact_id, response_code, answers, channel, replied_at)
     VALUES ('spring', $1, 'CODE-123456', '{"wants": "test-drive"}', 'qr', now())`,
    [customer],
  );
});
afterAll(async () => {
  await Promise.all([env?.teardown(), db?.close()]);
});

describe('campaign contact', () => {
  it('shows how the customer may be reached, their campaigns, pieces, replies and what runs for them', async () => {
    const started = await runCli(['start', 'leads', '--campaign', 'autumn', '--contact', String(customer)], { env: cliEnv() });
    expect(started.code).toBe(0);

    const [json, text] = await runAll([['contact', String(customer), '--json'], ['contact', String(customer)]], { env: cliEnv() });
    expect(json).toMatchObject({ code: 0, stderr: '' });
    const view = JSON.parse(json!.stdout);
    expect(view).toMatchObject({
      id: customer,
      name: 'Emily Chen',
      stage: 'prospect',
      heat: 'high',
      channels: { email: { reachable: true }, post: { reachable: true }, phone: { reachable: false, reason: 'suppressed: do-not-contact' } },
      pieces: [{ campaignId: 'spring', step: 'pack', channel: 'email', status: 'failed', reason: '550 mailbox unavailable' }],
      replies: [{ campaignId: 'spring', channel: 'qr', answers: { wants: 'test-drive' } }],
      bookings: [],
      calls: [],
      running: [{ workflowId: contactWorkflowId('lead-routing', 'autumn', customer), workflowType: 'leadRouting', campaignId: 'autumn' }],
    });
    expect(view.campaigns.map((c: { campaignId: string; stage: string | null }) => [c.campaignId, c.stage])).toEqual(
      expect.arrayContaining([
        ['autumn', 'targeted'],
        ['spring', null], // pieces only: no per-contact stage recorded
      ]),
    );

    expect(text!.code).toBe(0);
    expect(text!.stdout).toMatch(new RegExp(`^contact +${customer} Emily Chen$`, 'm'));
    expect(text!.stdout).toMatch(/^reachable +email yes; post yes; phone no \(suppressed: do-not-contact\)$/m);
    expect(text!.stdout).toMatch(new RegExp(`^running now:\\n  ${contactWorkflowId('lead-routing', 'autumn', customer)} \\(leadRouting`, 'm'));
    // The customer's piece at the minute they would name it, in their own zone, named.
    expect(text!.stdout).toMatch(/^ {2}2026-12-04 00:01 Asia\/Shanghai spring pack email failed: 550 mailbox unavailable$/m);
  });

  it('shows an activity a run keeps retrying: which, the attempt, the last failure and when it goes again', async () => {
    // Its own task queue, on which the test plays the worker with raw calls: the run's first
    // workflow task schedules a send, whose first attempt fails as a busy relay would.
    const queue = `${taskQueue}-retrying`;
    const started = await runCli(['start', 'leads', '--campaign', 'winter', '--contact', String(customer)], { env: { ...cliEnv(), TASK_QUEUE: queue } });
    expect(started.code).toBe(0);
    const svc = env.client.workflowService;
    const asWorker = { namespace: 'default', taskQueue: { name: queue }, identity: 'test-worker' };
    const wft = await svc.pollWorkflowTaskQueue(asWorker);
    expect(wft.workflowExecution?.workflowId).toBe(contactWorkflowId('lead-routing', 'winter', customer));
    await svc.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: wft.taskToken,
      identity: 'test-worker',
      commands: [
        {
          commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
          scheduleActivityTaskCommandAttributes: {
            activityId: '1',
            activityType: { name: 'sendEmail' },
            taskQueue: { name: queue },
            startToCloseTimeout: msToTs('10s'),
            retryPolicy: { initialInterval: msToTs('10m'), backoffCoefficient: 2, maximumAttempts: 10 },
          },
        },
      ],
    });
    const attempt = await svc.pollActivityTaskQueue(asWorker);
    await svc.respondActivityTaskFailed({ namespace: 'default', taskToken: attempt.taskToken, identity: 'test-worker', failure: { message: '421 4.7.0 try again later', applicationFailureInfo: { type: 'SmtpError' } } });

    const [json, text] = await runAll([['contact', String(customer), '--json'], ['contact', String(customer)]], { env: cliEnv() });
    const run = JSON.parse(json!.stdout).running.find((r: { campaignId: string }) => r.campaignId === 'winter');
    expect(run.retrying).toEqual([{ activity: 'sendEmail', attempt: 2, lastFailure: '421 4.7.0 try again later', nextAttemptAt: expect.any(String) }]);
    const wait = Date.parse(run.retrying[0].nextAttemptAt) - Date.now();
    expect(wait).toBeGreaterThan(500_000); // ten minutes' backoff, less the test's own time
    expect(wait).toBeLessThanOrEqual(600_000);
    expect(text!.stdout).toMatch(/^ {4}retrying sendEmail: attempt 2, last failure: 421 4\.7\.0 try again later; next attempt \d{4}-\d\d-\d\d \d\d:\d\d Europe\/London$/m);
    await env.client.workflow.getHandle(run.workflowId).terminate('test over');
  });

  it('finds the customer by e-mail or phone as they give it; a shared number lists its contacts', async () => {
    const [byEmail, byPhone, shared] = await runAll(
      [
        ['contact', 'Emily.Chen@Example.com', '--json'],
        ['contact', '138 1234 5678', '--json'],
        ['contact', '010-6552 9988'],
      ],
      { env: cliEnv() },
    );
    expect(JSON.parse(byEmail!.stdout)).toMatchObject({ id: customer, name: 'Emily Chen' });
    expect(JSON.parse(byPhone!.stdout)).toMatchObject({ id: customer, name: 'Emily Chen' });
    expect(shared).toMatchObject({ code: 2, stdout: '' });
    expect(shared!.stderr).toMatch(/^campaign: 2 contacts have 010-6552 9988: \d+ 王伟, \d+ 李娜; give the id\n$/);
  });

  it('refuses an unknown contact or what is not an id, e-mail or phone (exit 2), and without Temporal shows the rest and exits 3', async () => {
    const [unknown, unknownEmail, bad] = await runAll([['contact', '999999'], ['contact', 'nobody@example.com'], ['contact', 'emily']], { env: cliEnv() });
    expect(unknown).toMatchObject({ code: 2, stdout: '', stderr: 'campaign: no contact 999999\n' });
    expect(unknownEmail).toMatchObject({ code: 2, stdout: '', stderr: 'campaign: no contact with nobody@example.com\n' });
    expect(bad).toMatchObject({ code: 2, stdout: '', stderr: "campaign: 'emily' is not a contact id, an e-mail address or a phone number\n" });

    const offline = await runCli(['contact', String(customer)], { env: { ...cliEnv(), TEMPORAL_ADDRESS: '127.0.0.1:1' } });
    expect(offline.code).toBe(3);
    expect(offline.stderr).toMatch(/^campaign: running workflows not shown: cannot reach Temporal at 127\.0\.0\.1:1: .+\n$/);
    expect(offline.stdout).toMatch(/^ {2}2026-12-04 00:01 Asia\/Shanghai spring pack email failed: 550 mailbox unavailable$/m);
    expect(offline.stdout).not.toContain('running now');
  });
});
