// temporal.api.testservice.v1.TestService: locking and sleeping on the virtual clock.
import type { VirtualClock } from '../clock/virtual-clock.js';
import { Code, RpcError } from '../grpc/errors.js';
import type { Handlers } from '../grpc/server.js';
import { durationMs, msTimestamp, timestampMs, type Msg } from '../proto.js';

function sleepUntil(clock: VirtualClock, at: number): Promise<void> {
  return new Promise((resolve) => clock.schedule(at, resolve));
}

export function testServiceHandlers(clock: VirtualClock): Handlers {
  return {
    LockTimeSkipping: () => {
      clock.lock();
      return {};
    },
    UnlockTimeSkipping: () => {
      if (!clock.unlock()) throw new RpcError(Code.FAILED_PRECONDITION, 'Unlock called without a matching lock');
      return {};
    },
    Sleep: async (req: Msg) => {
      await sleepUntil(clock, clock.now() + durationMs(req.duration));
      return {};
    },
    SleepUntil: async (req: Msg) => {
      await sleepUntil(clock, timestampMs(req.timestamp));
      return {};
    },
    UnlockTimeSkippingWithSleep: async (req: Msg) => {
      // The wake-up retakes the lock before the caller's own lock is released: net zero.
      const woke = new Promise<void>((resolve) =>
        clock.schedule(clock.now() + durationMs(req.duration), () => {
          clock.lock();
          resolve();
        }),
      );
      if (!clock.unlock()) throw new RpcError(Code.FAILED_PRECONDITION, 'Unlock called without a matching lock');
      await woke;
      return {};
    },
    GetCurrentTime: () => ({ time: msTimestamp(clock.now()) }),
  };
}
