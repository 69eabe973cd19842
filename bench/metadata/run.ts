/**
 * `godwit runs list` on a large home: the metadata store's `listRuns`, which selects only the
 * columns a listing prints, beside the same query with the stored IR parsed (what it did before:
 * `SELECT *` and `JSON.parse` of every run's IR), in one process on one SQLite file.
 *
 *   node --conditions=godwit-source --import tsx bench/metadata/run.ts
 *
 * Home: 50 runs (the default page) of a 1,000-step pipeline. Median of BENCH_REPEAT (9).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openDatabase } from '../../src/db/open-database.js';
import { openMetadata } from '../../src/meta/index.js';
import { fn, pipeline, type Step } from '../../src/pipeline/dsl/index.js';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 9);
const RUNS = 50;

const steps: Step[] = [];
for (let i = 0; i < 1000; i++) steps.push(fn(`step-${i}`, { run: async () => {}, dependsOn: i ? [steps[i - 1]] : [] }));
const ir = pipeline('big', { steps }).ir;

const root = await mkdtemp(join(tmpdir(), 'godwit-bench-meta-'));
const home = godwitHome(join(root, 'home'));
const metadata = await openMetadata(home, systemClock, {});
for (let i = 0; i < RUNS; i++) {
  const startedAt = new Date(Date.UTC(2026, 11, 5, 10, 0, i));
  await metadata.store.createRun({
    id: `run-${i}`,
    pipeline: 'big',
    ir,
    parameters: {},
    baseDir: root,
    runDir: join(root, `run-${i}`),
    startedAt,
    pid: 1,
    host: 'h',
  });
}
const raw = await openDatabase({ file: home.metadataFile });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
async function time(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}
const godwit = () => metadata.store.listRuns({ limit: RUNS });
const withIr = async () =>
  (await raw.query('SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?', [RUNS])).map((r) => ({
    ...r,
    ir: JSON.parse(r.ir as string),
  }));
await godwit();
await withIr();
const g: number[] = [];
const b: number[] = [];
for (let i = 0; i < REPEAT; i++) {
  g.push(await time(godwit));
  b.push(await time(withIr));
}
const irBytes = JSON.stringify(ir).length;
console.log(`Machine: ${cpus()[0]?.model.trim()}, ${cpus().length} cores, Node ${process.version}; median of ${REPEAT}`);
console.log('| case | listRuns (summary) | SELECT * with the IR parsed | ratio |');
console.log('| --- | --- | --- | --- |');
console.log(
  `| ${RUNS} runs of a 1,000-step pipeline (IR ${(irBytes / 1024).toFixed(0)} KiB each) | ${median(g).toFixed(2)} ms | ${median(b).toFixed(2)} ms | ${(median(b) / median(g)).toFixed(0)}× faster |`,
);
await raw.close();
await metadata.close();
await rm(root, { recursive: true, force: true });
