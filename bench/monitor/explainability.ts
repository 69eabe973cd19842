/**
 * Explainability's cost, beside its baselines in the same run, on a boosted tree model (binary,
 * 20 features, ROUNDS rounds of depth DEPTH) that Godwit trains:
 *
 * - KernelSHAP of ROWS rows × 20 features with Clarify's defaults (1 baseline row, the mean;
 *   2M + 2048 = 2,088 coalitions per row), through `loadExplainableModel` (the model folder
 *   loaded by the serving code; for XGBoost the runtime's codec scores the rows directly) and
 *   with a hand-written predict function over the codec, beside the floor: scoring the same
 *   number of rows with `predictXgboost` alone;
 * - exact TreeSHAP of TREE_ROWS rows beside XGBoost's own (Debian's python3-xgboost,
 *   `predict(pred_contribs=True)`, timed around the call only, nthread 1).
 *
 * Wall and CPU time (the machine is shared: CPU time is the steadier figure).
 *
 *   node --conditions=godwit-source --import tsx bench/monitor/explainability.ts
 *   ROWS=100 TREE_ROWS=10000 ROUNDS=50 DEPTH=6 …
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { godwitHome } from '../../src/core/home.js';
import { boostedTrees } from '../../src/ml/boosted-trees/index.js';
import { seededRandom } from '../../src/ml/random.js';
import { predictXgboost, stringifyXgboostJson } from '../../src/ml/xgboost/index.js';
import { kernelShap, type Rows } from '../../src/monitor/explainability/kernel-shap.js';
import { loadExplainableModel } from '../../src/monitor/explainability/model-predictor.js';
import { treeExplainerOf, treeShap } from '../../src/monitor/explainability/tree-shap.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ROWS = env('ROWS', 100);
const TREE_ROWS = env('TREE_ROWS', 10_000);
const ROUNDS = env('ROUNDS', 50);
const DEPTH = env('DEPTH', 6);
const COLS = 20;

function rows(n: number, seed: number): Rows {
  const random = seededRandom(seed);
  return { rows: n, cols: COLS, data: Float64Array.from({ length: n * COLS }, () => random() * 4 - 2) };
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { value, wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

const dir = mkdtempSync(join(tmpdir(), 'godwit-bench-explain-'));
try {
  const load0 = loadavg()[0];
  const train = rows(5000, 1);
  const y = Float64Array.from({ length: 5000 }, (_, r) => {
    const x = train.data.subarray(r * COLS, (r + 1) * COLS);
    return x[0] - 0.8 * x[1] + 0.5 * x[2] * x[3] + Math.sin(2 * x[4]) > 0 ? 1 : 0;
  });
  const options = {
    rounds: ROUNDS,
    learnRate: 0.3,
    maxDepth: DEPTH,
    minSplitLoss: 0,
    minChildWeight: 1,
    subsample: 1,
    colsampleByTree: 1,
    l1: 0,
    l2: 1,
    numParallelTree: 1,
    maxBins: 64,
    earlyStop: false,
    minRelProgress: 0.01,
    threads: 1,
  };
  const { model } = await boostedTrees.train({ task: { kind: 'classification', classes: 2 }, x: train, y, options, seed: 1 });
  const modelDir = join(dir, 'model');
  mkdirSync(modelDir);
  writeFileSync(join(modelDir, 'xgboost-model.json'), stringifyXgboostJson(model));
  const explainer = treeExplainerOf(model);
  const data = rows(ROWS, 2);
  const mean: Rows = { rows: 1, cols: COLS, data: new Float64Array(COLS) };
  for (let r = 0; r < data.rows; r++) for (let i = 0; i < COLS; i++) mean.data[i] += data.data[r * COLS + i] / data.rows;

  const served = await loadExplainableModel(
    { model: modelDir },
    { workDir: join(dir, 'work'), home: godwitHome(join(dir, 'home')) },
  );
  // Warm up both paths (JIT) on a few rows, so neither pays for it in its measurement.
  const few: Rows = { rows: 3, cols: COLS, data: data.data.slice(0, 3 * COLS) };
  await kernelShap((r) => served.predict(r), mean, few, { seed: 9 });
  await kernelShap((r) => predictXgboost(explainer.model, r).values, mean, few, { seed: 9 });
  let modelRows = 0;
  const counted = (r: Rows) => {
    modelRows += r.rows;
    return served.predict(r);
  };
  const viaServing = await timed(() => kernelShap(counted, mean, data, { seed: 1 }));
  await served.close();
  const inProcess = await timed(() => kernelShap((r) => predictXgboost(explainer.model, r).values, mean, data, { seed: 1 }));
  const floorRows = rows(modelRows, 3);
  const floor = await timed(() => predictXgboost(explainer.model, floorRows));

  const treeData = rows(TREE_ROWS, 4);
  const treeList = Array.from({ length: TREE_ROWS }, (_, r) => treeData.data.subarray(r * COLS, (r + 1) * COLS));
  const tree = await timed(() => treeShap(explainer, treeList));
  writeFileSync(join(dir, 'rows.json'), JSON.stringify(treeList.map((r) => Array.from(r))));
  const script = `import json,sys,time,numpy as np,xgboost as xgb
b=xgb.Booster(model_file=sys.argv[1]); b.set_param({'nthread':1})
d=xgb.DMatrix(np.array(json.load(open(sys.argv[2]))))
t=time.process_time(); w=time.perf_counter(); b.predict(d,pred_contribs=True); print(json.dumps([time.perf_counter()-w,time.process_time()-t]))`;
  writeFileSync(join(dir, 'contribs.py'), script);
  const { stdout } = await promisify(execFile)(
    '/usr/bin/python3',
    [join(dir, 'contribs.py'), join(modelDir, 'xgboost-model.json'), join(dir, 'rows.json')],
    { maxBuffer: 1 << 26 },
  );
  const [xgbWall, xgbCpu] = JSON.parse(stdout) as number[];

  const f = (s: number) => `${s.toFixed(3)} s`;
  console.log(
    `KernelSHAP, ${ROWS} rows × ${COLS} features, 2,088 coalitions, 1 baseline row (${modelRows.toLocaleString()} model rows):`,
  );
  console.log(
    `  loadExplainableModel       wall ${f(viaServing.wall)}  cpu ${f(viaServing.cpu)}  (${(modelRows / viaServing.cpu / 1e6).toFixed(2)} M model rows per CPU second)`,
  );
  console.log(`  in-process predict         wall ${f(inProcess.wall)}  cpu ${f(inProcess.cpu)}`);
  console.log(`  floor: predictXgboost alone wall ${f(floor.wall)}  cpu ${f(floor.cpu)}`);
  console.log(
    `  ratio to the floor (cpu): loaded model ${(viaServing.cpu / floor.cpu).toFixed(2)}×, in-process ${(inProcess.cpu / floor.cpu).toFixed(2)}×`,
  );
  console.log(`TreeSHAP, ${TREE_ROWS} rows × ${COLS} features, ${ROUNDS} trees of depth ${DEPTH}:`);
  console.log(`  Godwit  wall ${f(tree.wall)}  cpu ${f(tree.cpu)}`);
  console.log(`  XGBoost pred_contribs (nthread 1)  wall ${f(xgbWall)}  cpu ${f(xgbCpu)}`);
  console.log(`  ratio Godwit / XGBoost (cpu): ${(tree.cpu / xgbCpu).toFixed(2)}×`);
  console.log(`load average ${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
