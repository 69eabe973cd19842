/**
 * The Godwit side of the logistic-regression figure, run as its own process by `logistic.ts`:
 * load the CSVs with Godwit's reader, train `glm` as scikit-learn's defaults would (C = 1, so
 * l2 = 1/n; at most 100 iterations; SciPy's stopping rule), and print one JSON line of timings
 * and log-losses.
 *
 *   node --conditions=godwit-source --import tsx bench/ml/logistic-train.ts train.csv test.csv
 */
import { readNumericCsv } from '../../src/ml/csv.js';
import type { Matrix } from '../../src/ml/estimator.js';
import { glm } from '../../src/ml/glm/glm.js';
import type { GlmModel } from '../../src/ml/glm/glm-model.js';

function split(table: { rows: number; cols: number; data: Float64Array }): { x: Matrix; y: Float64Array } {
  const cols = table.cols - 1;
  const y = new Float64Array(table.rows);
  const data = new Float64Array(table.rows * cols);
  for (let i = 0; i < table.rows; i++) {
    y[i] = table.data[i * table.cols];
    data.set(table.data.subarray(i * table.cols + 1, (i + 1) * table.cols), i * cols);
  }
  return { x: { rows: table.rows, cols, data }, y };
}

function logLoss(model: GlmModel, x: Matrix, y: Float64Array): number {
  const p = glm.predict(model, x);
  let sum = 0;
  for (let i = 0; i < x.rows; i++) sum -= Math.log(Math.max(p[2 * i + y[i]], 1e-300));
  return sum / x.rows;
}

const [trainFile, testFile] = process.argv.slice(2);
const loadStart = performance.now();
const train = split(await readNumericCsv(trainFile));
const test = split(await readNumericCsv(testFile));
const loadMs = performance.now() - loadStart;
const cpu = process.cpuUsage();
const start = performance.now();
const { model, history } = await glm.train({
  task: { kind: 'classification', classes: 2 },
  x: train.x,
  y: train.y,
  // SciPy's L-BFGS-B, under scikit-learn, stops once F improves by less than 2.2e-9 relative (its
  // default ftol); minRelProgress is the same rule on Godwit's side.
  options: { l1: 0, l2: 1 / train.x.rows, maxIterations: 100, earlyStop: true, minRelProgress: 2.2e-9, fitIntercept: true },
  seed: 0,
});
const trainMs = performance.now() - start;
const trainCpu = process.cpuUsage(cpu);
const total = process.cpuUsage();
console.log(
  JSON.stringify({
    loadMs,
    trainMs,
    trainCpuMs: (trainCpu.user + trainCpu.system) / 1000,
    processCpuMs: (total.user + total.system) / 1000,
    iterations: history.length,
    trainLogLoss: logLoss(model, train.x, train.y),
    testLogLoss: logLoss(model, test.x, test.y),
  }),
);
