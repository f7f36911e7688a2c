/**
 * Builds the campaign worker: every workflow (bundled from workflows/index) and the activities it
 * is given. The entry point (main.ts) and the tests both build workers here, so they register the
 * same things the same way.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { AllActivities } from '../activities/types.js';

/** The workflows' entry file, .ts under tsx and vitest, .js once compiled to dist/. */
export const workflowsPath = fileURLToPath(new URL(`../workflows/index${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

export interface CampaignWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: AllActivities;
  /** A prebuilt bundle (tests share one); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundle;
  /** Activities run at once on this worker; a greetings page sends with its own concurrency inside. */
  maxConcurrentActivities?: number;
}

export async function createCampaignWorker(options: CampaignWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities ?? 50,
    // Give in-flight sends time to finish and record before the worker goes.
    shutdownGraceTime: '20 seconds',
  });
}
