/**
 * HTTP JSON client of the call centre. Creating a task sends an Idempotency-Key header, so a
 * retried create returns the task made the first time instead of a second call.
 */
export interface CallTaskPayload {
  contactId: number;
  name: string;
  phone: string;
  language: string;
  timeZone: string;
  purpose: string;
  notes: string;
  attempt: number;
  /** ISO instants bounding when the agent may call. */
  window: { notBefore: string; notAfter: string };
  /** Where the call centre POSTs the outcome. */
  callbackUrl: string;
  /** Echoed back with the outcome so the engine finds the workflow. */
  reference: string;
}

export type CallCentreOutcome =
  | { kind: 'created'; taskId: string }
  | { kind: 'transient'; status?: number; reason: string }
  | { kind: 'permanent'; status: number; reason: string };

export interface CallService {
  createTask(idempotencyKey: string, task: CallTaskPayload): Promise<CallCentreOutcome>;
}

export interface CallCentreClientOptions {
  baseUrl: string;
  timeoutMs: number;
}

/** The call-centre client over fetch; 5xx, 429, timeouts and network errors are transient. */
export function createCallCentreClient(options: CallCentreClientOptions): CallService {
  const url = new URL('tasks', options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  return {
    async createTask(idempotencyKey, task) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
          body: JSON.stringify(task),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (err) {
        return { kind: 'transient', reason: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
      }
      const text = await response.text().catch(() => '');
      if (response.ok) {
        try {
          const body = JSON.parse(text) as { taskId?: unknown };
          if (typeof body.taskId === 'string' && body.taskId) return { kind: 'created', taskId: body.taskId };
        } catch {
          // fall through: a 2xx without a task id is the centre's fault, and may clear up
        }
        return { kind: 'transient', status: response.status, reason: `no taskId in response: ${text.slice(0, 200)}` };
      }
      const reason = `HTTP ${response.status}: ${text.slice(0, 200)}`;
      if (response.status >= 500 || response.status === 429 || response.status === 408) {
        return { kind: 'transient', status: response.status, reason };
      }
      return { kind: 'permanent', status: response.status, reason };
    },
  };
}
