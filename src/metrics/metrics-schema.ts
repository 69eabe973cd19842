import type { CapabilitySchema } from '../db/migrations.js';

/**
 * The metrics capability's tables. A series is a namespace, a metric name and a canonical
 * dimension set; its data are aggregated on write, never a row per observation: `metric_values`
 * holds one row per (series, time bucket, unit, value) with how many times that value was seen,
 * `metric_sets` one row per (series, time bucket, unit) of statistic sets merged together. Times
 * are epoch seconds floored to the storage resolution. Append only.
 */
export const METRICS_SCHEMA: CapabilitySchema = {
  capability: 'metrics',
  migrations: [
    `
    CREATE TABLE metric_series (
      id {{serial}},
      namespace TEXT NOT NULL,
      metric_name TEXT NOT NULL,
      dimensions TEXT NOT NULL,
      last_at BIGINT NOT NULL,
      UNIQUE (namespace, metric_name, dimensions)
    );

    CREATE TABLE metric_values (
      series_id BIGINT NOT NULL,
      ts BIGINT NOT NULL,
      unit TEXT NOT NULL,
      value DOUBLE PRECISION NOT NULL,
      count DOUBLE PRECISION NOT NULL,
      PRIMARY KEY (series_id, ts, unit, value)
    );

    CREATE TABLE metric_sets (
      series_id BIGINT NOT NULL,
      ts BIGINT NOT NULL,
      unit TEXT NOT NULL,
      sample_count DOUBLE PRECISION NOT NULL,
      sum DOUBLE PRECISION NOT NULL,
      minimum DOUBLE PRECISION NOT NULL,
      maximum DOUBLE PRECISION NOT NULL,
      PRIMARY KEY (series_id, ts, unit)
    );

    CREATE INDEX metric_values_ts ON metric_values (ts);
    CREATE INDEX metric_sets_ts ON metric_sets (ts);
    `,
  ],
};
