// Search-attribute definitions per namespace: the system ones, the dev server's predefined
// custom ones, and those added with --search-attribute or OperatorService.
import type { Engine } from '../engine/context.js';
import { EventType, IndexedValueType } from '../enums.js';
import { invalidArgument } from '../grpc/errors.js';
import { encode, type Msg } from '../proto.js';

export const SYSTEM_ATTRIBUTES: Record<string, number> = {
  WorkflowId: IndexedValueType.KEYWORD!,
  RunId: IndexedValueType.KEYWORD!,
  WorkflowType: IndexedValueType.KEYWORD!,
  ExecutionStatus: IndexedValueType.KEYWORD!,
  StartTime: IndexedValueType.DATETIME!,
  CloseTime: IndexedValueType.DATETIME!,
  ExecutionTime: IndexedValueType.DATETIME!,
  ExecutionDuration: IndexedValueType.INT!,
  HistoryLength: IndexedValueType.INT!,
  HistorySizeBytes: IndexedValueType.INT!,
  TaskQueue: IndexedValueType.KEYWORD!,
  ParentWorkflowId: IndexedValueType.KEYWORD!,
  ParentRunId: IndexedValueType.KEYWORD!,
  RootWorkflowId: IndexedValueType.KEYWORD!,
  RootRunId: IndexedValueType.KEYWORD!,
  TemporalChangeVersion: IndexedValueType.KEYWORD_LIST!,
  BinaryChecksums: IndexedValueType.KEYWORD_LIST!,
  BuildIds: IndexedValueType.KEYWORD_LIST!,
  BatcherUser: IndexedValueType.KEYWORD!,
  TemporalScheduledStartTime: IndexedValueType.DATETIME!,
  TemporalScheduledById: IndexedValueType.KEYWORD!,
  TemporalSchedulePaused: IndexedValueType.BOOL!,
  TemporalNamespaceDivision: IndexedValueType.KEYWORD!,
  TemporalWorkerDeploymentVersion: IndexedValueType.KEYWORD!,
  TemporalWorkflowVersioningBehavior: IndexedValueType.KEYWORD!,
  TemporalWorkerDeployment: IndexedValueType.KEYWORD!,
};

/** The official dev server's predefined custom attributes. */
const PREDEFINED_CUSTOM: Record<string, number> = {
  CustomKeywordField: IndexedValueType.KEYWORD!,
  CustomStringField: IndexedValueType.TEXT!,
  CustomTextField: IndexedValueType.TEXT!,
  CustomIntField: IndexedValueType.INT!,
  CustomDatetimeField: IndexedValueType.DATETIME!,
  CustomDoubleField: IndexedValueType.DOUBLE!,
  CustomBoolField: IndexedValueType.BOOL!,
};

const TYPE_NAMES: Record<string, number> = {
  text: IndexedValueType.TEXT!,
  keyword: IndexedValueType.KEYWORD!,
  int: IndexedValueType.INT!,
  double: IndexedValueType.DOUBLE!,
  bool: IndexedValueType.BOOL!,
  datetime: IndexedValueType.DATETIME!,
  keywordlist: IndexedValueType.KEYWORD_LIST!,
};

export function parseTypeName(name: string): number | undefined {
  return TYPE_NAMES[name.toLowerCase().replace(/[^a-z]/g, '')];
}

const docKey = (namespace: string): string => `sa/${namespace}`;

export function customAttributes(engine: Engine, namespace: string): Record<string, number> {
  return engine.store.getDoc<Record<string, number>>(docKey(namespace)) ?? { ...PREDEFINED_CUSTOM };
}

export function addCustomAttributes(engine: Engine, namespace: string, attrs: Record<string, number>): void {
  engine.store.putDoc(docKey(namespace), { ...customAttributes(engine, namespace), ...attrs });
}

export function removeCustomAttributes(engine: Engine, namespace: string, names: string[]): void {
  const current = customAttributes(engine, namespace);
  for (const n of names) {
    if (!(n in current)) throw invalidArgument(`Search attribute ${n} doesn't exist.`);
    delete current[n];
  }
  engine.store.putDoc(docKey(namespace), current);
}

/** The type of an attribute name, or undefined when unknown in the namespace. */
export function attributeType(engine: Engine, namespace: string, name: string): number | undefined {
  return SYSTEM_ATTRIBUTES[name] ?? customAttributes(engine, namespace)[name];
}

let lenient = false;
/** The time-skipping server, like Java's, accepts any attribute name. */
export function acceptUnknownAttributes(value: boolean): void {
  lenient = value;
}

/** The system attributes a workflow may not set, which the server keeps itself. */
const SET_BY_SERVER = new Set([
  'WorkflowId', 'RunId', 'WorkflowType', 'StartTime', 'ExecutionTime', 'CloseTime', 'ExecutionStatus', 'TaskQueue', 'HistoryLength',
  'ExecutionDuration', 'StateTransitionCount', 'HistorySizeBytes', 'ParentWorkflowId', 'ParentRunId', 'RootWorkflowId', 'RootRunId',
]);
/** The real server's frontend.searchAttributes{NumberOfKeys,SizeOfValue,TotalSize}Limit defaults. */
const MAX_KEYS = 100;
const MAX_VALUE_BYTES = 2 * 1024;
const MAX_TOTAL_BYTES = 40 * 1024;

/** The real server's count and size limits on the attributes a start or a schedule sets. */
function checkAttributeLimits(fields: Record<string, Msg>): void {
  const names = Object.keys(fields);
  if (names.length > MAX_KEYS) throw invalidArgument(`number of search attributes ${names.length} exceeds limit ${MAX_KEYS}`);
  for (const name of names) {
    const size = fields[name]?.data?.length ?? 0;
    if (size > MAX_VALUE_BYTES) throw invalidArgument(`search attribute ${name} value size ${size} exceeds size limit ${MAX_VALUE_BYTES}`);
  }
  const total = encode('temporal.api.common.v1.SearchAttributes', { indexedFields: fields }).length;
  if (total > MAX_TOTAL_BYTES) throw invalidArgument(`total size of search attributes ${total} exceeds size limit ${MAX_TOTAL_BYTES}`);
}

export function validateSearchAttributes(engine: Engine, namespace: string, fields: Record<string, Msg>): void {
  if (Object.keys(fields).length === 0) return;
  checkAttributeLimits(fields);
  for (const name of Object.keys(fields)) if (SET_BY_SERVER.has(name)) throw invalidArgument(`${name} attribute can't be set in SearchAttributes`);
  if (lenient) {
    // Learn the type of new names from the payload, so queries can use them.
    const learned: Record<string, number> = {};
    for (const [name, p] of Object.entries(fields)) {
      const typeName = p?.metadata?.type ? Buffer.from(p.metadata.type).toString() : '';
      const t = parseTypeName(typeName);
      if (t !== undefined && attributeType(engine, namespace, name) === undefined) learned[name] = t;
    }
    if (Object.keys(learned).length > 0) addCustomAttributes(engine, namespace, learned);
    return;
  }
  for (const name of Object.keys(fields)) {
    if (attributeType(engine, namespace, name) === undefined) {
      throw invalidArgument(`Namespace ${namespace} has no mapping defined for search attribute ${name}`);
    }
  }
}

/** The type names a payload's `metadata.type` carries, by IndexedValueType. */
const METADATA_TYPE_NAMES: Record<number, string> = {
  [IndexedValueType.TEXT!]: 'Text',
  [IndexedValueType.KEYWORD!]: 'Keyword',
  [IndexedValueType.INT!]: 'Int',
  [IndexedValueType.DOUBLE!]: 'Double',
  [IndexedValueType.BOOL!]: 'Bool',
  [IndexedValueType.DATETIME!]: 'Datetime',
  [IndexedValueType.KEYWORD_LIST!]: 'KeywordList',
};

const utf8 = new TextEncoder();

/** A search-attribute payload as the real server writes one: JSON with its type in the metadata. */
export function typedAttributePayload(value: unknown, type: number): Msg {
  return { metadata: { encoding: utf8.encode('json/plain'), type: utf8.encode(METADATA_TYPE_NAMES[type] ?? '') }, data: utf8.encode(JSON.stringify(value)) };
}

/**
 * The attributes as reads return them (describe, list, schedules): a value stored without its
 * type, as the untyped API sends it, gets the registered type in its metadata, as the real
 * server's ApplyTypeMap does, so the SDK decodes it as that type. Stored values are not changed.
 */
export function withAttributeTypes(engine: Engine, namespace: string, fields: Record<string, Msg> | undefined | null): Record<string, Msg> {
  const out: Record<string, Msg> = {};
  for (const [name, p] of Object.entries(fields ?? {})) {
    const hasType = p?.metadata?.type && p.metadata.type.length > 0;
    const type = hasType ? undefined : attributeType(engine, namespace, name);
    out[name] = type === undefined ? p : { ...p, metadata: { ...(p.metadata ?? {}), type: utf8.encode(METADATA_TYPE_NAMES[type] ?? '') } };
  }
  return out;
}

/** The events whose attributes carry search attributes, and where. */
const EVENTS_WITH_ATTRIBUTES: Record<number, string> = {
  [EventType.WORKFLOW_EXECUTION_STARTED!]: 'workflowExecutionStartedEventAttributes',
  [EventType.WORKFLOW_EXECUTION_CONTINUED_AS_NEW!]: 'workflowExecutionContinuedAsNewEventAttributes',
  [EventType.START_CHILD_WORKFLOW_EXECUTION_INITIATED!]: 'startChildWorkflowExecutionInitiatedEventAttributes',
  [EventType.UPSERT_WORKFLOW_SEARCH_ATTRIBUTES!]: 'upsertWorkflowSearchAttributesEventAttributes',
};

/**
 * History as it goes out (history reads, workflow and query tasks): as the real server's
 * ProcessOutgoingSearchAttributes, the search attributes in the events that carry them get their
 * registered type where they came untyped, so the worker's WorkflowInfo sees a Datetime as a Date.
 * Events needing it are copied; history itself keeps what was written.
 */
export function typedOutgoingEvents(engine: Engine, namespace: string, events: Msg[]): Msg[] {
  let out: Msg[] | null = null;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i]!;
    const field = EVENTS_WITH_ATTRIBUTES[ev.eventType];
    const fields = field ? ev[field]?.searchAttributes?.indexedFields : undefined;
    if (!fields || Object.values(fields as Record<string, Msg>).every((p) => p?.metadata?.type?.length > 0)) continue;
    const typed = { ...ev, [field!]: { ...ev[field!], searchAttributes: { ...ev[field!].searchAttributes, indexedFields: withAttributeTypes(engine, namespace, fields) } } };
    out ??= events.slice();
    out[i] = typed;
  }
  return out ?? events;
}
