// Schedules on the virtual clock: specs, overlap, pause, trigger, backfill, delete.
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, type TypedSearchAttributes } from '@temporalio/common';
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

  it('delays each action by a jitter fixed per schedule and time, never past the next nominal time', async () => {
    const MINUTE = 60_000;
    const handle = await env.client.schedule.create({
      scheduleId: 'jittered',
      spec: { intervals: [{ every: '1 hour' }], jitter: '30 minutes' },
      action: { type: 'startWorkflow', workflowType: 'trivial', taskQueue, workflowId: 'jittered-run' },
    });
    const planned = (await handle.describe()).info.nextActionTimes.map((t) => t.getTime());
    const offsets = planned.map((t) => t % HOUR);
    expect(offsets.every((o) => o < 30 * MINUTE)).toBe(true);
    expect(new Set(offsets).size).toBeGreaterThan(1); // not one fixed delay
    expect((await handle.describe()).info.nextActionTimes.map((t) => t.getTime())).toEqual(planned);

    // The runs start at the planned, jittered times, and are named after their nominal hour.
    await env.sleep(planned[2]! + 1000 - (await env.currentTimeMs()));
    const d = await handle.describe();
    expect(d.info.recentActions.map((a) => a.scheduledAt.getTime())).toEqual(planned.slice(0, 3));
    for (const a of d.info.recentActions) {
      const nominal = Math.floor(a.scheduledAt.getTime() / HOUR) * HOUR;
      expect(a.action.workflow.workflowId).toBe(`jittered-run-${new Date(nominal).toISOString().replace('.000Z', 'Z')}`);
      expect(a.takenAt.getTime()).toBeGreaterThanOrEqual(a.scheduledAt.getTime());
    }
    expect(d.info.nextActionTimes.slice(0, 7).map((t) => t.getTime())).toEqual(planned.slice(3));
    await handle.delete();

    // A jitter longer than the interval is capped at the interval: runs stay a minute apart, in order.
    const capped = await env.client.schedule.create({
      scheduleId: 'jitter-capped',
      spec: { intervals: [{ every: '1 minute' }], jitter: '1 hour' },
      action: { type: 'startWorkflow', workflowType: 'trivial', taskQueue, workflowId: 'capped-run' },
      state: { paused: true },
    });
    const times = (await capped.describe()).info.nextActionTimes.map((t) => t.getTime());
    expect(new Set(times.map((t) => t % MINUTE)).size).toBeGreaterThan(1);
    for (let i = 1; i < times.length; i++) expect(Math.floor(times[i]! / MINUTE)).toBe(Math.floor(times[i - 1]! / MINUTE) + 1);
    await capped.delete();
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

  it('lists and counts only the schedules that match the query, and refuses reserved attributes but the paused one', async () => {
    await env.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: { Team: 2 /* KEYWORD */ } });
    const Team = defineSearchAttributeKey('Team', SearchAttributeType.KEYWORD);
    const create = (scheduleId: string, team: string, paused: boolean) =>
      env.client.schedule.create({
        scheduleId,
        spec: { intervals: [{ every: '1 hour' }] },
        action: { type: 'startWorkflow', workflowType: 'trivial', taskQueue },
        typedSearchAttributes: [{ key: Team, value: team }],
        state: { paused },
      });
    const handles = [await create('q-red-1', 'red', false), await create('q-red-2', 'red', true), await create('q-blue', 'blue', false)];
    const ids = async (query: string): Promise<string[]> => {
      const out: string[] = [];
      for await (const summary of env.client.schedule.list({ query })) out.push(summary.scheduleId);
      return out.sort();
    };
    expect(await ids(`Team = 'red'`)).toEqual(['q-red-1', 'q-red-2']);
    expect(await ids(`Team = 'red' AND TemporalSchedulePaused = false`)).toEqual(['q-red-1']);
    expect(await ids(`ScheduleId = 'q-blue'`)).toEqual(['q-blue']);
    const counted = await env.client.workflowService.countSchedules({ namespace: 'default', query: `Team = 'red'` });
    expect(Number(counted.count)).toBe(2);
    const invalid = (pattern: RegExp) => ({ cause: { code: 3 /* INVALID_ARGUMENT */, details: expect.stringMatching(pattern) } });
    await expect(ids(`WorkflowType = 'trivial'`)).rejects.toMatchObject(invalid(/^invalid query filter for schedules: cannot filter on "WorkflowType"$/));
    await expect(ids(`Nope = 1`)).rejects.toMatchObject(invalid(/column name 'Nope' is not a valid search attribute/));
    for (const h of handles) await h.delete();
  });

  it('gives the search attributes of a schedule and of its action their type back when set untyped', async () => {
    const due = new Date('2026-07-01T00:00:00.000Z');
    const handle = await env.client.schedule.create({
      scheduleId: 'untyped-attributes',
      spec: { intervals: [{ every: '1 hour' }] },
      action: { type: 'startWorkflow', workflowType: 'trivial', taskQueue, searchAttributes: { CustomDatetimeField: [due] } },
      searchAttributes: { CustomIntField: [3] },
      state: { paused: true },
    });
    const d = await handle.describe();
    const actionAttributes = d.action.type === 'startWorkflow' ? (d.action.typedSearchAttributes as TypedSearchAttributes) : undefined;
    expect(actionAttributes?.get(defineSearchAttributeKey('CustomDatetimeField', SearchAttributeType.DATETIME))).toEqual(due);
    expect(d.typedSearchAttributes.get(defineSearchAttributeKey('CustomIntField', SearchAttributeType.INT))).toBe(3);
    await handle.delete();
  });

  it('refuses an action whose workflow id leaves no room for the time appended to each run', async () => {
    await expect(
      env.client.schedule.create({
        scheduleId: 'long-id',
        spec: { intervals: [{ every: '1 hour' }] },
        action: { type: 'startWorkflow', workflowType: 'trivial', taskQueue, workflowId: 'x'.repeat(990) },
      }),
    ).rejects.toMatchObject({ cause: { code: 3 /* INVALID_ARGUMENT */, details: 'WorkflowId exceeds maximum allowed length (1011/1000)' } });
  });
});
