// Durable timers: each is recorded in the state store and armed on the clock, so a restarted
// server re-arms them all. Handlers are looked up by kind, never captured in closures.
import type { VirtualClock } from '../clock/virtual-clock.js';
import type { StateStore } from '../store/state-store.js';
import type { TimerRecord } from './types.js';

export type TimerHandler = (data: TimerRecord['data'], timer: TimerRecord) => void;

export class TimerService {
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly clockIds = new Map<number, number>();

  constructor(
    private readonly store: StateStore,
    private readonly clock: VirtualClock,
  ) {}

  register(kind: string, handler: TimerHandler): void {
    this.handlers.set(kind, handler);
  }

  set(at: number, kind: string, data: TimerRecord['data']): number {
    const record = this.store.putTimer(at, kind, data);
    this.arm(record);
    return record.id;
  }

  cancel(id: number): void {
    if (!id) return;
    const clockId = this.clockIds.get(id);
    if (clockId !== undefined) this.clock.cancel(clockId);
    this.clockIds.delete(id);
    this.store.deleteTimer(id);
  }

  /** Arms every stored timer after a restart. */
  restore(): void {
    for (const t of this.store.allTimers()) this.arm(t);
  }

  private arm(record: TimerRecord): void {
    const clockId = this.clock.schedule(record.at, () => {
      this.clockIds.delete(record.id);
      if (!this.store.hasTimer(record.id)) return;
      this.store.deleteTimer(record.id);
      const handler = this.handlers.get(record.kind);
      handler?.(record.data, record);
    });
    this.clockIds.set(record.id, clockId);
  }
}
