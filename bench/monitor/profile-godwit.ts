/**
 * One Godwit profile in its own process, for bench/monitor/profile-bench.ts: prints the rows, the
 * profiling call's wall and CPU time (process-wide, so worker threads and DuckDB's threads count),
 * and the whole process's CPU time at exit.
 *
 *   node --conditions=godwit-source --import tsx bench/monitor/profile-godwit.ts FORMAT FILE [WORKERS]
 */
import { profileDataset } from '../../src/monitor/data-quality/profile/index.js';

const [format, file, workers] = process.argv.slice(2) as [string, string, string | undefined];
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const profile = await profileDataset(file, {
  format: format as 'parquet' | 'capture' | 'csv',
  header: format === 'csv',
  workers: workers === undefined ? undefined : Number(workers),
});
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const usage = process.resourceUsage();
const first = profile.statistics.features[0]?.numerical_statistics;
process.stdout.write(
  `${JSON.stringify({
    rows: profile.rows,
    columns: profile.statistics.features.length,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    processCpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    check: { mean: first?.mean, std: first?.std_dev, min: first?.min, max: first?.max },
  })}\n`,
);
