import type { MetricStore } from '../metrics/metric-store.js';
import type { AlarmDatapoint, EvaluationRange } from './alarm-evaluation.js';
import type { AlarmDefinition } from './alarm-records.js';

/**
 * The evaluation range's datapoints, one slot per period (undefined where the period has no
 * data, or where a percentile cannot be computed, as CloudWatch leaves it out). Without a unit,
 * a period that has data in several units takes the first unit's datapoint.
 */
export async function readSlots(
  metrics: MetricStore,
  d: AlarmDefinition,
  range: EvaluationRange,
): Promise<(AlarmDatapoint | undefined)[]> {
  const statistics = d.statistic === 'SampleCount' ? ['SampleCount'] : [d.statistic, 'SampleCount'];
  const points = await metrics.statistics({
    namespace: d.namespace,
    metricName: d.metricName,
    dimensions: d.dimensions,
    start: range.start,
    end: range.end,
    period: d.period,
    statistics,
    unit: d.unit,
  });
  const slots: (AlarmDatapoint | undefined)[] = new Array(range.count).fill(undefined);
  const periodMs = d.period * 1000;
  for (const p of points) {
    const i = Math.round((p.timestamp.getTime() - range.start.getTime()) / periodMs);
    const value = p.values[d.statistic];
    if (i < 0 || i >= range.count || slots[i] !== undefined || value === undefined) continue;
    slots[i] = { timestamp: p.timestamp, value, sampleCount: p.values.SampleCount ?? 0 };
  }
  return slots;
}
