// The benchmark's workflows: three activities and a one-second timer, and a trivial one.
import { proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from './activities.js';

const { step } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s' });

export async function threeStepsAndTimer(n: number): Promise<number> {
  let x = await step(n);
  x = await step(x);
  await sleep('1s');
  return await step(x);
}

export async function trivial(): Promise<string> {
  return 'ok';
}
