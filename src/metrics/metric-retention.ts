import type { SqlDatabase } from '../db/sql-database.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * CloudWatch's retention, on the store's clock: data older than `age` seconds is kept at `to`
 * seconds' resolution (values and counts merged into the coarser bucket, so sample counts, sums,
 * minima, maxima and percentiles of whole coarse periods stay exact); after 455 days it is gone.
 * - 1-second (high-resolution) data: 3 hours, then 1 minute;
 * - 1-minute data: 15 days, then 5 minutes;
 * - 5-minute data: 63 days, then 1 hour;
 * - 1-hour data: 455 days (15 months).
 */
/** The resolution a datum at `tsS` is stored at, given its own: old high-resolution data lands on its minute. */
export function resolutionAt(tsS: number, nowS: number, resolution: number): number {
  return resolution < ROLLUPS[0].to && tsS < nowS - ROLLUPS[0].age ? ROLLUPS[0].to : resolution;
}

export const ROLLUPS: readonly { readonly age: number; readonly to: number }[] = [
  { age: 3 * HOUR, to: 60 },
  { age: 15 * DAY, to: 300 },
  { age: 63 * DAY, to: HOUR },
];
export const RETENTION_S = 455 * DAY;

/**
 * One pass of the ladder at `nowS`, in one transaction, over the rows that crossed an age since
 * the pass at `sinceS` (each step looks at `[sinceS - age, nowS - age)` only, through the index
 * on `ts`, so a pass a minute costs a minute of rows, not the whole history). A row is "finer than
 * R" when its time is not a multiple of R (times are floored to their resolution when written),
 * so no resolution column is needed: a 1-second row at 12:00:00 is the minute's row already.
 */
export async function enforceRetention(db: SqlDatabase, nowS: number, sinceS: number): Promise<void> {
  await db.transaction(async (tx) => {
    for (const { age, to } of ROLLUPS) {
      const range = [sinceS - age, nowS - age];
      await tx.run(
        `INSERT INTO metric_values (series_id, ts, unit, value, count)
         SELECT series_id, ts - ts % ${to} AS t, unit, value, SUM(count) FROM metric_values
         WHERE ts >= ? AND ts < ? AND ts % ${to} <> 0 GROUP BY series_id, ts - ts % ${to}, unit, value
         ON CONFLICT (series_id, ts, unit, value) DO UPDATE SET count = metric_values.count + excluded.count`,
        range,
      );
      await tx.run(`DELETE FROM metric_values WHERE ts >= ? AND ts < ? AND ts % ${to} <> 0`, range);
      await tx.run(
        `INSERT INTO metric_sets (series_id, ts, unit, sample_count, sum, minimum, maximum)
         SELECT series_id, ts - ts % ${to} AS t, unit, SUM(sample_count), SUM(sum), MIN(minimum), MAX(maximum) FROM metric_sets
         WHERE ts >= ? AND ts < ? AND ts % ${to} <> 0 GROUP BY series_id, ts - ts % ${to}, unit
         ON CONFLICT (series_id, ts, unit) DO UPDATE SET ${MERGE_SETS}`,
        range,
      );
      await tx.run(`DELETE FROM metric_sets WHERE ts >= ? AND ts < ? AND ts % ${to} <> 0`, range);
    }
    const gone = nowS - RETENTION_S;
    await tx.run('DELETE FROM metric_values WHERE ts < ?', [gone]);
    await tx.run('DELETE FROM metric_sets WHERE ts < ?', [gone]);
    await tx.run('DELETE FROM metric_series WHERE last_at < ?', [gone]);
  });
}

/** Merges an incoming statistic set into the stored one (SQLite has no LEAST/GREATEST, so CASE). */
export const MERGE_SETS = `sample_count = metric_sets.sample_count + excluded.sample_count,
  sum = metric_sets.sum + excluded.sum,
  minimum = CASE WHEN excluded.minimum < metric_sets.minimum THEN excluded.minimum ELSE metric_sets.minimum END,
  maximum = CASE WHEN excluded.maximum > metric_sets.maximum THEN excluded.maximum ELSE metric_sets.maximum END`;
