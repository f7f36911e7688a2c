// --db-filename: a server killed with SIGKILL mid-run restarts where it was and the run finishes.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, describe, expect, it } from 'vitest';
import * as activities from './fixtures/activities.js';
import { devserverPath, usingOfficialServer } from '../src/testing.js';
import { workflowBundle } from './helpers/env.js';

const dir = mkdtempSync(join(tmpdir(), 'devserver-db-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startServer(port: number, dbFile: string): Promise<ChildProcess> {
  const child = spawn(devserverPath, ['server', 'start-dev', '--port', String(port), '--ip', '127.0.0.1', '--db-filename', dbFile, '--headless'], { stdio: 'ignore' });
  children.push(child);
  for (let i = 0; ; i++) {
    try {
      const c = await Connection.connect({ address: `127.0.0.1:${port}`, connectTimeout: 300 });
      await c.workflowService.getSystemInfo({});
      await c.close();
      return child;
    } catch (err) {
      if (i > 150) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe.skipIf(usingOfficialServer())('durability with --db-filename', () => {
  it('finishes a workflow whose server was killed during its timer', async () => {
    const port = await freePort();
    const dbFile = join(dir, 'state.db');
    let server = await startServer(port, dbFile);
    const address = `127.0.0.1:${port}`;
    const connection = await Connection.connect({ address });
    const client = new Client({ connection });
    const nativeConnection = await NativeConnection.connect({ address });
    const taskQueue = 'durable';
    const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
    const running = worker.run();
    try {
      const workflowId = `durable-${randomUUID()}`;
      const handle = await client.workflow.start('threeActivitiesAndTimer', { taskQueue, workflowId, args: [10] });
      // Wait until the one-second timer is running, then kill the server outright.
      for (let i = 0; i < 200; i++) {
        const history = await handle.fetchHistory();
        if (history.events?.some((e) => e.timerStartedEventAttributes)) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
      server = await startServer(port, dbFile);
      expect(await handle.result()).toBe(13);
      const described = await client.workflow.getHandle(workflowId).describe();
      expect(described.status.name).toBe('COMPLETED');
    } finally {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
      server.kill('SIGTERM');
    }
  });

  it('keeps a deleted run deleted, and the others, across a kill', async () => {
    const port = await freePort();
    const dbFile = join(dir, 'deleted.db');
    let server = await startServer(port, dbFile);
    const address = `127.0.0.1:${port}`;
    const connect = async (): Promise<[Connection, Client]> => {
      const c = await Connection.connect({ address });
      return [c, new Client({ connection: c })];
    };
    let [connection, client] = await connect();
    try {
      const deleted = await client.workflow.start('counter', { taskQueue: 'no-worker', workflowId: `deleted-${randomUUID()}` });
      const kept = await client.workflow.start('counter', { taskQueue: 'no-worker', workflowId: `kept-${randomUUID()}` });
      await connection.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: deleted.workflowId } });
      await connection.close();
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
      server = await startServer(port, dbFile);
      [connection, client] = await connect();
      await expect(client.workflow.getHandle(deleted.workflowId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
      expect((await client.workflow.getHandle(kept.workflowId).describe()).status.name).toBe('RUNNING');
    } finally {
      await connection.close();
      server.kill('SIGTERM');
    }
  });
});
