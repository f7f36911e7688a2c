// The SDK core gzips every request. grpc-js inflates each message through a zlib stream, which
// cost more CPU than everything else the server does; one synchronous call per message is far
// cheaper. This replaces that one method of grpc-js's server call, keeping its error contract.
import { createRequire } from 'node:module';
import { gunzipSync, inflateSync } from 'node:zlib';
import { status } from '@grpc/grpc-js';

const require = createRequire(import.meta.url);

interface CallProto {
  decompressMessage(message: Buffer, encoding: string): Buffer | Promise<Buffer>;
  maxReceiveMessageSize: number;
}

export function installFastDecompression(): void {
  let proto: CallProto | undefined;
  try {
    proto = require('@grpc/grpc-js/build/src/server-interceptors.js').BaseServerInterceptingCall?.prototype;
  } catch {
    return; // a grpc-js without this layout keeps its own implementation
  }
  if (!proto || typeof proto.decompressMessage !== 'function') return;
  const original = proto.decompressMessage;
  proto.decompressMessage = function (this: CallProto, message: Buffer, encoding: string) {
    if (encoding !== 'gzip' && encoding !== 'deflate') return original.call(this, message, encoding);
    const max = this.maxReceiveMessageSize;
    try {
      const body = message.subarray(5);
      // A chunk near the expected output size: zlib's default 16 KiB chunk triples the cost of small messages.
      const chunkSize = Math.min(64 * 1024, Math.max(1024, body.length * 4));
      const out = (encoding === 'gzip' ? gunzipSync : inflateSync)(body, max > 0 ? { maxOutputLength: max, chunkSize } : { chunkSize });
      return Promise.resolve(out);
    } catch (err) {
      const tooBig = (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      return Promise.reject(tooBig ? { code: status.RESOURCE_EXHAUSTED, details: `Received message that decompresses to a size larger than ${max}` } : { code: status.INTERNAL, details: 'Failed to decompress message' });
    }
  };
}
