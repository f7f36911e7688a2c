// Everything the engine's functions share: state, clock, matching, timers and live waiters.
import type { VirtualClock } from '../clock/virtual-clock.js';
import type { StateStore } from '../store/state-store.js';
import type { LiveWaiters } from './live-waiters.js';
import type { Matching } from './matching.js';
import type { TimerService } from './timer-service.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The server's behaviour switches, set from the dynamic-config values of its command line. */
export interface EngineSettings {
  /** frontend.enableCancelWorkerPollsOnShutdown: ShutdownWorker completes the worker's open polls (off by default, as on the real server). */
  readonly cancelWorkerPollsOnShutdown: boolean;
  /** limit.historySize.suggestContinueAsNew: from this history size (bytes) a workflow task suggests continue-as-new. */
  readonly suggestContinueAsNewHistorySize: number;
  /** limit.historyCount.suggestContinueAsNew: likewise from this many events. */
  readonly suggestContinueAsNewHistoryCount: number;
}

export interface Engine {
  readonly store: StateStore;
  readonly clock: VirtualClock;
  readonly matching: Matching;
  readonly live: LiveWaiters;
  readonly timers: TimerService;
  readonly log: (level: LogLevel, message: string) => void;
  readonly settings: EngineSettings;
  /** New unique ids (run ids, request ids). */
  newId(): string;
  /** Observers of closed runs (schedules track the runs they started). */
  readonly runClosedHooks: ((run: import('./types.js').RunState) => void)[];
}
