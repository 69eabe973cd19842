/** Worker thread entry: profiles its share of a Parquet data set's columns and posts them back. */
import { parentPort, workerData } from 'node:worker_threads';
import { type ColumnPlan, profileParquetColumns } from './parquet-profile.js';
import { toWire } from './profile-wire.js';

const { paths, plan } = workerData as { paths: string[]; plan: ColumnPlan[] };
profileParquetColumns(paths, plan, 1).then(
  ({ profiles, rows }) => parentPort?.postMessage({ profiles: profiles.map(toWire), rows }),
  (err: unknown) => parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) }),
);
