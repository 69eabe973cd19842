import { GodwitError } from '../core/errors.js';

/** CloudWatch's five plain statistics. */
export const PLAIN_STATISTICS = ['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum'] as const;

/** `p0` … `p100`, with up to two decimals (`p99.9`, `p99.99`), as CloudWatch spells them. */
const PERCENTILE = /^p(\d{1,2}(\.\d{1,2})?|100(\.0{1,2})?)$/;

/** The percentile a statistic names (0–100), or undefined for a plain statistic; refuses anything else. */
export function percentileOf(statistic: string): number | undefined {
  if ((PLAIN_STATISTICS as readonly string[]).includes(statistic)) return undefined;
  if (PERCENTILE.test(statistic)) return Number(statistic.slice(1));
  throw new GodwitError(
    'E_METRIC_STATISTIC',
    `"${statistic}" is not a statistic Godwit computes: ${PLAIN_STATISTICS.join(', ')}, or a percentile p0–p100 such as p99 or p99.9.`,
    { hint: 'Trimmed means (tm99), winsorized means, IQR and the like are not computed; ask for a percentile instead.' },
  );
}

/** What one period holds: observed values with their counts (ascending), and statistic sets. */
export interface PeriodData {
  /** Sorted by value; `counts[i]` observations of `values[i]`. */
  readonly values: number[];
  readonly counts: number[];
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
  /** Statistic sets whose values are unknown (minimum ≠ maximum): percentiles cannot be exact. */
  opaqueSets: number;
}

export function emptyPeriod(): PeriodData {
  return { values: [], counts: [], sampleCount: 0, sum: 0, minimum: Infinity, maximum: -Infinity, opaqueSets: 0 };
}

/**
 * The statistics asked for, over one period. Percentiles are exact: the nearest-rank value of the
 * stored observations (the smallest value whose cumulative count reaches p% of the samples). As
 * in CloudWatch, a percentile is left out of the datapoint when the period holds a statistic set
 * whose values are unknown (one with minimum ≠ maximum), or a negative value.
 */
export function computeStatistics(period: PeriodData, statistics: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statistics) {
    const p = percentileOf(s);
    if (p === undefined) out[s] = plain(period, s as (typeof PLAIN_STATISTICS)[number]);
    else {
      const v = percentile(period, p);
      if (v !== undefined) out[s] = v;
    }
  }
  return out;
}

function plain(period: PeriodData, s: (typeof PLAIN_STATISTICS)[number]): number {
  switch (s) {
    case 'SampleCount':
      return period.sampleCount;
    case 'Sum':
      return period.sum;
    case 'Average':
      return period.sampleCount === 0 ? 0 : period.sum / period.sampleCount;
    case 'Minimum':
      return period.minimum;
    case 'Maximum':
      return period.maximum;
  }
}

function percentile(period: PeriodData, p: number): number | undefined {
  const { values, counts } = period;
  if (period.opaqueSets > 0 || values.length === 0 || values[0] < 0) return undefined;
  let total = 0;
  for (const c of counts) total += c;
  // The epsilon keeps p50 of 10 samples at rank 5, not 6, when 0.5 * 10 is not exactly 5 in floating point.
  const rank = Math.ceil((p / 100) * total - 1e-9);
  let seen = 0;
  for (let i = 0; i < values.length; i++) {
    seen += counts[i];
    if (seen >= rank) return values[i];
  }
  return values[values.length - 1];
}
