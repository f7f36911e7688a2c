/**
 * vitest globalSetup: bundles the campaign workflows once per test run (webpack takes seconds),
 * so every test file's worker loads the same bundle instead of building its own.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { workflowsPath } from '../../worker/create-worker.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the run's workflow bundle (JavaScript). */
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'ce-test-bundle-'));
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
  const path = join(dir, 'workflows.js');
  await writeFile(path, code);
  project.provide('workflowBundlePath', path);
  return () => rm(dir, { recursive: true, force: true });
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error, log: noop };
