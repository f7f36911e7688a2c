/**
 * Temporal for tests: the project's development server in time-skipping mode, started through
 * @temporalio/testing exactly as the SDK starts its own test server. TEMPORAL_TEST_SERVER=official
 * switches to the SDK's downloaded server where a network allows, to check the same suite there.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { inject } from 'vitest';
import './quiet-sdk.js';

/** The development server's executable, as the SDK would start the official one. */
export const devserverExecutable = fileURLToPath(new URL('../../devserver/bin/devserver', import.meta.url));

export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  if (process.env.TEMPORAL_TEST_SERVER === 'official') return TestWorkflowEnvironment.createTimeSkipping();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: devserverExecutable } },
  });
}

/** The workflow bundle built once for the run by global-workflow-bundle.ts. */
export async function workflowBundle(): Promise<WorkflowBundle> {
  return { code: await readFile(inject('workflowBundlePath'), 'utf8') };
}
