// Task tokens: opaque to workers, enough for the server to find the task again.
const SEP = '\u0000';

export type Token =
  | { kind: 'wft'; runKey: string; seq: number }
  | { kind: 'activity'; runKey: string; scheduledEventId: number; attempt: number }
  | { kind: 'query'; queryId: string };

export function encodeToken(t: Token): Buffer {
  switch (t.kind) {
    case 'wft':
      return Buffer.from(['w', t.runKey, t.seq].join(SEP));
    case 'activity':
      return Buffer.from(['a', t.runKey, t.scheduledEventId, t.attempt].join(SEP));
    case 'query':
      return Buffer.from(['q', t.queryId].join(SEP));
  }
}

export function decodeToken(bytes: Uint8Array | undefined | null): Token | null {
  if (!bytes || bytes.length === 0) return null;
  const parts = Buffer.from(bytes).toString('utf8').split(SEP);
  switch (parts[0]) {
    case 'w':
      return parts.length === 3 ? { kind: 'wft', runKey: parts[1]!, seq: Number(parts[2]) } : null;
    case 'a':
      return parts.length === 4 ? { kind: 'activity', runKey: parts[1]!, scheduledEventId: Number(parts[2]), attempt: Number(parts[3]) } : null;
    case 'q':
      return parts.length === 2 ? { kind: 'query', queryId: parts[1]! } : null;
    default:
      return null;
  }
}
