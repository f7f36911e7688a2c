// The BuildIds search attribute the real server keeps from the build id each completed workflow
// task was stamped with.
import { IndexedValueType } from '../enums.js';
import { payloadJson, type Msg } from '../proto.js';
import { typedAttributePayload } from '../visibility/search-attributes.js';
import type { RunState } from './types.js';

/**
 * The BuildIds search attribute, as the real server keeps it for an unversioned worker: the
 * sentinel `unversioned` first, then `unversioned:<build id>` for each build id that completed
 * a task of the run (`versioned:<id>` for a worker that asked for versioning).
 */
export function recordBuildId(run: RunState, stamp: Msg): void {
  const buildId = String(stamp?.buildId ?? '');
  const value = buildId ? `${stamp.useVersioning ? 'versioned' : 'unversioned'}:${buildId}` : '';
  const existing = payloadJson(run.searchAttributes.BuildIds);
  const before = Array.isArray(existing) ? existing.map(String) : [];
  const after = [...(stamp?.useVersioning ? [] : ['unversioned']), ...before.filter((v) => v !== 'unversioned' && !v.startsWith('assigned:'))];
  if (value && !after.includes(value)) after.push(value);
  if (after.length === before.length && after.every((v, i) => v === before[i])) return;
  run.searchAttributes.BuildIds = typedAttributePayload(after, IndexedValueType.KEYWORD_LIST!);
}
