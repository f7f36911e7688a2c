// The id length limit (limit.maxIDLength) on the ids and names a workflow's commands carry, as the
// real server's command validator checks them: an over-long one fails the workflow task with the
// command's BAD_*_ATTRIBUTES cause.
import { CommandType, commandAttributesField, WftFailedCause } from '../enums.js';
import { MAX_ID_LENGTH } from '../handlers/limits.js';
import type { Msg } from '../proto.js';

const bytes = (s: unknown): number => Buffer.byteLength(String(s ?? ''), 'utf8');

/** The first command field over the limit, with the cause and message the real server gives. */
export function commandLimitViolation(commands: Msg[]): { cause: number; message: string } | null {
  for (const c of commands) {
    const a = c[commandAttributesField(c.commandType)] ?? {};
    const over = (v: unknown): boolean => bytes(v) > MAX_ID_LENGTH;
    const limit = (v: unknown): string => `Length=${bytes(v)} Limit=${MAX_ID_LENGTH}`;
    switch (c.commandType) {
      case CommandType.SCHEDULE_ACTIVITY_TASK:
        if (over(a.activityId)) return { cause: WftFailedCause.BAD_SCHEDULE_ACTIVITY_ATTRIBUTES!, message: `activityId exceeds length limit. ${limit(a.activityId)}` };
        if (over(a.activityType?.name)) return { cause: WftFailedCause.BAD_SCHEDULE_ACTIVITY_ATTRIBUTES!, message: `activityType exceeds length limit. ${limit(a.activityType?.name)}` };
        break;
      case CommandType.START_TIMER:
        if (over(a.timerId)) return { cause: WftFailedCause.BAD_START_TIMER_ATTRIBUTES!, message: `TimerId on StartTimerCommand exceeds length limit. TimerId=${a.timerId} ${limit(a.timerId)}` };
        break;
      case CommandType.RECORD_MARKER:
        if (over(a.markerName)) return { cause: WftFailedCause.BAD_RECORD_MARKER_ATTRIBUTES!, message: `MarkerName on RecordMarkerCommand exceeds length limit. MarkerName=${a.markerName} ${limit(a.markerName)}` };
        break;
      case CommandType.START_CHILD_WORKFLOW_EXECUTION:
        if (over(a.workflowId)) {
          return { cause: WftFailedCause.BAD_START_CHILD_EXECUTION_ATTRIBUTES!, message: `WorkflowId on StartChildWorkflowExecutionCommand exceeds length limit. WorkflowId=${a.workflowId} ${limit(a.workflowId)} WorkflowType=${a.workflowType?.name ?? ''} Namespace=${a.namespace ?? ''}` };
        }
        break;
      case CommandType.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION: {
        const id = a.execution?.workflowId;
        if (over(id)) {
          return { cause: WftFailedCause.BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES!, message: `WorkflowId on SignalExternalWorkflowExecutionCommand exceeds length limit. WorkflowId=${id} ${limit(id)} Namespace=${a.namespace ?? ''} RunId=${a.execution?.runId ?? ''} SignalName=${a.signalName ?? ''}` };
        }
        break;
      }
      case CommandType.REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION:
        if (over(a.workflowId)) {
          return { cause: WftFailedCause.BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES!, message: `WorkflowId on RequestCancelExternalWorkflowExecutionCommand exceeds length limit. WorkflowId=${a.workflowId} ${limit(a.workflowId)} RunId=${a.runId ?? ''} Namespace=${a.namespace ?? ''}` };
        }
        break;
    }
  }
  return null;
}

/** The name the real server gives a cause in its messages, e.g. WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES. */
export function causeName(cause: number): string {
  const name = Object.entries(WftFailedCause).find(([, v]) => v === cause)?.[0] ?? 'UNSPECIFIED';
  return `WORKFLOW_TASK_FAILED_CAUSE_${name}`;
}
