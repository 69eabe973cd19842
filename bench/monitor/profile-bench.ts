/**
 * bench/monitor: the issue's figure. Profiles 1,000,000 rows × 20 numeric columns (statistics and
 * KLL sketches) from a Parquet file and from SageMaker capture JSON lines with Godwit, beside
 * DuckDB's SUMMARIZE of the same Parquet file and pandas' describe() (Debian /usr/bin/python3; it
 * cannot read Parquet here, so it reads the same values as CSV, and the capture file), each in its
 * own process, in one run. Godwit runs built (bench/monitor/build-godwit.ts), as it ships. Prints wall time of the work and of the whole process, CPU time,
 * values per second and per CPU-second, and the ratios. The target: Godwit ≥ 10 M values/s on
 * this machine's 2 cores and ahead of pandas.
 *
 *   node --import tsx bench/monitor/profile-bench.ts [ROWS] [ROUNDS]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchFiles, COLUMNS } from './bench-data.js';
import { buildGodwit } from './build-godwit.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = Number(process.argv[3] ?? 1);
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

interface Measured {
  readonly rows: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly processCpuMs: number;
  readonly processWallMs: number;
  readonly check: { mean: number; std: number; min: number; max: number };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Measured {
  const t0 = performance.now();
  const child = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24, env });
  const processWallMs = performance.now() - t0;
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${child.stderr}`);
  return { ...JSON.parse(child.stdout.trim().split('\n').pop() as string), processWallMs };
}

function best(rounds: number, measure: () => Measured): Measured {
  const runs = Array.from({ length: rounds }, measure);
  return runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
}

const node =
  (script: string, ...args: string[]) =>
  () =>
    run(process.execPath, ['--conditions=godwit-source', '--import', 'tsx', here(script), ...args]);
const built = await buildGodwit(join(tmpdir(), 'godwit-bench-monitor-build'));
writeFileSync(join(tmpdir(), 'godwit-bench-monitor-build', 'package.json'), '{"type":"module"}\n');
const godwit =
  (...args: string[]) =>
  () =>
    run(process.execPath, [built.script, ...args], built.env);
const python =
  (...args: string[]) =>
  () =>
    run('/usr/bin/python3', [here('describe-pandas.py'), ...args]);

const dir = join(tmpdir(), 'godwit-bench-monitor');
mkdirSync(dir, { recursive: true });
const files = await benchFiles(dir, ROWS);
const values = ROWS * COLUMNS;
const load = loadavg().map((x) => x.toFixed(1));

const results: [string, string, Measured][] = [
  ['Godwit', 'Parquet', best(ROUNDS, godwit('parquet', files.parquet))],
  ['Godwit 1 thread', 'Parquet', best(ROUNDS, godwit('parquet', files.parquet, '1'))],
  ['Godwit', 'capture JSONL', best(ROUNDS, godwit('capture', files.capture))],
  ['Godwit 1 thread', 'capture JSONL', best(ROUNDS, godwit('capture', files.capture, '1'))],
  ['Godwit', 'CSV', best(ROUNDS, godwit('csv', files.csv))],
  ['DuckDB SUMMARIZE', 'Parquet', best(ROUNDS, node('summarize-duckdb.ts', files.parquet))],
  ['pandas describe()', 'CSV', best(ROUNDS, python('csv', files.csv))],
  ['pandas describe()', 'capture JSONL', best(ROUNDS, python('capture', files.capture))],
];

const m = (x: number) => (x / 1e6).toFixed(1);
console.log(
  `bench/monitor: ${ROWS} rows × ${COLUMNS} columns = ${values / 1e6} M values; load average ${load.join(' ')} (before)`,
);
console.log('tool               input          work s  process s  CPU s   M values/s  M values/CPU-s   first column mean / std');
for (const [tool, input, r] of results) {
  console.log(
    `${tool.padEnd(19)}${input.padEnd(15)}${(r.wallMs / 1000).toFixed(2).padStart(6)}  ${(r.processWallMs / 1000).toFixed(2).padStart(9)}  ${(r.cpuMs / 1000).toFixed(2).padStart(5)}  ${m((values / r.wallMs) * 1000).padStart(11)}  ${m((values / r.cpuMs) * 1000).padStart(14)}   ${r.check.mean.toFixed(6)} / ${r.check.std.toFixed(6)}`,
  );
}
const by = (tool: string, input: string) =>
  (results.find(([t, i]) => t === tool && i === input) as [string, string, Measured])[2];
const ratio = (a: Measured, b: Measured) =>
  `${(b.wallMs / a.wallMs).toFixed(2)}× (work), ${(b.processWallMs / a.processWallMs).toFixed(2)}× (process), ${(b.cpuMs / a.cpuMs).toFixed(2)}× (CPU)`;
console.log(`Godwit Parquet vs DuckDB SUMMARIZE: ${ratio(by('Godwit', 'Parquet'), by('DuckDB SUMMARIZE', 'Parquet'))}`);
console.log(`Godwit Parquet vs pandas CSV:       ${ratio(by('Godwit', 'Parquet'), by('pandas describe()', 'CSV'))}`);
console.log(`Godwit 1 thread Parquet vs pandas:  ${ratio(by('Godwit 1 thread', 'Parquet'), by('pandas describe()', 'CSV'))}`);
console.log(`Godwit CSV vs pandas CSV:           ${ratio(by('Godwit', 'CSV'), by('pandas describe()', 'CSV'))}`);
console.log(
  `Godwit capture vs pandas capture:   ${ratio(by('Godwit', 'capture JSONL'), by('pandas describe()', 'capture JSONL'))}`,
);
console.log(
  `(ratios > 1: Godwit faster; load average after: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')})`,
);
