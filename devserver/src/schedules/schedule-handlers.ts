// Schedules (placeholder until implemented).
import type { Engine } from '../engine/context.js';
import type { Handlers } from '../grpc/server.js';

export function scheduleHandlers(_engine: Engine): Handlers {
  return {};
}
export function registerScheduleTimers(_engine: Engine): void {}
