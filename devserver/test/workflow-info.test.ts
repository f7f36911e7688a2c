// What a workflow sees of itself and what describe says of it: history size, continue-as-new
// suggested, build id, root, a child's summary and how a timed-out child ends; search attributes
// set through the untyped API come back typed.
import { randomUUID } from 'node:crypto';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as activities from './fixtures/activities.js';
import type { SelfInfo } from './fixtures/workflows.js';
import { localSuite, workflowBundle } from './helpers/env.js';

const taskQueue = `info-${randomUUID()}`;
const buildId = 'devserver-test-build-1';

describe('WorkflowInfo and describe', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  // Continue-as-new is suggested from the eighth event on: the second task of `reportsInfo` starts there.
  localSuite((ready) => (env = ready), ['--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=8']);
  beforeAll(async () => {
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities, buildId });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
  });

  it('tells the run its history size, the build id that ran it and that continue-as-new is suggested past the limit', async () => {
    const handle = await env.client.workflow.start('reportsInfo', { taskQueue, workflowId: `info-${randomUUID()}` });
    const info = (await handle.result()) as SelfInfo;
    // The size of the events before the second task's Started event, encoded as History batches.
    const { events } = await handle.fetchHistory();
    const before = events!.slice(0, info.historyLength - 1);
    expect(info.historyLength).toBe(8);
    expect(info.historySize).toBe(temporal.api.history.v1.History.encode({ events: before }).finish().length);
    expect(info.firstTaskSuggested).toBe(false);
    expect(info.continueAsNewSuggested).toBe(true);
    expect(info.suggestedReasons).toEqual(['TOO_MANY_HISTORY_EVENTS']);
    expect(info.currentBuildId).toBe(buildId);

    const desc = await handle.describe();
    expect(desc.historySize).toBe(temporal.api.history.v1.History.encode({ events }).finish().length);
    expect(desc.searchAttributes.BuildIds).toEqual(['unversioned', `unversioned:${buildId}`]);
    const started = events!.filter((e) => e.workflowTaskStartedEventAttributes).map((e) => e.workflowTaskStartedEventAttributes!);
    expect(started.map((a) => a.suggestContinueAsNew ?? false)).toEqual([false, true, true].slice(0, started.length));
  });

  it('names no root for a top-level run, and the top-level run as a child\'s root', async () => {
    const parentId = `root-${randomUUID()}`;
    const childId = `${parentId}-child`;
    const top = await env.client.workflow.execute('reportsInfo', { taskQueue, workflowId: `top-${randomUUID()}` });
    expect((top as SelfInfo).root).toBeNull();

    const handle = await env.client.workflow.start('parentOfReporter', { taskQueue, workflowId: parentId, args: [childId] });
    const child = (await handle.result()) as SelfInfo;
    expect(child.root).toEqual({ workflowId: parentId, runId: handle.firstExecutionRunId });
    const childDesc = await env.client.workflow.getHandle(childId).describe();
    expect(childDesc.rootExecution).toEqual({ workflowId: parentId, runId: handle.firstExecutionRunId });
  });

  it('keeps a child workflow\'s static summary and details', async () => {
    const childId = `summary-${randomUUID()}`;
    await env.client.workflow.execute('parentOfReporter', { taskQueue, workflowId: `${childId}-parent`, args: [childId] });
    const desc = await env.client.workflow.getHandle(childId).describe();
    expect(await desc.staticSummary()).toBe('child summary');
    expect(await desc.staticDetails()).toBe('child details');
  });

  it('reports a child that outlived its execution timeout as timed out with retry state TIMEOUT', async () => {
    const childId = `timeout-${randomUUID()}`;
    const ended = await env.client.workflow.execute('parentOfTimedOutChild', { taskQueue, workflowId: `${childId}-parent`, args: [childId] });
    expect(ended).toEqual({ name: 'ChildWorkflowFailure', retryState: 'TIMEOUT' });
    const { events } = await env.client.workflow.getHandle(childId).fetchHistory();
    expect(events!.at(-1)!.workflowExecutionTimedOutEventAttributes?.retryState).toBe(temporal.api.enums.v1.RetryState.RETRY_STATE_TIMEOUT);
  });

  it('gives search attributes set through the untyped API their registered type back', async () => {
    const due = new Date('2026-05-01T10:00:00.000Z');
    const handle = await env.client.workflow.start('counter', {
      taskQueue: `${taskQueue}-nobody-polls`,
      workflowId: `untyped-${randomUUID()}`,
      searchAttributes: { CustomDatetimeField: [due], CustomIntField: [7] },
    });
    const desc = await handle.describe();
    expect(desc.searchAttributes.CustomDatetimeField).toEqual([due]);
    expect(desc.typedSearchAttributes.get(defineSearchAttributeKey('CustomDatetimeField', SearchAttributeType.DATETIME))).toEqual(due);
    expect(desc.typedSearchAttributes.get(defineSearchAttributeKey('CustomIntField', SearchAttributeType.INT))).toBe(7);
    await handle.terminate();

    // In the history the worker gets, too: the workflow sees a Date.
    const seen = await env.client.workflow.execute('readsDatetimeAttribute', { taskQueue, workflowId: `untyped-info-${randomUUID()}`, searchAttributes: { CustomDatetimeField: [due] } });
    expect(seen).toEqual({ isDate: true, value: due.toISOString() });
  });
});
