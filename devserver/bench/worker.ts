// The benchmark's worker process: one SDK worker on the given address and task queue.
import { fileURLToPath } from 'node:url';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import * as activities from './activities.js';

const [address, taskQueue] = process.argv.slice(2) as [string, string];
Runtime.install({ logger: new DefaultLogger('WARN') });
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  taskQueue,
  workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
  activities,
  maxCachedWorkflows: 2000,
  maxConcurrentWorkflowTaskExecutions: 100,
  maxConcurrentActivityTaskExecutions: 200,
});
process.on('SIGTERM', () => worker.shutdown());
process.send?.('ready');
await worker.run();
await connection.close();
