// Protobuf types and small conversions shared by every part of the server.
import { createRequire } from 'node:module';
import type * as protobuf from 'protobufjs';

const require = createRequire(import.meta.url);
// The JSON reflection root that the SDK itself uses, so messages are byte-compatible.
export const root: protobuf.Root = require('@temporalio/proto');

const typeCache = new Map<string, protobuf.Type>();
/** Looks up a message type by its full name, e.g. `temporal.api.common.v1.Payload`. */
export function type(name: string): protobuf.Type {
  let t = typeCache.get(name);
  if (!t) {
    t = root.lookupType(name);
    typeCache.set(name, t);
  }
  return t;
}

export function enumValues(name: string): Record<string, number> {
  return root.lookupEnum(name).values;
}

// Frequently used types.
export const HistoryEventType = type('temporal.api.history.v1.HistoryEvent');
export const PayloadType = type('temporal.api.common.v1.Payload');
export const PayloadsType = type('temporal.api.common.v1.Payloads');

/** Any protobuf message or plain object; the server treats messages as opaque records. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Msg = any;

interface LongLike {
  toNumber(): number;
}
function isLong(v: unknown): v is LongLike {
  return typeof v === 'object' && v !== null && typeof (v as LongLike).toNumber === 'function';
}

/** int64 fields decode as Long; the server works in plain numbers. */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (isLong(v)) return v.toNumber();
  if (typeof v === 'string') return Number(v) || 0;
  return 0;
}

export function durationMs(d: Msg | null | undefined): number {
  if (!d) return 0;
  return num(d.seconds) * 1000 + Math.floor((d.nanos ?? 0) / 1e6);
}
export function msDuration(ms: number): { seconds: number; nanos: number } {
  const whole = Math.floor(ms / 1000);
  return { seconds: whole, nanos: Math.round((ms - whole * 1000) * 1e6) };
}
export function timestampMs(t: Msg | null | undefined): number {
  if (!t) return 0;
  return num(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
}
export const msTimestamp = msDuration;

export function encode(typeName: string, obj: Msg): Uint8Array {
  return type(typeName).encode(obj).finish();
}
export function decode(typeName: string, bytes: Uint8Array): Msg {
  return type(typeName).decode(bytes);
}

/** Packs a message into a google.protobuf.Any. */
export function anyOf(typeName: string, obj: Msg): { type_url: string; value: Uint8Array } {
  return { type_url: `type.googleapis.com/${typeName}`, value: encode(typeName, obj) };
}
export function unpackAny(any: Msg): Msg {
  const name = String(any.type_url ?? '').replace(/^.*\//, '');
  return decode(name, any.value);
}

const enc = new TextEncoder();
/** A JSON payload as the default data converter writes it. */
export function jsonPayload(value: unknown): Msg {
  return { metadata: { encoding: enc.encode('json/plain') }, data: enc.encode(JSON.stringify(value)) };
}
export function payloadJson(p: Msg | undefined): unknown {
  if (!p?.data) return undefined;
  try {
    return JSON.parse(Buffer.from(p.data).toString('utf8'));
  } catch {
    return undefined;
  }
}
