import type { Clock } from '../core/clock.js';
import type { SqlDatabase, SqlValue } from '../db/sql-database.js';
import { canonicalDimensions, checkDatum, dimensionsOf, PAST_LIMIT_S } from './metric-datum-check.js';
import { periodBuckets, readStatistics } from './metric-query.js';
import { enforceRetention, MERGE_SETS, RETENTION_S, resolutionAt } from './metric-retention.js';
import type { Datapoint, MetricDatum, MetricStore, StatisticsQuery } from './metric-store.js';

/** How many rows one INSERT carries (5–7 parameters each, far below either database's limit). */
const CHUNK = 200;
/** Retention runs at most once per this many seconds of the clock, on the next write after. */
const RETENTION_EVERY_S = 60;
/** How far back a process's first pass looks for rows that crossed an age while no writer ran. */
const FIRST_PASS_S = 24 * 3600;

interface ValueRow {
  series: number;
  ts: number;
  unit: string;
  value: number;
  count: number;
}
interface SetRow {
  series: number;
  ts: number;
  unit: string;
  n: number;
  sum: number;
  min: number;
  max: number;
}

/**
 * The metrics capability over the database seam; the same SQL on SQLite and PostgreSQL. A `put`
 * is one transaction: each series is upserted once, then its observations are merged into the
 * rows of their time bucket (counts added, statistic sets combined), so a flush of a minute's
 * aggregated endpoint metrics is a few multi-row statements, whatever the request rate was.
 */
export class SqlMetricStore implements MetricStore {
  private retainedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  async put(data: readonly MetricDatum[]): Promise<void> {
    const nowS = this.nowS();
    for (const [i, d] of data.entries()) checkDatum(d, `data[${i}]`, nowS);
    await this.retain(nowS);
    if (data.length === 0) return;
    await this.db.transaction(async (tx) => {
      const ids = await upsertSeries(tx, data);
      const values = new Map<string, ValueRow>();
      const sets = new Map<string, SetRow>();
      for (const d of data) addRows(d, ids.get(seriesKey(d)) as number, nowS, values, sets);
      await insertValues(tx, [...values.values()]);
      await insertSets(tx, [...sets.values()]);
    });
  }

  async statistics(query: StatisticsQuery): Promise<Datapoint[]> {
    const buckets = periodBuckets(query);
    const [series] = await this.db.query<{ id: number }>(
      'SELECT id FROM metric_series WHERE namespace = ? AND metric_name = ? AND dimensions = ?',
      [query.namespace, query.metricName, canonicalDimensions(query.dimensions)],
    );
    // Data past retention that no writer has deleted yet is not shown.
    const from = Math.max(buckets.start, this.nowS() - RETENTION_S);
    return series ? readStatistics(this.db, Number(series.id), query, buckets, from) : [];
  }

  /** Series with data in the last two weeks, as CloudWatch's ListMetrics shows them. */
  async list(namespace?: string, metricName?: string) {
    const nowS = this.nowS();
    const where = ['last_at >= ?'];
    const params: SqlValue[] = [nowS - PAST_LIMIT_S];
    if (namespace !== undefined) where.push('namespace = ?') && params.push(namespace);
    if (metricName !== undefined) where.push('metric_name = ?') && params.push(metricName);
    const rows = await this.db.query<{ namespace: string; metric_name: string; dimensions: string }>(
      `SELECT namespace, metric_name, dimensions FROM metric_series WHERE ${where.join(' AND ')}
       ORDER BY namespace, metric_name, dimensions`,
      params,
    );
    return rows.map((r) => ({ namespace: r.namespace, metricName: r.metric_name, dimensions: dimensionsOf(r.dimensions) }));
  }

  /**
   * Applies the retention ladder now, to all of the history. Writers also apply it by themselves,
   * at most once a minute of the clock, to the rows that crossed an age since their last pass;
   * readers never write, and never show data past retention.
   */
  async enforceRetention(): Promise<void> {
    const nowS = this.nowS();
    this.retainedAt = nowS;
    await enforceRetention(this.db, nowS, 0);
  }

  private async retain(nowS: number): Promise<void> {
    if (nowS - this.retainedAt < RETENTION_EVERY_S) return;
    const since = Number.isFinite(this.retainedAt) ? this.retainedAt : nowS - FIRST_PASS_S;
    this.retainedAt = nowS;
    await enforceRetention(this.db, nowS, since);
  }

  private nowS(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}

function seriesKey(d: MetricDatum): string {
  return `${d.namespace}\u0000${d.metricName}\u0000${canonicalDimensions(d.dimensions)}`;
}

/** Each series once, in key order (so concurrent writers lock rows in the same order), its id back. */
async function upsertSeries(tx: SqlDatabase, data: readonly MetricDatum[]): Promise<Map<string, number>> {
  const latest = new Map<string, { d: MetricDatum; at: number }>();
  for (const d of data) {
    const key = seriesKey(d);
    const at = Math.floor(d.timestamp.getTime() / 1000);
    const seen = latest.get(key);
    if (!seen || at > seen.at) latest.set(key, { d, at });
  }
  const ids = new Map<string, number>();
  for (const key of [...latest.keys()].sort()) {
    const { d, at } = latest.get(key) as { d: MetricDatum; at: number };
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO metric_series (namespace, metric_name, dimensions, last_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (namespace, metric_name, dimensions) DO UPDATE
       SET last_at = CASE WHEN excluded.last_at > metric_series.last_at THEN excluded.last_at ELSE metric_series.last_at END
       RETURNING id`,
      [d.namespace, d.metricName, canonicalDimensions(d.dimensions), at],
    );
    ids.set(key, Number(row.id));
  }
  return ids;
}

/**
 * A datum's rows, merged into those already gathered for the same bucket. A statistic set whose
 * minimum equals its maximum is `sampleCount` observations of that value, so it is stored as
 * one (its percentiles are then known, as CloudWatch also treats it).
 */
function addRows(d: MetricDatum, series: number, nowS: number, values: Map<string, ValueRow>, sets: Map<string, SetRow>): void {
  const t = d.timestamp.getTime() / 1000;
  const res = resolutionAt(t, nowS, d.storageResolution ?? 60);
  const ts = Math.floor(t / res) * res;
  const unit = d.unit ?? 'None';
  const add = (value: number, count: number) => {
    if (count === 0) return;
    const v = value === 0 ? 0 : value; // -0 and 0 are one value
    const key = `${series} ${ts} ${unit}\u0000${v}`;
    const row = values.get(key);
    if (row) row.count += count;
    else values.set(key, { series, ts, unit, value: v, count });
  };
  if (d.value !== undefined) add(d.value, 1);
  for (const [i, v] of (d.values ?? []).entries()) add(v, d.counts?.[i] ?? 1);
  const s = d.statisticValues;
  if (!s) return;
  if (s.minimum === s.maximum) {
    add(s.minimum, s.sampleCount);
    return;
  }
  const key = `${series} ${ts} ${unit}`;
  const row = sets.get(key);
  if (!row) sets.set(key, { series, ts, unit, n: s.sampleCount, sum: s.sum, min: s.minimum, max: s.maximum });
  else
    Object.assign(row, {
      n: row.n + s.sampleCount,
      sum: row.sum + s.sum,
      min: Math.min(row.min, s.minimum),
      max: Math.max(row.max, s.maximum),
    });
}

async function insertValues(tx: SqlDatabase, rows: ValueRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await tx.run(
      `INSERT INTO metric_values (series_id, ts, unit, value, count) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (series_id, ts, unit, value) DO UPDATE SET count = metric_values.count + excluded.count`,
      chunk.flatMap((r) => [r.series, r.ts, r.unit, r.value, r.count]),
    );
  }
}

async function insertSets(tx: SqlDatabase, rows: SetRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await tx.run(
      `INSERT INTO metric_sets (series_id, ts, unit, sample_count, sum, minimum, maximum)
       VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (series_id, ts, unit) DO UPDATE SET ${MERGE_SETS}`,
      chunk.flatMap((r) => [r.series, r.ts, r.unit, r.n, r.sum, r.min, r.max]),
    );
  }
}
