// Visibility (placeholder until implemented).
import type { Engine } from '../engine/context.js';
import type { Handlers } from '../grpc/server.js';

export function visibilityHandlers(_engine: Engine): Handlers {
  return {};
}
