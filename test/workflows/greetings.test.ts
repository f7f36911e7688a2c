/**
 * Holiday greetings broadcast end to end: tier variants by e-mail and letter, continue-as-new
 * across pages, pause and resume, the error threshold, and a worker killed with SIGKILL in the
 * middle of the broadcast: exactly one greeting per owner arrives at the SMTP server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFunnel } from '../../client/funnel.js';
import { startGreetings, type GreetingsDetails } from '../../client/start.js';
import { broadcastWorkflowId } from '../../lib/temporal-names.js';
import { progressQuery, pauseSignal, resumeSignal } from '../../workflows/greetings.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { spawnWorkerProcess } from '../helpers/worker-process.js';
import { insertContact } from '../helpers/seed.js';

let engine: TestEngine;

const DETAILS: GreetingsDetails = {
  trip: { destination: 'Hainan', startsOn: '2027-03-10', endsOn: '2027-03-14', rsvpUrl: 'https://example.com/trip', rsvpBy: '2027-02-01' },
  gift: { description: 'a car care kit', delivery: 'by courier before the holiday' },
};

beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.close());

/** Owners for one test: distinct e-mail domain so tests sharing the SMTP server can tell theirs. */
async function owners(domain: string, n: number, extra: (i: number) => Parameters<typeof insertContact>[1] = () => ({})) {
  const ids: number[] = [];
  const tiers = ['gold', 'silver', 'regular'] as const;
  for (let i = 0; i < n; i++) {
    ids.push(await insertContact(engine.db.pool, { email: `owner${i}@${domain}`, tier: tiers[i % 3], consentPost: false, ...extra(i) }));
  }
  return ids;
}

async function mailsTo(domain: string) {
  return (await engine.smtp.messages()).filter((m) => m.to.some((t) => t.endsWith(`@${domain}`)));
}

/** The broadcast targets every owner in the file; earlier tests' owners are moved aside. */
async function onlyOwners(ids: number[]): Promise<void> {
  await engine.db.pool.query(`UPDATE contacts SET stage = 'prospect' WHERE stage = 'owner' AND NOT (id = ANY($1::int[]))`, [ids]);
}

describe('holiday greetings', () => {
  it('greets every owner once, by tier, by e-mail and by letter as each consents, across continue-as-new', async () => {
    const ids = await owners('tiers.example', 12, (i) => ({ consentPost: i % 4 === 0, consentEmail: i !== 5 }));
    await onlyOwners(ids);
    const result = await engine.withWorker(async () => {
      await startGreetings(engine.client, { campaignId: 'xmas-tiers', occasion: 'christmas-new-year', step: 'xmas-2026', pageSize: 3, pagesPerRun: 2 }, DETAILS);
      return engine.client.temporal.workflow.getHandle(broadcastWorkflowId('greetings', 'xmas-tiers')).result();
    });
    const mails = await mailsTo('tiers.example');
    expect(mails).toHaveLength(11); // owner 5 refused e-mail
    expect(new Set(mails.map((m) => m.to[0])).size).toBe(11);
    const gold = mails.find((m) => m.to[0] === 'owner0@tiers.example')!;
    const silver = mails.find((m) => m.to[0] === 'owner1@tiers.example')!;
    expect(gold.parsed.text).toMatch(/Hainan|海南/);
    expect(silver.parsed.text).toMatch(/car care kit/);
    expect(result).toMatchObject({ state: 'done', sent: 11 + 3, failed: 0, remaining: 0, targeted: 12 });
    const { rows } = await engine.db.pool.query(`SELECT channel, count(*)::int AS n FROM deliveries WHERE campaign_id = 'xmas-tiers' AND status = 'sent' GROUP BY channel ORDER BY channel`);
    expect(rows).toEqual([
      { channel: 'email', n: 11 },
      { channel: 'post', n: 3 },
    ]);
    // The funnel a campaign manager sees: every owner targeted, all but the one who refused e-mail (and
    // has no letter consent) sent and delivered a greeting.
    const funnel = await readFunnel(engine.db.pool, 'xmas-tiers');
    expect(funnel.stages).toMatchObject({ targeted: 12, sent: 11, delivered: 11 });
  });

  it('pauses itself when too many sends fail, says why, and resumes on signal', async () => {
    const ids = await owners('bounce.example', 12);
    await onlyOwners(ids);
    for (let i = 0; i < 6; i++) engine.smtp.fault(`owner${i}@bounce.example`, 'mailbox-unknown');
    await engine.withWorker(async () => {
      await startGreetings(engine.client, { campaignId: 'xmas-bounce', occasion: 'christmas-new-year', step: 'xmas-2026', pageSize: 12, errorThreshold: 0.2 }, DETAILS);
      const handle = engine.realtime.workflow.getHandle(broadcastWorkflowId('greetings', 'xmas-bounce'));
      let progress = await handle.query(progressQuery);
      for (let i = 0; i < 200 && progress.state !== 'paused'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        progress = await handle.query(progressQuery);
      }
      expect(progress).toMatchObject({ state: 'paused', sent: 6, failed: 6 });
      expect(progress.pauseReason).toMatch(/6 of 12 pieces failed, over the 20% threshold; most often \(6\): smtp 550/);
      await handle.signal(resumeSignal);
      expect(await handle.result()).toMatchObject({ state: 'done', sent: 6, failed: 6 });
    });
    const { rows } = await engine.db.pool.query(`SELECT count(*)::int AS n FROM suppressions WHERE reason = 'bounce'`);
    expect(rows[0].n).toBeGreaterThanOrEqual(6);
  });

  it('holds between pages while paused by an operator', async () => {
    const ids = await owners('pause.example', 6);
    await onlyOwners(ids);
    await engine.withWorker(async () => {
      await startGreetings(engine.client, { campaignId: 'xmas-pause', occasion: 'christmas-new-year', step: 'xmas-2026', pageSize: 2, ratePerSecond: 1 }, DETAILS);
      const handle = engine.realtime.workflow.getHandle(broadcastWorkflowId('greetings', 'xmas-pause'));
      await handle.signal(pauseSignal, 'checking the artwork');
      const paused = await handle.query(progressQuery);
      expect(paused).toMatchObject({ state: 'paused', pauseReason: 'checking the artwork' });
      const sentWhilePaused = paused.sent;
      await new Promise((r) => setTimeout(r, 300));
      expect((await handle.query(progressQuery)).sent).toBe(sentWhilePaused);
      await handle.signal(resumeSignal);
      expect(await engine.client.temporal.workflow.getHandle(handle.workflowId).result()).toMatchObject({ state: 'done', sent: 6 });
    });
    expect(await mailsTo('pause.example')).toHaveLength(6);
  });

  it('sends exactly one greeting per owner when the worker is killed mid-broadcast and another takes over', async () => {
    const ids = await owners('kill.example', 60);
    await onlyOwners(ids);
    const child = spawnWorkerProcess(engine, { GREETINGS_CONCURRENCY: '1', SMTP_TIMEOUT_MS: '1000', DELIVERY_LEASE_SECONDS: '1' });
    try {
      await startGreetings(
        engine.client,
        { campaignId: 'xmas-kill', occasion: 'christmas-new-year', step: 'xmas-2026', pageSize: 20, ratePerSecond: 20, pageHeartbeatTimeout: '2 seconds' },
        DETAILS,
      );
      // Kill the worker process once part of the file is greeted, in the middle of a page.
      const deadline = Date.now() + 60_000;
      while ((await mailsTo('kill.example')).length < 15) {
        if (Date.now() > deadline) throw new Error('the first worker sent nothing');
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      child.kill('SIGKILL');
    }
    const before = (await mailsTo('kill.example')).length;
    expect(before).toBeLessThan(60);
    const result = await engine.withWorker(() => engine.client.temporal.workflow.getHandle(broadcastWorkflowId('greetings', 'xmas-kill')).result());
    const mails = await mailsTo('kill.example');
    // Every owner greeted, each with one Message-ID. A message the killed worker handed to the
    // server but had not yet recorded is sent again after its lease with the same Message-ID, so
    // the receiving side sees one greeting; it is the only repeat there can be.
    const byOwner = new Map<string, Set<string>>();
    for (const m of mails) byOwner.set(m.to[0]!, (byOwner.get(m.to[0]!) ?? new Set()).add(m.parsed.messageId ?? ''));
    expect(byOwner.size).toBe(60);
    expect([...byOwner.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(mails.length).toBeLessThanOrEqual(61);
    expect(result).toMatchObject({ state: 'done', sent: 60, failed: 0 });
  }, 180_000); // a worker process to start, a sticky queue and a heartbeat to time out
});
