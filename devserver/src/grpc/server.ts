// Binds protobufjs service descriptors to a grpc-js server; unimplemented methods answer UNIMPLEMENTED.
import * as grpc from '@grpc/grpc-js';
import type * as protobuf from 'protobufjs';
import { root, type Msg } from '../proto.js';
import type { CallContext } from './call-context.js';
import { RpcError, unimplemented } from './errors.js';

const TRACE = process.env.DEVSERVER_TRACE === '1';

export type Handler = (request: Msg, ctx: CallContext) => Promise<Msg> | Msg;
export type Handlers = Record<string, Handler>;

export interface ServerHooks {
  /** Runs after each handler and before the answer is sent (persists state). */
  afterCall(): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
}

// protobufjs already returns a Buffer on Node; copy only if it did not.
const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));

function definitionOf(service: protobuf.Service): grpc.ServiceDefinition {
  const def: Record<string, grpc.MethodDefinition<Msg, Msg>> = {};
  const fullName = service.fullName.replace(/^\./, '');
  for (const method of service.methodsArray) {
    method.resolve();
    const req = method.resolvedRequestType!;
    const res = method.resolvedResponseType!;
    def[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (m: Msg) => asBuffer(req.encode(m).finish()),
      requestDeserialize: (b: Buffer) => req.decode(b),
      responseSerialize: (m: Msg) => asBuffer(res.encode(m).finish()),
      responseDeserialize: (b: Buffer) => res.decode(b),
      originalName: method.name,
    };
  }
  return def;
}

function contextOf(call: grpc.ServerUnaryCall<Msg, Msg>): CallContext {
  const d = call.getDeadline();
  const deadline = d instanceof Date ? d.getTime() : typeof d === 'number' && Number.isFinite(d) ? d : Infinity;
  const hooks: (() => void)[] = [];
  let cancelled = false;
  call.on('cancelled', () => {
    cancelled = true;
    for (const h of hooks.splice(0)) h();
  });
  return {
    deadline,
    onCancel: (fn) => {
      if (cancelled) fn();
      else hooks.push(fn);
    },
    get cancelled() {
      return cancelled;
    },
  };
}

export function addService(server: grpc.Server, serviceName: string, handlers: Handlers, hooks: ServerHooks): void {
  const service = root.lookupService(serviceName);
  const def = definitionOf(service);
  const impl: grpc.UntypedServiceImplementation = {};
  for (const name of Object.keys(def)) {
    const handler = handlers[name];
    impl[name] = (call: grpc.ServerUnaryCall<Msg, Msg>, callback0: grpc.sendUnaryData<Msg>) => {
      const ctx = contextOf(call);
      const t0 = performance.now();
      // DEVSERVER_TRACE=1 logs every RPC with the time it came and its duration, for debugging.
      const callback: grpc.sendUnaryData<Msg> = TRACE
        ? (e, r) => {
            process.stderr.write(`${t0.toFixed(2)} ${name} ${(performance.now() - t0).toFixed(2)}ms${e ? ` ${e.code} ${e.details}` : ''}\n`);
            callback0(e, r);
          }
        : callback0;
      const fail = (err: unknown): void => {
        hooks.afterCall();
        if (err instanceof RpcError) {
          callback(err.toGrpc());
        } else {
          hooks.log('error', `${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          callback({ code: grpc.status.INTERNAL, details: err instanceof Error ? err.message : String(err) });
        }
      };
      if (!handler) return fail(unimplemented(name));
      try {
        const out = handler(call.request, ctx);
        if (out instanceof Promise) {
          out.then(
            (res) => {
              hooks.afterCall();
              callback(null, res ?? {});
            },
            fail,
          );
        } else {
          hooks.afterCall();
          callback(null, out ?? {});
        }
      } catch (err) {
        fail(err);
      }
    };
  }
  server.addService(def, impl);
}
