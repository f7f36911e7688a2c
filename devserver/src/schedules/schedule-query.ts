// ListSchedules' and CountSchedules' visibility query, evaluated as the real server does: over
// the schedule's own search attributes, `TemporalSchedulePaused` and `ScheduleId`; any other
// reserved attribute is refused.
import type { Engine } from '../engine/context.js';
import type { RunState } from '../engine/types.js';
import { IndexedValueType } from '../enums.js';
import { invalidArgument } from '../grpc/errors.js';
import type { Msg } from '../proto.js';
import { compileExpr } from '../visibility/query-eval.js';
import { parseQuery, type Expr } from '../visibility/query-parser.js';
import { SYSTEM_ATTRIBUTES, typedAttributePayload } from '../visibility/search-attributes.js';
import type { ScheduleDoc } from './scheduler.js';

type ScheduleFilter = (doc: ScheduleDoc) => boolean;

/** The query with `ScheduleId` read as the id the filter matches on, and reserved names refused. */
function checkFields(e: Expr): Expr {
  switch (e.kind) {
    case 'and':
    case 'or':
      return { ...e, left: checkFields(e.left), right: checkFields(e.right) };
    case 'not':
      return { ...e, expr: checkFields(e.expr) };
    default: {
      if (e.field === 'ScheduleId') return { ...e, field: 'WorkflowId' };
      const reserved = [e.field, `Temporal${e.field}`].find((n) => n in SYSTEM_ATTRIBUTES);
      if (reserved && reserved !== 'TemporalSchedulePaused') throw invalidArgument(`invalid query filter for schedules: cannot filter on "${e.field}"`);
      return e;
    }
  }
}

/** A filter for schedules from a ListSchedules/CountSchedules query; an empty query matches all. */
export function scheduleFilter(engine: Engine, namespace: string, query: string): ScheduleFilter {
  const parsed = parseQuery(query);
  if (parsed.orderBy.length > 0 || parsed.groupBy.length > 0) throw invalidArgument(`invalid query: operation is not supported: 'ORDER BY' and 'GROUP BY' are not supported for schedules`);
  if (!parsed.where) return () => true;
  const predicate = compileExpr(engine, namespace, checkFields(parsed.where));
  return (doc) => predicate(asVisibilityRecord(doc));
}

/** The fields of a schedule the query language reads, in the shape of a run's. */
function asVisibilityRecord(doc: ScheduleDoc): RunState {
  const searchAttributes: Record<string, Msg> = {
    ...(doc.searchAttributes?.indexedFields ?? {}),
    TemporalSchedulePaused: typedAttributePayload(Boolean(doc.schedule.state?.paused), IndexedValueType.BOOL!),
  };
  return { workflowId: doc.scheduleId, searchAttributes } as unknown as RunState;
}
