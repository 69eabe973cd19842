/**
 * DuckDB's SUMMARIZE of the same Parquet file in its own process (bench/monitor/profile-bench.ts):
 * min, max, approximate unique count, avg, std, q25/q50/q75 and counts per column, all DuckDB
 * threads. Prints the query's wall and CPU time.
 *
 *   node --import tsx bench/monitor/summarize-duckdb.ts FILE
 */
import { duckdb } from '../../src/warehouse/duckdb/duckdb-api.js';

const file = process.argv[2] as string;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const instance = await duckdb.DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const rows = (await connection.runAndReadAll(`SUMMARIZE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJS();
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const usage = process.resourceUsage();
const first = rows[0] as Record<string, unknown>;
process.stdout.write(
  `${JSON.stringify({
    rows: Number(first.count),
    columns: rows.length,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    processCpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    check: { mean: Number(first.avg), std: Number(first.std), min: Number(first.min), max: Number(first.max) },
  })}\n`,
);
connection.closeSync();
instance.closeSync();
