// The persisted shape of workflow runs, activities and timers. Everything here is plain data
// (payload bytes included) so the state store can write it out and read it back.
import type { Msg } from '../proto.js';

export interface HistoryEvent {
  eventId: number;
  eventTime: { seconds: number; nanos: number };
  eventType: number;
  [attributes: string]: Msg;
}

export interface WorkflowTaskState {
  state: 'scheduled' | 'started';
  /** Distinguishes this task from earlier ones in tokens and queue items. */
  seq: number;
  scheduledEventId: number;
  startedEventId: number;
  attempt: number;
  queue: string;
  sticky: boolean;
  scheduledTimeMs: number;
  startedTimeMs: number;
  identity: string;
  timeoutTimerId: number;
  /** Update ids delivered with this task. */
  sentUpdates: string[];
  /**
   * An attempt after the first failed one is transient, as on the real server: its Scheduled and
   * Started events are shown to the worker but kept out of history unless the attempt completes.
   */
  transient?: boolean;
  /**
   * A task made only to deliver an update, as the real server's speculative task: its events are
   * written only if it changes something, and dropped if the worker only rejects updates.
   */
  speculative?: boolean;
  /** The next event id when a speculative task was scheduled: events written since keep it. */
  nextEventIdAtSchedule?: number;
  /** A transient or speculative task's Scheduled and Started events, as the worker was shown them. */
  transientEvents?: HistoryEvent[];
}

export interface RetrySettings {
  initialMs: number;
  coefficient: number;
  maxIntervalMs: number;
  maxAttempts: number;
  nonRetryableTypes: string[];
}

export interface ActivityState {
  scheduledEventId: number;
  activityId: string;
  activityType: string;
  taskQueue: string;
  header: Msg;
  input: Msg;
  attempt: number;
  state: 'scheduled' | 'started' | 'backoff';
  scheduledTimeMs: number;
  attemptScheduledTimeMs: number;
  startedTimeMs: number;
  startedIdentity: string;
  pollRequestId: string;
  heartbeatDetails: Msg;
  lastHeartbeatMs: number;
  lastFailure: Msg;
  /** When the last failed attempt ended, and when the next one is due (while in backoff). */
  lastAttemptCompleteTimeMs?: number;
  nextAttemptScheduleTimeMs?: number;
  cancelRequested: boolean;
  cancelRequestedEventId: number;
  /** Paused by PauseActivity: no attempt is dispatched until it is unpaused. */
  paused?: { requestId: string; reason: string; identity: string; timeMs: number };
  /** ResetActivity while an attempt runs: heartbeats say so, and the next attempt is the first. */
  resetRequested?: boolean;
  retry: RetrySettings;
  retryPolicy: Msg;
  s2cMs: number;
  s2sMs: number;
  stcMs: number;
  hbMs: number;
  timerIds: number[];
}

export interface ChildState {
  initiatedEventId: number;
  startedEventId: number;
  namespace: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  parentClosePolicy: number;
}

export interface UpdateState {
  id: string;
  request: Msg;
  state: 'admitted' | 'sent' | 'accepted' | 'completed';
  acceptedEventId: number;
  outcome: Msg | null;
  /** Rejected by a validator: the outcome is kept for waiters, polls answer NOT_FOUND. */
  rejected?: boolean;
  /** The run closed before the update was accepted. */
  aborted?: boolean;
}

export interface ParentInfo {
  namespace: string;
  workflowId: string;
  runId: string;
  initiatedEventId: number;
}

export interface RunState {
  key: string;
  namespace: string;
  workflowId: string;
  runId: string;
  firstExecutionRunId: string;
  workflowType: string;
  taskQueue: string;
  status: number;
  startTimeMs: number;
  executionTimeMs: number;
  closeTimeMs: number;
  nextEventId: number;
  startRequestId: string;
  requestIds: string[];
  memo: Msg;
  searchAttributes: Record<string, Msg>;
  executionTimeoutMs: number;
  runTimeoutMs: number;
  taskTimeoutMs: number;
  /** Wall of the whole chain: execution timeout counts from the first run. */
  executionExpiresMs: number;
  parent: ParentInfo | null;
  root: { workflowId: string; runId: string } | null;
  wft: WorkflowTaskState | null;
  /** Set while RespondWorkflowTaskCompleted is applied: events then go straight to history. */
  completing: boolean;
  needsWft: boolean;
  /** First workflow task waits for a start delay or continue-as-new backoff. */
  backoffUntilMs: number;
  previousStartedEventId: number;
  wftAttempt: number;
  completedWftCount: number;
  /** Workflow tasks scheduled without writing an event: tells their tokens apart. */
  unwrittenWftCount?: number;
  sticky: { queue: string; scheduleToStartMs: number } | null;
  buffered: HistoryEvent[];
  activities: Record<number, ActivityState>;
  timers: Record<string, { startedEventId: number; timerRecordId: number }>;
  children: Record<number, ChildState>;
  updates: Record<string, UpdateState>;
  cancelRequested: boolean;
  runTimerIds: number[];
  closeEventId: number;
  newExecutionRunId: string;
  /** The encoded size of the first `sizedEventCount` events (see historySize). */
  historySizeBytes: number;
  sizedEventCount?: number;
  userMetadata: Msg;
  retryPolicy: Msg;
  header: Msg;
  priority: Msg;
}

export interface TimerRecord {
  id: number;
  at: number;
  kind: string;
  data: Record<string, string | number>;
}
