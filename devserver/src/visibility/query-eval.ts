// Evaluates parsed visibility queries against runs, with Temporal's per-type semantics.
import type { Engine } from '../engine/context.js';
import type { RunState } from '../engine/types.js';
import { IndexedValueType, WorkflowStatus } from '../enums.js';
import { invalidArgument } from '../grpc/errors.js';
import { payloadJson } from '../proto.js';
import type { Expr, Literal } from './query-parser.js';
import { attributeType } from './search-attributes.js';

export type Value = string | number | boolean | string[] | null;
export type Predicate = (run: RunState) => boolean;

const fail = (msg: string): Error => invalidArgument(`invalid query: ${msg}`);

/** ExecutionStatus as the query language spells it. */
export const STATUS_NAMES: Record<number, string> = {
  [WorkflowStatus.RUNNING!]: 'Running',
  [WorkflowStatus.COMPLETED!]: 'Completed',
  [WorkflowStatus.FAILED!]: 'Failed',
  [WorkflowStatus.CANCELED!]: 'Canceled',
  [WorkflowStatus.TERMINATED!]: 'Terminated',
  [WorkflowStatus.CONTINUED_AS_NEW!]: 'ContinuedAsNew',
  [WorkflowStatus.TIMED_OUT!]: 'TimedOut',
};
const FAR_FUTURE = Date.UTC(9999, 11, 31);

/** Resolves `Temporal`-prefix-optional names to the registered attribute. */
function resolveName(engine: Engine, namespace: string, name: string): { name: string; type: number } {
  for (const candidate of [name, `Temporal${name}`]) {
    const type = attributeType(engine, namespace, candidate);
    if (type !== undefined) return { name: candidate, type };
  }
  throw fail(`invalid expression: column name '${name}' is not a valid search attribute`);
}

/** The value of an attribute for a run: system fields from state, custom ones from payloads. */
export function attributeValue(run: RunState, name: string, type: number): Value {
  switch (name) {
    case 'WorkflowId':
      return run.workflowId;
    case 'RunId':
      return run.runId;
    case 'WorkflowType':
      return run.workflowType;
    case 'ExecutionStatus':
      return STATUS_NAMES[run.status] ?? '';
    case 'TaskQueue':
      return run.taskQueue;
    case 'StartTime':
      return run.startTimeMs;
    case 'ExecutionTime':
      return run.executionTimeMs;
    case 'CloseTime':
      return run.closeTimeMs || null;
    case 'HistoryLength':
      return run.nextEventId - 1;
    case 'HistorySizeBytes':
      return run.historySizeBytes;
    case 'ExecutionDuration':
      return run.closeTimeMs ? (run.closeTimeMs - run.executionTimeMs) * 1e6 : null;
    case 'ParentWorkflowId':
      return run.parent?.workflowId ?? null;
    case 'ParentRunId':
      return run.parent?.runId ?? null;
    case 'RootWorkflowId':
      return run.root?.workflowId ?? run.workflowId;
    case 'RootRunId':
      return run.root?.runId ?? run.runId;
  }
  const p = run.searchAttributes[name];
  if (!p) return null;
  const v = payloadJson(p);
  if (v === null || v === undefined) return null;
  if (type === IndexedValueType.DATETIME) {
    const s = Array.isArray(v) ? v[0] : v;
    const ms = Date.parse(String(s));
    return Number.isNaN(ms) ? null : ms;
  }
  if (type === IndexedValueType.KEYWORD_LIST) return (Array.isArray(v) ? v : [v]).map(String);
  if (Array.isArray(v)) return v.length > 0 ? (v[0] as Value) : null; // typed SDK values may arrive as [x]
  return v as Value;
}

function coerce(literal: Literal, name: string, type: number): Value {
  if (name === 'ExecutionStatus') {
    if (typeof literal === 'number') return STATUS_NAMES[literal] ?? '';
    const byName = Object.values(STATUS_NAMES).find((s) => s === literal);
    if (byName) return byName;
    const byEnum = WorkflowStatus[String(literal).replace(/^WORKFLOW_EXECUTION_STATUS_/, '')];
    if (byEnum !== undefined) return STATUS_NAMES[byEnum]!;
    throw fail(`invalid expression: invalid ExecutionStatus value '${literal}'`);
  }
  switch (type) {
    case IndexedValueType.DATETIME: {
      if (typeof literal === 'number') return literal / 1e6; // nanoseconds since the epoch
      const ms = Date.parse(String(literal));
      if (Number.isNaN(ms)) throw fail(`invalid expression: invalid datetime value '${literal}' for ${name}`);
      return ms;
    }
    case IndexedValueType.INT:
    case IndexedValueType.DOUBLE: {
      const n = typeof literal === 'number' ? literal : Number(literal);
      if (Number.isNaN(n)) throw fail(`invalid expression: invalid value '${literal}' for ${name}`);
      return n;
    }
    case IndexedValueType.BOOL:
      return typeof literal === 'boolean' ? literal : String(literal).toLowerCase() === 'true';
    default:
      return String(literal);
  }
}

function compare(a: Value, op: string, b: Value): boolean {
  if (a === null || b === null || Array.isArray(a) || Array.isArray(b)) return false;
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
  return false;
}

const tokens = (s: string): string[] => s.toLowerCase().split(/\W+/).filter(Boolean);

export function compileExpr(engine: Engine, namespace: string, e: Expr): Predicate {
  switch (e.kind) {
    case 'and': {
      const l = compileExpr(engine, namespace, e.left);
      const r = compileExpr(engine, namespace, e.right);
      return (run) => l(run) && r(run);
    }
    case 'or': {
      const l = compileExpr(engine, namespace, e.left);
      const r = compileExpr(engine, namespace, e.right);
      return (run) => l(run) || r(run);
    }
    case 'not': {
      const inner = compileExpr(engine, namespace, e.expr);
      return (run) => !inner(run);
    }
  }
  const { name, type } = resolveName(engine, namespace, e.field);
  const get = name === 'CloseTime' && e.kind !== 'isNull' ? (run: RunState): Value => run.closeTimeMs || FAR_FUTURE : (run: RunState) => attributeValue(run, name, type);
  const isText = type === IndexedValueType.TEXT;
  const isList = type === IndexedValueType.KEYWORD_LIST;
  switch (e.kind) {
    case 'isNull':
      return (run) => {
        const v = get(run);
        const isNull = v === null || (Array.isArray(v) && v.length === 0);
        return e.negated ? !isNull : isNull;
      };
    case 'compare': {
      const value = coerce(e.value, name, type);
      if ((isText || isList) && e.op !== '=' && e.op !== '!=') throw fail(`invalid expression: cannot do range condition on search attribute '${e.field}' of type ${isText ? 'Text' : 'KeywordList'}`);
      if (isText) {
        const want = tokens(String(value));
        return (run) => {
          const v = get(run);
          const hit = typeof v === 'string' && want.some((w) => tokens(v).includes(w));
          return e.op === '=' ? hit : v !== null && !hit;
        };
      }
      if (isList) {
        return (run) => {
          const v = get(run);
          const has = Array.isArray(v) && v.includes(String(value));
          return e.op === '=' ? has : !has;
        };
      }
      return (run) => compare(get(run), e.op, value);
    }
    case 'in': {
      const values = e.values.map((v) => coerce(v, name, type));
      return (run) => {
        const v = get(run);
        const hit = Array.isArray(v) ? v.some((x) => values.includes(x)) : v !== null && values.includes(v);
        return e.negated ? v !== null && !hit : hit;
      };
    }
    case 'between': {
      if (isText || isList) throw fail(`invalid expression: cannot do range condition on search attribute '${e.field}' of type ${isText ? 'Text' : 'KeywordList'}`);
      const low = coerce(e.low, name, type);
      const high = coerce(e.high, name, type);
      return (run) => {
        const v = get(run);
        const inside = compare(v, '>=', low) && compare(v, '<=', high);
        return e.negated ? v !== null && !inside : inside;
      };
    }
    case 'startsWith': {
      if (type !== IndexedValueType.KEYWORD) throw fail(`invalid expression: STARTS_WITH is only supported on Keyword attributes, not '${e.field}'`);
      return (run) => {
        const v = get(run);
        const hit = typeof v === 'string' && v.startsWith(e.prefix);
        return e.negated ? v !== null && !hit : hit;
      };
    }
  }
}

export { resolveName };
