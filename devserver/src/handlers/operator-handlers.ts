// OperatorService: search-attribute definitions.
import type { Engine } from '../engine/context.js';
import { Code, invalidArgument, RpcError } from '../grpc/errors.js';
import type { Handlers } from '../grpc/server.js';
import type { Msg } from '../proto.js';
import { addCustomAttributes, customAttributes, removeCustomAttributes, SYSTEM_ATTRIBUTES } from '../visibility/search-attributes.js';

export function operatorHandlers(engine: Engine): Handlers {
  return {
    AddSearchAttributes: (req: Msg) => {
      const ns = req.namespace || 'default';
      const adding: Record<string, number> = {};
      const existing = customAttributes(engine, ns);
      for (const [name, type] of Object.entries(req.searchAttributes ?? {}) as [string, number][]) {
        if (name in SYSTEM_ATTRIBUTES) throw invalidArgument(`Search attribute ${name} is reserved by system.`);
        if (name in existing && existing[name] !== type) throw new RpcError(Code.ALREADY_EXISTS, `Search attribute ${name} already exists with a different type.`);
        adding[name] = type;
      }
      addCustomAttributes(engine, ns, adding);
      return {};
    },
    RemoveSearchAttributes: (req: Msg) => {
      removeCustomAttributes(engine, req.namespace || 'default', req.searchAttributes ?? []);
      return {};
    },
    ListSearchAttributes: (req: Msg) => ({
      customAttributes: customAttributes(engine, req.namespace || 'default'),
      systemAttributes: SYSTEM_ATTRIBUTES,
      storageSchema: {},
    }),
  };
}
