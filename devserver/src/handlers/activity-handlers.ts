// PauseActivity, UnpauseActivity, ResetActivity and UpdateActivityOptions on a workflow's pending activities.
import { pauseActivity, resetActivity, selectActivities, unpauseActivity } from '../engine/activity-control.js';
import { restoreOriginalActivityOptions, updateActivityOptions } from '../engine/activity-options.js';
import type { Engine } from '../engine/context.js';
import type { RunState } from '../engine/types.js';
import { isOpen } from '../engine/workflow-tasks.js';
import { invalidArgument, notFound } from '../grpc/errors.js';
import type { Handlers } from '../grpc/server.js';
import type { Msg } from '../proto.js';
import { checkLength } from './limits.js';
import { lookupRun } from './lookup.js';

function openRun(engine: Engine, req: Msg): RunState {
  checkLength(req.identity, 'Identity length exceeds limit.');
  const run = lookupRun(engine, req.namespace, req.execution);
  if (!isOpen(run)) throw notFound('workflow execution already completed');
  return run;
}

export function activityHandlers(engine: Engine): Handlers {
  return {
    PauseActivity: (req: Msg) => {
      const run = openRun(engine, req);
      for (const act of selectActivities(run, req, null)) {
        pauseActivity(engine, run, act, { requestId: String(req.requestId ?? ''), reason: String(req.reason ?? ''), identity: String(req.identity ?? '') });
      }
      return {};
    },
    UnpauseActivity: (req: Msg) => {
      const run = openRun(engine, req);
      for (const act of selectActivities(run, req, 'unpauseAll')) {
        unpauseActivity(engine, run, act, { resetAttempts: req.resetAttempts === true, resetHeartbeat: req.resetHeartbeat === true, jitter: req.jitter });
      }
      return {};
    },
    ResetActivity: (req: Msg) => {
      const run = openRun(engine, req);
      for (const act of selectActivities(run, req, 'matchAll')) {
        if (req.restoreOriginalOptions) restoreOriginalActivityOptions(engine, run, act);
        resetActivity(engine, run, act, { resetHeartbeat: req.resetHeartbeat === true, keepPaused: req.keepPaused === true, jitter: req.jitter });
      }
      return {};
    },
    UpdateActivityOptions: (req: Msg) => {
      const run = openRun(engine, req);
      const acts = selectActivities(run, req, 'matchAll');
      if (acts.length === 0) throw notFound("Can't find pending activity with such ID. Invalid activityID or activity already completed");
      if (!req.restoreOriginal) {
        if (!req.activityOptions) throw invalidArgument('ActivityOptions are not provided');
        if (!req.updateMask) throw invalidArgument('UpdateMask is not provided');
      }
      let activityOptions: Msg;
      for (const act of acts) {
        activityOptions = req.restoreOriginal ? restoreOriginalActivityOptions(engine, run, act) : updateActivityOptions(engine, run, act, req.activityOptions, req.updateMask.paths ?? []);
      }
      return { activityOptions: activityOptions! };
    },
  };
}
