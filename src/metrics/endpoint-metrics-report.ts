import { GodwitError } from '../core/errors.js';
import { SAGEMAKER_NAMESPACE } from './endpoint-metrics.js';
import { checkPeriod } from './metric-query.js';
import type { MetricStore } from './metric-store.js';

/** Latency percentiles and mean of one period, in microseconds. */
export interface LatencySummary {
  readonly p50?: number;
  readonly p90?: number;
  readonly p99?: number;
  readonly average: number;
}

/** One variant's invocation metrics over one period. */
export interface VariantPeriod {
  readonly variant: string;
  readonly start: Date;
  readonly invocations: number;
  readonly errors4xx: number;
  readonly errors5xx: number;
  readonly invocationsPerInstance: number;
  readonly modelLatencyUs?: LatencySummary;
  readonly overheadLatencyUs?: LatencySummary;
}

export interface EndpointMetricsQuery {
  readonly endpoint: string;
  /** Only this variant; otherwise every variant that has recorded invocations. */
  readonly variant?: string;
  readonly start: Date;
  readonly end: Date;
  /** Seconds per row; without it, one row per variant for the whole range. */
  readonly period?: number;
}

const LATENCY = ['p50', 'p90', 'p99', 'Average'];

/**
 * An endpoint's per-variant metrics from the store (what `godwit endpoint metrics` prints), rows
 * in variant then time order. Variants are those with `Invocations` recorded in the range's series.
 */
export async function endpointMetricsReport(store: MetricStore, q: EndpointMetricsQuery): Promise<VariantPeriod[]> {
  if (q.period !== undefined) checkPeriod(q.period);
  const series = await store.list(SAGEMAKER_NAMESPACE, 'Invocations');
  const variants = [
    ...new Set(
      series
        .filter((s) => s.dimensions.EndpointName === q.endpoint && Object.keys(s.dimensions).length === 2)
        .map((s) => s.dimensions.VariantName)
        .filter((v) => v !== undefined && (q.variant === undefined || v === q.variant)),
    ),
  ].sort();
  const alignedStart = Math.floor(q.start.getTime() / 60_000) * 60;
  const period = q.period ?? Math.max(60, Math.ceil((q.end.getTime() / 1000 - alignedStart) / 60) * 60);
  const rows: VariantPeriod[] = [];
  for (const variant of variants) {
    const dimensions = { EndpointName: q.endpoint, VariantName: variant };
    const read = async (metricName: string, statistics: string[]) => {
      const points = await store.statistics({
        namespace: SAGEMAKER_NAMESPACE,
        metricName,
        dimensions,
        start: q.start,
        end: q.end,
        period,
        statistics,
      });
      return new Map(points.map((p) => [p.timestamp.getTime(), p.values]));
    };
    const invocations = await read('Invocations', ['Sum']);
    const e4 = await read('Invocation4XXErrors', ['Sum']);
    const e5 = await read('Invocation5XXErrors', ['Sum']);
    const perInstance = await read('InvocationsPerInstance', ['Sum']);
    const model = await read('ModelLatency', LATENCY);
    const overhead = await read('OverheadLatency', LATENCY);
    for (const [t, v] of [...invocations].sort(([a], [b]) => a - b)) {
      rows.push({
        variant,
        start: new Date(t),
        invocations: v.Sum,
        errors4xx: e4.get(t)?.Sum ?? 0,
        errors5xx: e5.get(t)?.Sum ?? 0,
        invocationsPerInstance: perInstance.get(t)?.Sum ?? 0,
        modelLatencyUs: latency(model.get(t)),
        overheadLatencyUs: latency(overhead.get(t)),
      });
    }
  }
  return rows;
}

function latency(values: Readonly<Record<string, number>> | undefined): LatencySummary | undefined {
  return values && { p50: values.p50, p90: values.p90, p99: values.p99, average: values.Average };
}

/** `90s`, `30m`, `1h`, `7d` before `now`, or an ISO 8601 time. */
export function parseSince(text: string, now: Date): Date {
  const m = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (m) return new Date(now.getTime() - Number(m[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[m[2] as 's']);
  const at = new Date(text);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new GodwitError('E_METRIC_QUERY', `--since "${text}" is neither a duration nor a time.`, {
      hint: 'Give a duration such as 30m, 1h or 2d, or a time such as 2026-12-05T10:00:00Z.',
    });
  }
  return at;
}
