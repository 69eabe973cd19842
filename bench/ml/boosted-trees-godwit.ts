/**
 * Godwit's side of bench/ml/boosted-trees.ts, in its own process as XGBoost's is: load the
 * modules, read the CSVs, train, predict. Prints one JSON line of timings; writes the test
 * predictions (p(class 1), float64) to argv[4].
 *
 * BENCH_FROM=dist loads Godwit from the built `dist/` (`npm run build` first), as an installed
 * Godwit runs: its pool workers then start from JavaScript, where from the sources each worker
 * loads tsx and compiles its modules first (~1 s, which a first training waits through).
 */
import { writeFileSync } from 'node:fs';
import type * as Trees from '../../src/ml/boosted-trees/index.js';
import type * as Csv from '../../src/ml/csv.js';

const t0 = performance.now();
const base = process.env.BENCH_FROM === 'dist' ? '../../dist/' : '../../src/';
const { boostedTrees } = (await import(`${base}ml/boosted-trees/index.js`)) as typeof Trees;
const { readNumericCsv } = (await import(`${base}ml/csv.js`)) as typeof Csv;
const tImport = performance.now();
const [trainFile, testFile, out, paramText] = process.argv.slice(2);
const [train, test] = await Promise.all([readNumericCsv(trainFile), readNumericCsv(testFile)]);
const tLoad = performance.now();
const split = (t: { rows: number; cols: number; data: Float64Array }) => {
  const cols = t.cols - 1;
  const x = new Float64Array(t.rows * cols);
  const y = new Float64Array(t.rows);
  for (let r = 0; r < t.rows; r++) {
    y[r] = t.data[r * t.cols];
    x.set(t.data.subarray(r * t.cols + 1, (r + 1) * t.cols), r * cols);
  }
  return { x: { rows: t.rows, cols, data: x }, y };
};
const options = JSON.parse(paramText);
const cpu = process.cpuUsage();
const start = performance.now();
const trainSet = split(train);
const { model } = await boostedTrees.train({ task: { kind: 'classification', classes: 2 }, ...trainSet, options, seed: 0 });
const trainMs = performance.now() - start;
const used = process.cpuUsage(cpu);
const p = boostedTrees.predict(model, split(test).x);
writeFileSync(out, Buffer.from(p.filter((_, i) => i % 2 === 1).buffer));
const all = process.cpuUsage();
console.log(
  JSON.stringify({
    importMs: tImport - t0,
    loadMs: tLoad - tImport,
    trainMs,
    trainCpuMs: (used.user + used.system) / 1000,
    processCpuMs: (all.user + all.system) / 1000,
  }),
);
