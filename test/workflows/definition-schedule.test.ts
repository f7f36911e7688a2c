/**
 * A schedule of a defined campaign: each run names the year's campaign from the definition and
 * starts it only when the check passes. A run whose check fails registers and starts nothing, so
 * once the cause is fixed the next trigger starts the campaign under the same id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateIn } from '../../activities/greetings.js';
import { createDefinitionSchedule } from '../../client/definition-schedules.js';
import { readDefinition as parseDefinition } from '../../client/definition-file.js';
import { createDefinition } from '../../client/definitions.js';
import { summarise } from '../../client/seasonal-schedules.js';
import { contactWorkflowId } from '../../lib/temporal-names.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { daysAhead, insertOwner, insertServiceCentre, insertSlot } from '../helpers/seed.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.close());

/** Triggers the schedule and waits for the run it started; returns that run's handle. */
async function triggerAndWait(scheduleId: string, runsBefore: number) {
  const schedule = engine.client.temporal.schedule.getHandle(scheduleId);
  await schedule.trigger();
  let runs = (await schedule.describe()).info.recentActions;
  for (let i = 0; i < 300 && runs.length <= runsBefore; i++) {
    await new Promise((r) => setTimeout(r, 100));
    runs = (await schedule.describe()).info.recentActions;
  }
  return engine.client.temporal.workflow.getHandle(runs[runsBefore]!.action.workflow.workflowId);
}

describe('a schedule of a defined campaign', () => {
  it('fires on its day; a run that fails its check starts nothing and leaves the id free; fixed, the next trigger starts it', async () => {
    const centre = await insertServiceCentre(engine.db.pool, '昆明服务中心', '昆明', '650000');
    const owner = await insertOwner(engine.db.pool, { stage: 'owner', city: '昆明', postcode: '650000', email: 'owner@kunming.example' });
    const { definition, source } = parseDefinition('id: kunming-check\nkind: inspection\nname: { zh-CN: 冬季免费检测, en: Winter check }\naudience: { city: 昆明 }\n', 'kunming-check.yaml');
    await createDefinition(engine.db.pool, definition, source, 'test');
    await createDefinitionSchedule(engine.client.temporal, engine.db.pool, { definitionId: 'kunming-check', on: '12-01', timeZone: 'Asia/Shanghai', taskQueue: engine.taskQueue });
    const summary = summarise('kunming-check', await engine.client.temporal.schedule.getHandle('kunming-check').describe());
    expect(summary).toMatchObject({ id: 'kunming-check', definition: 'kunming-check', timeZone: 'Asia/Shanghai' });
    expect(summary.nextRuns[0]).toMatch(/-12-01T01:00:00/); // 09:00 in Shanghai

    const campaignId = `kunming-check-${dateIn('Asia/Shanghai', new Date()).slice(0, 4)}`;
    await engine.withWorker(async () => {
      const failed = await triggerAndWait('kunming-check', 0);
      await expect(failed.result()).rejects.toThrow();
      const description = await failed.describe();
      expect(description.status.name).toBe('FAILED');
      const history = await failed.fetchHistory();
      const failure = history.events?.find((e) => e.workflowExecutionFailedEventAttributes)?.workflowExecutionFailedEventAttributes?.failure;
      expect(failure?.cause?.message ?? failure?.message).toMatch(new RegExp(`^${campaignId} was not started \\(version 1\\): no owner can be offered a slot: no free slot from now on at 昆明服务中心 \\(1 owner\\); create slots \\(campaign slots create\\)$`));
      expect((await engine.db.pool.query(`SELECT count(*)::int AS n FROM campaigns WHERE id = $1`, [campaignId])).rows[0].n).toBe(0);

      await insertSlot(engine.db.pool, centre, daysAhead(5), 4);
      const fixed = await triggerAndWait('kunming-check', 1);
      // The run starts the campaign's launch, which goes on by itself and offers the owner a slot (by e-mail and by letter).
      expect(await fixed.result()).toMatchObject({ campaignId, version: 1, launch: `launch/${campaignId}` });
      expect(await engine.client.temporal.workflow.getHandle(`launch/${campaignId}`).result()).toMatchObject({ audience: 1, started: 1, pieces: { sent: 2, failed: 0 } });
    });
    const run = await engine.client.temporal.workflow.getHandle(contactWorkflowId('inspection', campaignId, owner)).describe();
    expect(run.status.name).toBe('RUNNING');
    const record = await engine.db.pool.query(`SELECT kind, definition_id, definition_version, params->'names' AS names FROM campaigns WHERE id = $1`, [campaignId]);
    expect(record.rows[0]).toEqual({ kind: 'inspection', definition_id: 'kunming-check', definition_version: 1, names: { 'zh-CN': '冬季免费检测', en: 'Winter check' } });
  });
});
