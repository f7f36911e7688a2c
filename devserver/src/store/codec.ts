// JSON for persisted state: bytes as base64, int64 Longs as numbers, protobuf messages as their
// own fields. Round-trips everything the engine keeps in RunState, timers and documents.
interface LongLike {
  toNumber(): number;
  low: number;
  high: number;
}

function plain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return { $b: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (typeof (value as LongLike).toNumber === 'function' && 'low' in value && 'high' in value) return (value as LongLike).toNumber();
  if (Array.isArray(value)) return value.map(plain);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === 'function') continue;
    out[key] = plain(v);
  }
  return out;
}

export function encodeState(value: unknown): string {
  return JSON.stringify(plain(value));
}

export function decodeState<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { $b?: unknown }).$b === 'string' && Object.keys(v).length === 1) {
      return Buffer.from((v as { $b: string }).$b, 'base64');
    }
    return v;
  }) as T;
}
