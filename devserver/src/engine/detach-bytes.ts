// Decoded protobuf bytes are views into the whole request buffer (often a shared 8 KiB pool
// slab). Kept in history they would pin those buffers for the life of the server; a copy of
// exactly their size does not.
export function detachBytes(value: unknown, depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 12) return;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v instanceof Uint8Array) {
      if (v.byteLength < v.buffer.byteLength) obj[key] = new Uint8Array(v);
    } else if (v !== null && typeof v === 'object') {
      detachBytes(v, depth + 1);
    }
  }
}
