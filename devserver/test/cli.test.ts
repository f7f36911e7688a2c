// The executable as the SDK launches it: start-dev command line, both loopback addresses,
// SIGTERM, and createLocal: a worker that restarts (sticky queue fall-back), deleting a run,
// a task queue's pollers.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Connection, WorkflowNotFoundError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { devserverPath, usingOfficialServer } from '../src/testing.js';
import * as activities from './fixtures/activities.js';
import { localSuite, startWorker, workflowBundle } from './helpers/env.js';

const { TASK_QUEUE_KIND_NORMAL: NORMAL } = temporal.api.enums.v1.TaskQueueKind;
const { TASK_QUEUE_TYPE_WORKFLOW: WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY: ACTIVITY } = temporal.api.enums.v1.TaskQueueType;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function systemInfo(address: string, deadlineMs: number): Promise<string> {
  for (;;) {
    try {
      const conn = await Connection.connect({ address, connectTimeout: 500 });
      const info = await conn.workflowService.getSystemInfo({});
      await conn.close();
      return info.serverVersion ?? '';
    } catch (err) {
      if (Date.now() > deadlineMs) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe.skipIf(usingOfficialServer())('devserver executable', () => {
  it('serves start-dev on 127.0.0.1 and ::1 and exits on SIGTERM', async () => {
    const port = await freePort();
    const started = Date.now();
    const child = spawn(devserverPath, ['server', 'start-dev', '--port', String(port), '--namespace', 'extra', '--ip', 'localhost', '--log-format', 'pretty', '--log-level', 'warn', '--dynamic-config-value', 'some.unknown.key=true', '--search-attribute', 'Region=Keyword', '--headless'], { stdio: 'ignore' });
    try {
      // The SDK allows 5 s; a quiet machine needs about 1.5 s. Shared CI cores get some slack here.
      await systemInfo(`127.0.0.1:${port}`, started + 15_000);
      await systemInfo(`[::1]:${port}`, Date.now() + 2000);
      const conn = await Connection.connect({ address: `127.0.0.1:${port}` });
      const ns = await conn.workflowService.describeNamespace({ namespace: 'extra' });
      expect(ns.namespaceInfo?.name).toBe('extra');
      const attrs = await conn.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(attrs.customAttributes?.Region).toBe(2); // KEYWORD
      await conn.close();
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('with --exit-with-parent, stops when its stdin closes (the process that started it is gone)', async () => {
    const port = await freePort();
    const started = Date.now();
    const child = spawn(devserverPath, ['server', 'start-dev', '--port', String(port), '--ip', '127.0.0.1', '--headless', '--exit-with-parent'], { stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await systemInfo(`127.0.0.1:${port}`, started + 15_000);
      child.stdin!.end();
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('as a time-skipping server, stops when the process that started it dies', async () => {
    const port = await freePort();
    // A parent that starts the server, says its pid, and is then killed without tearing it down.
    const script = `const c = require('node:child_process').spawn(${JSON.stringify(devserverPath)}, ['${port}'], { stdio: 'ignore' }); console.log(c.pid);`;
    const parent = spawn(process.execPath, ['-e', `${script} setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'ignore'] });
    const serverPid = Number(await new Promise<string>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(d.toString()))));
    const alive = (): boolean => {
      try {
        process.kill(serverPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      await systemInfo(`127.0.0.1:${port}`, Date.now() + 15_000);
      parent.kill('SIGKILL');
      const deadline = Date.now() + 10_000;
      while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(alive()).toBe(false);
    } finally {
      parent.kill('SIGKILL');
      if (alive()) process.kill(serverPid, 'SIGKILL');
    }
  });
});

describe('createLocal with the devserver', () => {
  let env: TestWorkflowEnvironment;
  localSuite((ready) => (env = ready));

  it('runs workflows, and a second worker takes over when the first shuts down', async () => {
    const taskQueue = 'local';
    const workflowId = `wf-${randomUUID()}`;
    const first = await startWorker(env, taskQueue);
    const handle = await first.runUntil(async () => {
      expect(await env.client.workflow.execute('trivial', { taskQueue, workflowId: `wf-${randomUUID()}` })).toBe('done');
      const h = await env.client.workflow.start('counter', { taskQueue, workflowId });
      await h.signal('add', 2);
      expect(await h.query('total')).toBe(2);
      return h;
    });
    const second = await startWorker(env, taskQueue);
    await second.runUntil(async () => {
      await handle.signal('add', 3);
      await handle.signal('finish');
      expect(await handle.result()).toBe(5);
    });
  });

  it('deletes a run, terminating it first when it runs; it is gone from describe, history and lists', async () => {
    const svc = env.client.workflowService;
    const workflowId = `delete-${randomUUID()}`;
    const handle = await env.client.workflow.start('counter', { taskQueue: 'no-worker', workflowId });
    await svc.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId } });
    // The real server deletes in the background; this one at once. Either way it is soon gone.
    const gone = async (): Promise<boolean> =>
      handle.describe().then(
        () => false,
        (err: unknown) => err instanceof WorkflowNotFoundError,
      );
    for (const deadline = Date.now() + 10_000; !(await gone()) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
    expect(await gone()).toBe(true);
    await expect(handle.fetchHistory()).rejects.toThrow(/not found/i);
    const { count } = await env.client.workflow.count(`WorkflowId = '${workflowId}'`);
    expect(count).toBe(0);
    await expect(svc.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId } })).rejects.toThrow(/not found/i);
  });

  it("describes a task queue's pollers: each worker's identity and when it last polled", async () => {
    const taskQueue = `describe-${randomUUID()}`;
    const identity = `describe-test-${randomUUID().slice(0, 8)}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, identity, workflowBundle: await workflowBundle(), activities });
    const describe = (taskQueueType: number) =>
      env.client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue, kind: NORMAL }, taskQueueType });
    const { pollers } = await worker.runUntil(async () => {
      expect(await env.client.workflow.execute('trivial', { taskQueue, workflowId: `wf-${randomUUID()}` })).toBe('done');
      return describe(WORKFLOW);
    });
    expect(pollers?.map((p) => p.identity)).toEqual([identity]);
    const lastAccess = Number(pollers![0]!.lastAccessTime!.seconds) * 1000;
    expect(Math.abs(Date.now() - lastAccess)).toBeLessThan(60_000);
    expect((await describe(ACTIVITY)).pollers?.map((p) => p.identity)).toEqual([identity]);
    const nobody = await env.client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: `${taskQueue}-unused`, kind: NORMAL }, taskQueueType: WORKFLOW });
    expect(nobody.pollers ?? []).toEqual([]);
  });
});
