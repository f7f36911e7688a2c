/**
 * Faults at the edges, each with nothing lost and nothing doubled: SMTP answers 4xx (retried),
 * 5xx for an unknown mailbox (failed, recorded, suppressed) and 554 (failed), the call centre
 * down for a while (the call task waits and is made once); then a replay of the failed pieces
 * re-sends what may go, with the same Message-ID, and nothing that was sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContactView } from '../../client/contact-view.js';
import { listFailed, replayFailedPieces } from '../../client/failed.js';
import { registerCampaign, startGreetings } from '../../client/start.js';
import { broadcastWorkflowId, contactWorkflowId } from '../../lib/temporal-names.js';
import { replyFollowUp, replySignal } from '../../workflows/reply-follow-up.js';
import { DEFAULT_FOLLOW_UP } from '../../workflows/support/settings.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { insertContact } from '../helpers/seed.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.close());

const DETAILS = {
  trip: { destination: 'Hainan', startsOn: '2027-03-10', endsOn: '2027-03-14', rsvpUrl: 'https://example.com/trip', rsvpBy: '2027-02-01' },
  gift: { description: 'a car care kit', delivery: 'by courier' },
};

describe('faults and replay', () => {
  it('retries 4xx, records and suppresses an unknown mailbox, records a 554; a replay re-sends only what may go', async () => {
    const ids: number[] = [];
    for (const name of ['busy', 'unknown', 'refused', 'fine']) {
      ids.push(await insertContact(engine.db.pool, { email: `${name}@faults.example`, tier: 'regular', consentPost: false }));
    }
    engine.smtp.fault('busy@faults.example', 'busy', 2);
    engine.smtp.fault('unknown@faults.example', 'mailbox-unknown', 5);
    engine.smtp.fault('refused@faults.example', 'rejected', 1);
    await engine.withWorker(async () => {
      await startGreetings(engine.client, { campaignId: 'xmas-faults', occasion: 'christmas-new-year', step: 'xmas-2026', errorThreshold: 0.9 }, DETAILS);
      const result = await engine.client.temporal.workflow.getHandle(broadcastWorkflowId('greetings', 'xmas-faults')).result();
      expect(result).toMatchObject({ state: 'done', sent: 2, failed: 2 });

      const failed = await listFailed(engine.db.pool, { campaign: 'xmas-faults' });
      expect(failed.map((f) => f.contact_id).sort()).toEqual([ids[1], ids[2]].sort());
      expect(failed.find((f) => f.contact_id === ids[1])!.reason).toMatch(/550/);
      const suppressed = await engine.db.pool.query(`SELECT address, reason FROM suppressions WHERE address = 'unknown@faults.example'`);
      expect(suppressed.rows).toEqual([{ address: 'unknown@faults.example', reason: 'bounce' }]);

      const firstAttempt = engine.smtp.attempts().find((a) => a.to.includes('refused@faults.example'))!;
      // Two operators replay the same pieces at once: one replay runs, both get its tally. (The
      // wall-clock client: the time-skipping one cannot wait on two results at once.)
      const operator = { ...engine.client, temporal: engine.realtime };
      const [replay, twin] = await Promise.all([
        replayFailedPieces(operator, { campaign: 'xmas-faults' }),
        replayFailedPieces(operator, { campaign: 'xmas-faults' }),
      ]);
      expect(replay.pieces).toBe(2);
      expect(replay.tally).toMatchObject({ sent: 1, skipped: 1, failedAgain: 0 });
      expect(twin).toEqual(replay);
      const again = await replayFailedPieces(engine.client, { campaign: 'xmas-faults' });
      expect(again.pieces).toBe(0);
      // The piece the replay skipped (its mailbox is suppressed now) keeps the failure it had.
      const skipped = await engine.db.pool.query(`SELECT status, reason, failure_before_replay FROM deliveries WHERE contact_id = $1`, [ids[1]]);
      expect(skipped.rows).toEqual([{ status: 'skipped', reason: expect.any(String), failure_before_replay: expect.stringMatching(/550/) }]);
      const view = await readContactView(engine.db.pool, ids[1]!);
      expect(view?.pieces).toEqual([expect.objectContaining({ status: 'skipped', reason: expect.stringMatching(/failed before the replay: .*550/) })]);

      const mails = (await engine.smtp.messages()).filter((m) => m.to[0]!.endsWith('@faults.example'));
      expect(mails.map((m) => m.to[0]).sort()).toEqual(['busy@faults.example', 'fine@faults.example', 'refused@faults.example']);
      const resent = mails.find((m) => m.to[0] === 'refused@faults.example')!;
      expect(resent.parsed.messageId).toBe(firstAttempt.messageId);
    });
  });

  it('waits out a call centre that is down and makes the call task once', async () => {
    const id = await insertContact(engine.db.pool, { stage: 'prospect', heat: 'high', email: 'down@faults.example' });
    await registerCampaign(engine.db.pool, { id: 'leads-down', kind: 'lead-routing' }, [id]);
    engine.calls.setAnswer('reached-interested');
    engine.calls.setDown(true, 1500);
    await engine.withWorker(async () => {
      const handle = await engine.realtime.workflow.start(replyFollowUp, {
        workflowId: contactWorkflowId('reply-follow-up', 'leads-down', id),
        taskQueue: engine.taskQueue,
        args: [{ campaignId: 'leads-down', contactId: id, settings: DEFAULT_FOLLOW_UP }],
      });
      await handle.signal(replySignal, { wantsTestDrive: true, via: 'data-entry' });
      expect(await handle.result()).toMatchObject({ state: 'appointment' });
    });
    expect(engine.calls.tasks().filter((t) => t.contactId === id)).toHaveLength(1);
  });
});
