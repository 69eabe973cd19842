import { GodwitError } from '../core/errors.js';
import type { SqlDatabase, SqlValue } from '../db/sql-database.js';
import { computeStatistics, emptyPeriod, type PeriodData, percentileOf } from './metric-statistics.js';
import type { Datapoint, StatisticsQuery } from './metric-store.js';

/** Where a query's periods start and end, in epoch seconds; `end` is exclusive. */
export interface Buckets {
  readonly start: number;
  readonly end: number;
  readonly period: number;
  /** How many periods the range spans (CloudWatch caps the datapoints of one call). */
  readonly count: number;
}

/**
 * Checks a query and aligns its periods as CloudWatch does: the start is rounded down to a whole
 * minute (to a multiple of the period for 1, 5, 10 and 30 seconds), and each datapoint is
 * `start + k × period`.
 */
export function periodBuckets(q: StatisticsQuery): Buckets {
  const { period } = q;
  checkPeriod(period);
  if (q.statistics.length === 0) {
    throw new GodwitError('E_METRIC_QUERY', `No statistic asked for ${q.namespace}/${q.metricName}.`, {
      hint: 'Ask for SampleCount, Sum, Average, Minimum, Maximum or a percentile such as p99.',
    });
  }
  for (const s of q.statistics) percentileOf(s);
  const align = Math.min(period, 60);
  const start = Math.floor(q.start.getTime() / 1000 / align) * align;
  const end = Math.ceil(q.end.getTime() / 1000);
  if (!(end > start)) {
    throw new GodwitError('E_METRIC_QUERY', `The start ${q.start.toISOString()} is not before the end ${q.end.toISOString()}.`, {
      hint: 'The start is inclusive and the end exclusive; give an end after the start.',
    });
  }
  return { start, end, period, count: Math.ceil((end - start) / period) };
}

/** Refuses a period CloudWatch does not have. */
export function checkPeriod(period: number): void {
  if (!Number.isInteger(period) || period <= 0 || (period < 60 ? ![1, 5, 10, 30].includes(period) : period % 60 !== 0)) {
    throw new GodwitError('E_METRIC_QUERY', `Period ${period} is not 1, 5, 10, 30 or a multiple of 60 seconds.`, {
      hint: 'Use 60 (one minute) unless the data was stored at high resolution.',
    });
  }
}

/**
 * One series' datapoints: sums and extremes in SQL per period and unit; values only when a
 * percentile is asked; nothing before `from` (the retention's edge) is read. The CASTs make the
 * division an integer one: better-sqlite3 binds every JavaScript number as REAL.
 */
export async function readStatistics(
  db: SqlDatabase,
  series: number,
  q: StatisticsQuery,
  b: Buckets,
  from = b.start,
): Promise<Datapoint[]> {
  const unit = q.unit === undefined ? '' : ' AND unit = ?';
  const params: SqlValue[] = [b.start, b.period, series, from, b.end, ...(q.unit === undefined ? [] : [q.unit])];
  const where = `WHERE series_id = ? AND ts >= ? AND ts < ?${unit}`;
  const periods = new Map<string, { b: number; unit: string; data: PeriodData }>();
  const at = (bucket: number, u: string) => {
    const key = `${bucket} ${u}`;
    let p = periods.get(key);
    if (!p) {
      p = { b: bucket, unit: u, data: emptyPeriod() };
      periods.set(key, p);
    }
    return p.data;
  };
  type Agg = { b: number; unit: string; n: number; total: number; lo: number; hi: number };
  const fold = (rows: Agg[], opaque: boolean) => {
    for (const r of rows) {
      const p = at(Number(r.b), r.unit);
      p.sampleCount += Number(r.n);
      p.sum += Number(r.total);
      p.minimum = Math.min(p.minimum, Number(r.lo));
      p.maximum = Math.max(p.maximum, Number(r.hi));
      if (opaque) p.opaqueSets += 1;
    }
  };
  fold(
    await db.query<Agg>(
      `SELECT (ts - CAST(? AS BIGINT)) / CAST(? AS BIGINT) AS b, unit, SUM(count) AS n, SUM(value * count) AS total, MIN(value) AS lo, MAX(value) AS hi
       FROM metric_values ${where} GROUP BY b, unit`,
      params,
    ),
    false,
  );
  fold(
    await db.query<Agg>(
      `SELECT (ts - CAST(? AS BIGINT)) / CAST(? AS BIGINT) AS b, unit, SUM(sample_count) AS n, SUM(sum) AS total, MIN(minimum) AS lo, MAX(maximum) AS hi
       FROM metric_sets ${where} GROUP BY b, unit`,
      params,
    ),
    true,
  );
  if (q.statistics.some((s) => percentileOf(s) !== undefined)) {
    const rows = await db.query<{ b: number; unit: string; value: number; n: number }>(
      `SELECT (ts - CAST(? AS BIGINT)) / CAST(? AS BIGINT) AS b, unit, value, SUM(count) AS n FROM metric_values ${where}
       GROUP BY b, unit, value ORDER BY b, unit, value`,
      params,
    );
    for (const r of rows) {
      const p = at(Number(r.b), r.unit);
      p.values.push(Number(r.value));
      p.counts.push(Number(r.n));
    }
  }
  return [...periods.values()]
    .sort((x, y) => x.b - y.b || (x.unit < y.unit ? -1 : x.unit > y.unit ? 1 : 0))
    .map((p) => ({
      timestamp: new Date((b.start + p.b * b.period) * 1000),
      unit: p.unit,
      values: computeStatistics(p.data, q.statistics),
    }));
}
