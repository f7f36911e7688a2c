// After loading persisted state: put pending tasks back on their queues.
import type { Engine } from './engine/context.js';
import { failWorkflowTask, isOpen } from './engine/workflow-tasks.js';
import { TimeoutType } from './enums.js';

export function restoreRuns(engine: Engine): void {
  for (const run of engine.store.allRuns()) {
    if (!isOpen(run)) continue;
    run.sticky = null; // the workers' sticky caches did not survive with certainty
    const wft = run.wft;
    if (wft?.state === 'started') {
      // The worker that held it may be gone; let the task time out at once and retry.
      failWorkflowTask(engine, run, { timeoutType: TimeoutType.START_TO_CLOSE! });
    } else if (wft?.state === 'scheduled') {
      wft.sticky = false;
      wft.queue = run.taskQueue;
      engine.matching.enqueue(run.namespace, 'workflow', run.taskQueue, { kind: 'wft', runKey: run.key, seq: wft.seq });
    }
    for (const act of Object.values(run.activities)) {
      if (act.state === 'scheduled') {
        engine.matching.enqueue(run.namespace, 'activity', act.taskQueue, { kind: 'activity', runKey: run.key, scheduledEventId: act.scheduledEventId, attempt: act.attempt });
      }
    }
    engine.store.touch(run);
  }
}
