// Enum numbers the engine uses, read from the proto definitions so they never drift.
import { enumValues } from './proto.js';

const ev = enumValues('temporal.api.enums.v1.EventType');
const ct = enumValues('temporal.api.enums.v1.CommandType');

function strip<T extends Record<string, number>>(values: T, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) out[k.replace(prefix, '')] = v;
  return out;
}

/** EventType without the EVENT_TYPE_ prefix, e.g. EventType.WORKFLOW_TASK_SCHEDULED. */
export const EventType = strip(ev, 'EVENT_TYPE_');
export const CommandType = strip(ct, 'COMMAND_TYPE_');

function camel(upper: string): string {
  return upper.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
const eventAttrField = new Map<number, string>();
for (const [name, v] of Object.entries(EventType)) eventAttrField.set(v, `${camel(name)}EventAttributes`);
const commandAttrField = new Map<number, string>();
for (const [name, v] of Object.entries(CommandType)) commandAttrField.set(v, `${camel(name)}CommandAttributes`);

/** The HistoryEvent field that holds the attributes of an event type. */
export function eventAttributesField(eventType: number): string {
  return eventAttrField.get(eventType) ?? '';
}
export function commandAttributesField(commandType: number): string {
  return commandAttrField.get(commandType) ?? '';
}

export const WorkflowStatus = strip(enumValues('temporal.api.enums.v1.WorkflowExecutionStatus'), 'WORKFLOW_EXECUTION_STATUS_');
export const RetryState = strip(enumValues('temporal.api.enums.v1.RetryState'), 'RETRY_STATE_');
export const TimeoutType = strip(enumValues('temporal.api.enums.v1.TimeoutType'), 'TIMEOUT_TYPE_');
export const ReusePolicy = strip(enumValues('temporal.api.enums.v1.WorkflowIdReusePolicy'), 'WORKFLOW_ID_REUSE_POLICY_');
export const ConflictPolicy = strip(enumValues('temporal.api.enums.v1.WorkflowIdConflictPolicy'), 'WORKFLOW_ID_CONFLICT_POLICY_');
export const WftFailedCause = strip(enumValues('temporal.api.enums.v1.WorkflowTaskFailedCause'), 'WORKFLOW_TASK_FAILED_CAUSE_');
export const ParentClosePolicy = strip(enumValues('temporal.api.enums.v1.ParentClosePolicy'), 'PARENT_CLOSE_POLICY_');
export const UpdateStage = strip(enumValues('temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage'), 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_');
export const TaskQueueKind = strip(enumValues('temporal.api.enums.v1.TaskQueueKind'), 'TASK_QUEUE_KIND_');
export const TaskQueueType = strip(enumValues('temporal.api.enums.v1.TaskQueueType'), 'TASK_QUEUE_TYPE_');
export const Initiator = strip(enumValues('temporal.api.enums.v1.ContinueAsNewInitiator'), 'CONTINUE_AS_NEW_INITIATOR_');
export const IndexedValueType = strip(enumValues('temporal.api.enums.v1.IndexedValueType'), 'INDEXED_VALUE_TYPE_');
export const ResourceExhaustedCause = strip(enumValues('temporal.api.enums.v1.ResourceExhaustedCause'), 'RESOURCE_EXHAUSTED_CAUSE_');
export const SuggestContinueAsNewReason = strip(enumValues('temporal.api.enums.v1.SuggestContinueAsNewReason'), 'SUGGEST_CONTINUE_AS_NEW_REASON_');
