// Length limits on the ids and names a request carries, as the real server's frontend checks
// them (limit.maxIDLength, 1,000 bytes by default), with its messages.
import { invalidArgument } from '../grpc/errors.js';
import type { Msg } from '../proto.js';

export const MAX_ID_LENGTH = 1000;

const bytes = (s: unknown): number => Buffer.byteLength(String(s ?? ''), 'utf8');

/** Throws INVALID_ARGUMENT with `message` when `value` is longer than the id length limit. */
export function checkLength(value: unknown, message: string): void {
  if (bytes(value) > MAX_ID_LENGTH) throw invalidArgument(message);
}

/** The workflow id check of the start paths, which names the length. */
export function checkWorkflowIdLength(workflowId: string): void {
  const n = bytes(workflowId);
  if (n > MAX_ID_LENGTH) throw invalidArgument(`WorkflowId exceeds maximum allowed length (${n}/${MAX_ID_LENGTH})`);
}

/** The limits on a StartWorkflowExecution-shaped request (start, signal-with-start, update-with-start). */
export function checkStartLimits(req: Msg): void {
  checkWorkflowIdLength(String(req.workflowId ?? ''));
  checkLength(req.workflowType?.name, 'WorkflowType length exceeds limit.');
  checkLength(req.taskQueue?.name, 'taskQueue length exceeds limit');
  checkLength(req.requestId, 'RequestId length exceeds limit.');
  checkLength(req.identity, 'Identity length exceeds limit.');
}
