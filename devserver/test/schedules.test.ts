// Schedules on the virtual clock: specs, overlap, pause, trigger, backfill, delete.
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { timeSkippingSuite } from './helpers/env.js';

const taskQueue = 'schedules';
let env: TestWorkflowEnvironment;
const HOUR = 3_600_000;

timeSkippingSuite(taskQueue, (ready) => (env = ready));

describe('schedules', () => {
  it('starts runs on an interval, named after their nominal time', async () => {
    const handle = await env.client.schedule.create({
      scheduleId: 'hourly',
      spec: { intervals: [{ every: '1 hour' }] },
      action: { type: 'startWorkflow', workflowType: 'trivial', taskQueue, workflowId: 'hourly-run' },
    });
    // Interval times are aligned to the epoch: sleep to half an hour past the third boundary.
    const now = await env.currentTimeMs();
    await env.sleep((Math.floor(now / HOUR) + 3.5) * HOUR - now);
    const d = await handle.describe();
    expect(d.info.recentActions).toHaveLength(3);
    const first = d.info.recentActions[0]!;
    expect(first.action.workflow.workflowId).toMatch(/^hourly-run-\d{4}-\d\d-\d\dT\d\d:00:00Z$/);
    expect(first.scheduledAt.getTime() % HOUR).toBe(0);
    expect(d.info.nextActionTimes.length).toBe(10);
    expect(d.info.nextActionTimes[0]!.getTime() - d.info.recentActions[2]!.scheduledAt.getTime()).toBe(HOUR);
    const result = await env.client.workflow.getHandle(first.action.workflow.workflowId).result();
    expect(result).toBe('done');
    await handle.delete();
    await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });

  it('computes calendar and cron times in a time zone', async () => {
    const handle = await env.client.schedule.create({
      scheduleId: 'ny-morning',
      spec: { calendars: [{ hour: 9, minute: 30 }], timezone: 'America/New_York' },
      action: { type: 'startWorkflow', workflowType: 'trivial', taskQueue, workflowId: 'ny' },
      state: { paused: true, note: 'not yet' },
    });
    const d = await handle.describe();
    expect(d.state.paused).toBe(true);
    expect(d.state.note).toBe('not yet');
    for (const t of d.info.nextActionTimes) {
      const local = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).format(t);
      expect(local).toBe('09:30');
    }
    const cron = await env.client.schedule.create({
      scheduleId: 'cron-weekdays',
      spec: { cronExpressions: ['CRON_TZ=Europe/Berlin 0 8 * * MON-FRI'] },
      action: { type: 'startWorkflow', workflowType: 'trivial', taskQueue, workflowId: 'cron' },
      state: { paused: true },
    });
    const c = await cron.describe();
    expect(c.spec.timezone).toBe('Europe/Berlin');
    for (const t of c.info.nextActionTimes) {
      const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', weekday: 'short', hour: 'numeric', hourCycle: 'h23' }).format(t);
      expect(parts).toMatch(/^(Mon|Tue|Wed|Thu|Fri),? 08$/);
    }
    await expect(
      env.client.schedule.create({ scheduleId: 'ny-morning', spec: { intervals: [{ every: '1 hour' }] }, action: { type: 'startWorkflow', workflowType: 'trivial', taskQueue } }),
    ).rejects.toBeInstanceOf(ScheduleAlreadyRunning);
    await handle.delete();
    await cron.delete();
  });

  it('skips overlapping runs, pauses, unpauses, triggers and backfills', async () => {
    const handle = await env.client.schedule.create({
      scheduleId: 'overlap',
      spec: { intervals: [{ every: '1 minute' }] },
      action: { type: 'startWorkflow', workflowType: 'counter', taskQueue, workflowId: 'overlap-run' },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
    await env.sleep(5.5 * 60_000);
    let d = await handle.describe();
    expect(d.info.numActionsTaken).toBe(1);
    expect(d.info.numActionsSkippedOverlap).toBeGreaterThanOrEqual(4);
    expect(d.info.runningActions).toHaveLength(1);
    await env.client.workflow.getHandle(d.info.runningActions[0]!.workflow.workflowId).terminate();

    await handle.pause('holiday');
    d = await handle.describe();
    expect(d.state.paused).toBe(true);
    expect(d.state.note).toBe('holiday');
    await env.sleep(10 * 60_000);
    expect((await handle.describe()).info.numActionsTaken).toBe(1);
    await handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
    expect((await handle.describe()).info.numActionsTaken).toBe(2);
    await handle.unpause('back');
    expect((await handle.describe()).state.note).toBe('back');

    await handle.update((prev) => ({ ...prev, action: { ...prev.action, workflowType: 'trivial' }, policies: { ...prev.policies, overlap: ScheduleOverlapPolicy.ALLOW_ALL } }));
    const now = await env.currentTimeMs();
    await handle.backfill({ start: new Date(now - 3 * 60 * 60_000), end: new Date(now - 2 * 60 * 60_000), overlap: ScheduleOverlapPolicy.ALLOW_ALL });
    expect((await handle.describe()).info.numActionsTaken).toBeGreaterThanOrEqual(2 + 60);
    const listed = [];
    for await (const s of env.client.schedule.list()) listed.push(s.scheduleId);
    expect(listed).toContain('overlap');
    await handle.delete();
  });
});
