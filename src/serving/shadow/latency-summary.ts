/** Latency percentiles of one side of a shadow test, in milliseconds (nearest rank). */
export interface LatencySummary {
  readonly count: number;
  readonly mean?: number;
  readonly p50?: number;
  readonly p90?: number;
  readonly p99?: number;
}

export function latencySummary(values: number[]): LatencySummary {
  if (values.length === 0) return { count: 0 };
  const sorted = Float64Array.from(values).sort();
  const rank = (p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { count: sorted.length, mean, p50: rank(50), p90: rank(90), p99: rank(99) };
}
