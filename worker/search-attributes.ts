/**
 * Registers the engine's custom search attributes with the Temporal namespace, so operations can
 * find runs by campaign, contact, kind and stage. Safe to call at every start.
 */
import type { ConnectionLike } from '@temporalio/client';
// A CommonJS package: under plain Node ESM only its default export is reliably there.
import proto from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_KEYS } from '../lib/temporal-names.js';

const GRPC_ALREADY_EXISTS = 6;

const { IndexedValueType } = proto.temporal.api.enums.v1;
const INDEXED_TYPE = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
} as const;

export async function registerSearchAttributes(connection: ConnectionLike, namespace: string): Promise<void> {
  const searchAttributes: Record<string, proto.temporal.api.enums.v1.IndexedValueType> = {};
  for (const key of SEARCH_ATTRIBUTE_KEYS) searchAttributes[key.name] = INDEXED_TYPE[key.type as keyof typeof INDEXED_TYPE];
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (err) {
    // A real server answers ALREADY_EXISTS once they are registered; that is the state we want.
    if ((err as { code?: number }).code !== GRPC_ALREADY_EXISTS) throw err;
  }
}
