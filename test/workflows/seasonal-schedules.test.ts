/**
 * Seasonal runs as Temporal Schedules on the development server: the presets' calendars (the
 * Spring Festival on its lunar date), and a triggered run that names its campaign from its date
 * and greets every owner once, however often it is triggered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeasonalSchedule, summarise } from '../../client/seasonal-schedules.js';
import { springFestivalDate } from '../../lib/lunar-calendar.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { insertContact } from '../helpers/seed.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.close());

describe('seasonal schedules', () => {
  it('fires the year-end greetings on 20 December and the Spring Festival greetings three days before the lunar new year', async () => {
    const now = new Date(await engine.env.currentTimeMs());
    await createSeasonalSchedule(engine.client.temporal, { preset: 'year-end-greetings', timeZone: 'Asia/Shanghai', taskQueue: engine.taskQueue, now });
    await createSeasonalSchedule(engine.client.temporal, { preset: 'spring-festival-greetings', timeZone: 'Asia/Shanghai', taskQueue: engine.taskQueue, now });

    const xmas = summarise('year-end-greetings', await engine.client.temporal.schedule.getHandle('year-end-greetings').describe());
    const next = new Date(xmas.nextRuns[0]!);
    expect(next.toLocaleString('en-GB', { timeZone: 'Asia/Shanghai', day: 'numeric', month: 'numeric', hour: 'numeric', hour12: false })).toBe('20/12, 09');

    const spring = summarise('spring-festival-greetings', await engine.client.temporal.schedule.getHandle('spring-festival-greetings').describe());
    const firstSpring = new Date(spring.nextRuns[0]!);
    const year = firstSpring.getUTCFullYear();
    const festival = Date.parse(`${springFestivalDate(year)}T09:00:00+08:00`);
    expect(festival - firstSpring.getTime()).toBe(3 * 86_400_000);
    expect(new Set(spring.nextRuns.map((t) => t.slice(5, 10))).size).toBeGreaterThan(1); // a different day each year

    await expect(
      createSeasonalSchedule(engine.client.temporal, { preset: 'year-end-greetings', timeZone: 'Asia/Shanghai', taskQueue: engine.taskQueue }),
    ).rejects.toThrow(/already/i);
  });

  it('a triggered run greets every owner once; triggering it again starts nothing new for the season', async () => {
    for (let i = 0; i < 3; i++) await insertContact(engine.db.pool, { email: `season${i}@seasonal.example`, tier: 'regular', consentPost: false });
    await createSeasonalSchedule(engine.client.temporal, { preset: 'year-end-greetings', id: 'xmas-trigger', timeZone: 'Asia/Shanghai', taskQueue: engine.taskQueue });
    await engine.db.pool.query(`UPDATE contacts SET stage = 'prospect' WHERE email NOT LIKE '%@seasonal.example'`);
    const handle = engine.client.temporal.schedule.getHandle('xmas-trigger');
    await engine.withWorker(async () => {
      await handle.trigger();
      const deadline = Date.now() + 30_000;
      let runs = (await handle.describe()).info.recentActions;
      while (runs.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        runs = (await handle.describe()).info.recentActions;
      }
      const first = await engine.client.temporal.workflow.getHandle(runs[0]!.action.workflow.workflowId).result();
      expect(first.campaignId).toMatch(/^xmas-\d{4}$/);
      expect(first.outcome).toMatchObject({ state: 'done', sent: 3 });

      await handle.trigger();
      for (let i = 0; i < 300 && (await handle.describe()).info.recentActions.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      const second = (await handle.describe()).info.recentActions[1]!;
      const again = await engine.client.temporal.workflow.getHandle(second.action.workflow.workflowId).result();
      expect(again).toEqual({ campaignId: first.campaignId, outcome: 'already-run' });
    });
    const mails = (await engine.smtp.messages()).filter((m) => m.to[0]!.endsWith('@seasonal.example'));
    expect(mails).toHaveLength(3);
  });
});
