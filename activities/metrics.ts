/**
 * The engine's own metrics, recorded through the Temporal SDK's metric meter so they are exported
 * with the SDK's on the worker's one Prometheus endpoint (METRICS_BIND_ADDRESS). Without a meter
 * (tests of single activities, scripts) nothing is recorded.
 */
import type { MetricMeter } from '@temporalio/common';
import type { Channel, DeliveryResult } from './types.js';

export interface EngineMetrics {
  /** A piece that reached its final status in this attempt (a repeat of a recorded piece is not counted). */
  piece(channel: Channel, campaignId: string, result: DeliveryResult): void;
  /** A broadcast page's e-mails sent per second. */
  broadcastRate(campaignId: string, perSecond: number): void;
  /** Call tasks handed to the call centre that have no outcome yet. */
  openCallTasks(count: number): void;
}

export const noMetrics: EngineMetrics = { piece: () => undefined, broadcastRate: () => undefined, openCallTasks: () => undefined };

/** The engine's metrics on a meter (the worker passes `Runtime.instance().metricMeter`). */
export function engineMetrics(meter: MetricMeter): EngineMetrics {
  const pieces = meter.createCounter('campaign_engine_pieces', 'pieces', 'pieces sent, failed or skipped, by channel, campaign and status');
  const rate = meter.createGauge('campaign_engine_broadcast_rate', 'float', 'messages/s', "a broadcast's e-mails sent per second over its last page");
  const openCalls = meter.createGauge('campaign_engine_open_call_tasks', 'int', 'tasks', 'call tasks given to the call centre with no outcome yet');
  return {
    piece(channel, campaignId, result) {
      if (result.repeated || result.status === 'queued') return;
      pieces.add(1, { channel, campaign: campaignId, status: result.status });
    },
    broadcastRate: (campaignId, perSecond) => rate.set(perSecond, { campaign: campaignId }),
    openCallTasks: (count) => openCalls.set(count),
  };
}
