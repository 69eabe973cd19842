/**
 * Godwit's side of bench/ml/boosted-trees.ts, in its own process as XGBoost's is: load the
 * modules, read the CSVs, train, predict. Prints one JSON line of timings; writes the test
 * predictions (p(class 1), float64) to argv[4].
 */
import { writeFileSync } from 'node:fs';

const t0 = performance.now();
const { boostedTrees } = await import('../../src/ml/boosted-trees/index.js');
const { readNumericCsv } = await import('../../src/ml/csv.js');
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
