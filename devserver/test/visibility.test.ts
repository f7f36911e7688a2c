// List and count with the visibility query language, and search-attribute registration.
import { randomUUID } from 'node:crypto';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, timeSkippingEnv } from './helpers/env.js';

const taskQueue = 'visibility';
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const prefix = `vis-${randomUUID().slice(0, 8)}`;

const Region = defineSearchAttributeKey('Region', SearchAttributeType.KEYWORD);
const Size = defineSearchAttributeKey('Size', SearchAttributeType.INT);
const Score = defineSearchAttributeKey('Score', SearchAttributeType.DOUBLE);
const Due = defineSearchAttributeKey('Due', SearchAttributeType.DATETIME);
const Vip = defineSearchAttributeKey('Vip', SearchAttributeType.BOOL);
const Notes = defineSearchAttributeKey('Notes', SearchAttributeType.TEXT);
const Tags = defineSearchAttributeKey('Tags', SearchAttributeType.KEYWORD_LIST);

async function ids(query: string): Promise<string[]> {
  const out: string[] = [];
  for await (const w of env.client.workflow.list({ query: `WorkflowId STARTS_WITH '${prefix}' AND (${query})` })) out.push(w.workflowId.slice(prefix.length + 1));
  return out.sort();
}

beforeAll(async () => {
  env = await timeSkippingEnv();
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: { Region: 2, Size: 3, Score: 4, Due: 6, Vip: 5, Notes: 1, Tags: 7 }, // IndexedValueType numbers
  });
  worker = await startWorker(env, taskQueue);
  running = worker.run();
  const rows: [string, string, number, number, string, boolean, string, string[]][] = [
    ['a', 'north', 1, 0.5, '2026-01-01T00:00:00Z', true, 'quick brown fox', ['x', 'y']],
    ['b', 'south', 5, 1.5, '2026-02-01T00:00:00Z', false, 'lazy dog', ['y']],
    ['c', 'north-east', 10, 2.5, '2026-03-01T00:00:00Z', false, 'brown bear', ['z']],
  ];
  for (const [id, region, size, score, due, vip, notes, tags] of rows) {
    await env.client.workflow.start('counter', {
      taskQueue,
      workflowId: `${prefix}-${id}`,
      typedSearchAttributes: [
        { key: Region, value: region },
        { key: Size, value: size },
        { key: Score, value: score },
        { key: Due, value: new Date(due) },
        { key: Vip, value: vip },
        { key: Notes, value: notes },
        { key: Tags, value: tags },
      ],
    });
  }
  await env.client.workflow.execute('trivial', { taskQueue, workflowId: `${prefix}-done` });
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

describe('visibility queries', () => {
  it('filters by system and custom attributes', async () => {
    expect(await ids(`WorkflowType = 'counter' AND Size > 1`)).toEqual(['b', 'c']);
    expect(await ids(`Region = 'north' OR (Size >= 5 AND Vip = false)`)).toEqual(['a', 'b', 'c']);
    expect(await ids(`Region IN ('south', 'north')`)).toEqual(['a', 'b']);
    expect(await ids(`Region NOT IN ('south', 'north') AND WorkflowType = 'counter'`)).toEqual(['c']);
    expect(await ids(`Region STARTS_WITH 'north'`)).toEqual(['a', 'c']);
    expect(await ids(`Score BETWEEN 1 AND 3`)).toEqual(['b', 'c']);
    expect(await ids(`Due < '2026-02-15T00:00:00Z'`)).toEqual(['a', 'b']);
    expect(await ids(`Notes = 'brown'`)).toEqual(['a', 'c']);
    expect(await ids(`Tags = 'y'`)).toEqual(['a', 'b']);
    expect(await ids(`ExecutionStatus = 'Completed'`)).toEqual(['done']);
    expect(await ids(`CloseTime IS NULL`)).toEqual(['a', 'b', 'c']);
    expect(await ids(`ExecutionStatus != 'Running' AND StartTime > '2000-01-01T00:00:00Z'`)).toEqual(['done']);
  });

  it('orders, pages and counts', async () => {
    const ordered: string[] = [];
    for await (const w of env.client.workflow.list({ query: `WorkflowId STARTS_WITH '${prefix}' AND WorkflowType = 'counter' ORDER BY Size DESC`, pageSize: 1 })) ordered.push(w.workflowId.slice(-1));
    expect(ordered).toEqual(['c', 'b', 'a']);
    const count = await env.client.workflow.count(`WorkflowId STARTS_WITH '${prefix}'`);
    expect(count.count).toBe(4);
    const grouped = await env.client.workflow.count(`WorkflowId STARTS_WITH '${prefix}' GROUP BY ExecutionStatus`);
    const byStatus = Object.fromEntries(grouped.groups.map((g) => [String(g.groupValues[0]), g.count]));
    expect(byStatus).toEqual({ Running: 3, Completed: 1 });
  });

  it('rejects malformed queries and unknown attributes with INVALID_ARGUMENT', async () => {
    const causeOf = async (query: string): Promise<string> => ids(query).then(() => '', (e: { cause?: Error }) => e.cause?.message ?? '');
    expect(await causeOf(`Size >`)).toMatch(/INVALID_ARGUMENT: invalid query: malformed SQL query/);
    expect(await causeOf(`Nope = 1`)).toMatch(/INVALID_ARGUMENT: invalid query: .*'Nope' is not a valid search attribute/);
  });

  it('lists registered search attributes', async () => {
    const res = await env.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(res.customAttributes?.Region).toBe(2);
    expect(res.systemAttributes?.WorkflowId).toBe(2);
  });
});
