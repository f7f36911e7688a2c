// ListWorkflowExecutions, ScanWorkflowExecutions, CountWorkflowExecutions, GetSearchAttributes.
import type { Engine } from '../engine/context.js';
import type { RunState } from '../engine/types.js';
import { historySize } from '../engine/history.js';
import { executionInfo } from '../handlers/execution-handlers.js';
import { invalidArgument } from '../grpc/errors.js';
import type { Handlers } from '../grpc/server.js';
import { type Msg } from '../proto.js';
import { attributeValue, compileExpr, resolveName, STATUS_NAMES, type Value } from './query-eval.js';
import { parseQuery } from './query-parser.js';
import { customAttributes, SYSTEM_ATTRIBUTES } from './search-attributes.js';

const MAX_PAGE = 1000;

function matchingRuns(engine: Engine, namespace: string, query: string): { runs: RunState[]; groupBy: string[] } {
  const parsed = parseQuery(query);
  const predicate = parsed.where ? compileExpr(engine, namespace, parsed.where) : () => true;
  const runs: RunState[] = [];
  for (const run of engine.store.allRuns()) {
    if (run.namespace !== namespace) continue;
    historySize(engine, run); // brings HistorySizeBytes up to date for the query
    if (predicate(run)) runs.push(run);
  }
  if (parsed.orderBy.length > 0) {
    const keys = parsed.orderBy.map((o) => ({ ...resolveName(engine, namespace, o.field), desc: o.desc }));
    runs.sort((a, b) => {
      for (const k of keys) {
        const c = cmp(attributeValue(a, k.name, k.type), attributeValue(b, k.name, k.type));
        if (c !== 0) return k.desc ? -c : c;
      }
      return 0;
    });
  } else {
    // Open runs first, then most recently closed, then most recently started.
    runs.sort((a, b) => (b.closeTimeMs || Infinity) - (a.closeTimeMs || Infinity) || b.startTimeMs - a.startTimeMs || (a.runId < b.runId ? -1 : 1));
  }
  return { runs, groupBy: parsed.groupBy };
}

function cmp(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function page(engine: Engine, req: Msg): Msg {
  const namespace = req.namespace || 'default';
  const { runs } = matchingRuns(engine, namespace, String(req.query ?? ''));
  const size = req.pageSize > 0 ? Math.min(req.pageSize, MAX_PAGE) : MAX_PAGE;
  const offset = req.nextPageToken?.length ? Number(Buffer.from(req.nextPageToken).toString()) || 0 : 0;
  const slice = runs.slice(offset, offset + size);
  return {
    executions: slice.map((run) => {
      const info = executionInfo(engine, run);
      if (!run.closeTimeMs) delete info.executionDuration;
      return info;
    }),
    nextPageToken: offset + size < runs.length ? Buffer.from(String(offset + size)) : undefined,
  };
}

const enc = new TextEncoder();

export function visibilityHandlers(engine: Engine): Handlers {
  return {
    ListWorkflowExecutions: (req: Msg) => page(engine, req),
    ScanWorkflowExecutions: (req: Msg) => page(engine, req),
    CountWorkflowExecutions: (req: Msg) => {
      const namespace = req.namespace || 'default';
      const { runs, groupBy } = matchingRuns(engine, namespace, String(req.query ?? ''));
      if (groupBy.length === 0) return { count: runs.length, groups: [] };
      if (groupBy.length > 1 || groupBy[0] !== 'ExecutionStatus') {
        throw invalidArgument(`invalid query: operation is not supported: 'GROUP BY' clause is not supported for search attribute ${groupBy.join(', ')}`);
      }
      const counts = new Map<string, number>();
      for (const run of runs) {
        const s = STATUS_NAMES[run.status] ?? '';
        counts.set(s, (counts.get(s) ?? 0) + 1);
      }
      return {
        count: runs.length,
        groups: [...counts].map(([status, count]) => ({ groupValues: [{ metadata: { encoding: enc.encode('json/plain'), type: enc.encode('Keyword') }, data: enc.encode(JSON.stringify(status)) }], count })),
      };
    },
    GetSearchAttributes: () => ({ keys: { ...SYSTEM_ATTRIBUTES, ...customAttributes(engine, 'default') } }),
  };
}
