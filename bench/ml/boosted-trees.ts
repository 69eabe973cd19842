/**
 * Boosted trees beside XGBoost (Debian's python3-xgboost, `tree_method=hist`) on a 200,000 × 20
 * synthetic binary classification set, same depth, rounds, learning rate, max_bin and threads,
 * once per thread count in THREADS (default 1 and 2: both sides' nthread). Each side runs in its
 * own process (`boosted-trees-xgboost.py`, `boosted-trees-godwit.ts`), alternately, REPEAT times;
 * medians. Prints per thread count the training-time ratio (target ≤ 1.25×), the test AUCs
 * (target within 0.005) and the whole-process figures (start + import + CSV + train), then a
 * summary line with every ratio and the load average before and after (the machine is shared).
 *
 *   node --conditions=godwit-source --import tsx bench/ml/boosted-trees.ts
 *   ROWS=200000 ROUNDS=100 DEPTH=6 REPEAT=3 THREADS=1,2 FROM=src|dist …
 *
 * FROM=dist (after `npm run build`) runs Godwit's built JavaScript, as an installed Godwit runs;
 * the default runs the sources through tsx, whose pool workers compile their modules as they
 * start (training time then includes ~1 s of a worker's start that an installed Godwit does not
 * have). The figures say which.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { rocAuc } from '../../src/ml/metrics.js';
import { seededRandom } from '../../src/ml/random.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ROWS = env('ROWS', 200_000);
const TEST_ROWS = env('TEST_ROWS', 50_000);
const COLS = 20;
const ROUNDS = env('ROUNDS', 100);
const DEPTH = env('DEPTH', 6);
const ETA = env('ETA', 0.3);
const MAX_BIN = env('MAX_BIN', 256);
const THREAD_COUNTS = (process.env.THREADS ?? '1,2').split(',').map(Number);
const REPEAT = env('REPEAT', 3);
const FROM = process.env.FROM ?? 'src';
if (FROM !== 'src' && FROM !== 'dist') throw new Error(`FROM is src or dist, not ${FROM}`);
const here = new URL('.', import.meta.url).pathname;
const run = promisify(execFile);

/**
 * Label = [logit + logistic noise > 0], the logit mixing linear terms, interactions and
 * non-monotone terms of 12 of the 20 features (the other 8 are noise): trees must work for it.
 */
function dataSet(rows: number, seed: number): string {
  const random = seededRandom(seed);
  const lines: string[] = [];
  const x = new Float64Array(COLS);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < COLS; c++) x[c] = random() * 4 - 2;
    const logit =
      x[0] -
      0.8 * x[1] +
      0.5 * x[2] * x[3] +
      Math.sin(2 * x[4]) +
      (Math.abs(x[5]) - 1) +
      0.6 * x[6] * (x[7] > 0 ? 1 : -1) +
      0.4 * x[8] ** 2 -
      0.6 +
      0.3 * x[9] -
      0.3 * x[10] +
      0.5 * Math.cos(x[11] * x[0]);
    const u = random();
    const label = logit + Math.log(u / (1 - u)) > 0 ? 1 : 0;
    lines.push(`${label},${Array.from(x, (v) => v.toFixed(5)).join(',')}`);
  }
  return `${lines.join('\n')}\n`;
}

interface Side {
  importMs: number;
  loadMs: number;
  trainMs: number;
  trainCpuMs: number;
  processCpuMs: number;
  wallMs: number;
  auc: number;
}

async function side(command: string, args: string[], predictions: string, labels: Float64Array): Promise<Side> {
  const start = performance.now();
  const env = { ...process.env, BENCH_FROM: FROM };
  const { stdout } = await run(command, args, { maxBuffer: 1 << 20, timeout: 600_000, env });
  const wallMs = performance.now() - start;
  const figures = JSON.parse(stdout.trim().split('\n').at(-1) as string);
  const scores = new Float64Array(readFileSync(predictions).buffer.slice(0));
  return { ...figures, wallMs, auc: rocAuc(labels, scores) ?? Number.NaN };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'godwit-bench-gbt-'));
  try {
    const trainCsv = join(dir, 'train.csv');
    const testCsv = join(dir, 'test.csv');
    writeFileSync(trainCsv, dataSet(ROWS, 1));
    const testText = dataSet(TEST_ROWS, 2);
    writeFileSync(testCsv, testText);
    const labels = Float64Array.from(testText.trimEnd().split('\n'), (line) => Number(line[0]));
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(1))
        .join(' ');
    const before = load();
    const summary: string[] = [];
    for (const threads of THREAD_COUNTS) {
      const { xs, gs } = await compare(dir, threads, labels);
      report(xs, gs, threads);
      const ratio = median(gs.map((s) => s.trainMs)) / median(xs.map((s) => s.trainMs));
      const cpu = median(gs.map((s) => s.trainCpuMs)) / median(xs.map((s) => s.trainCpuMs));
      summary.push(`${threads} thread${threads === 1 ? '' : 's'}: ${ratio.toFixed(2)}× wall, ${cpu.toFixed(2)}× CPU`);
    }
    console.log(
      `\ntraining time, Godwit (from ${FROM}) / XGBoost: ${summary.join('; ')} (load average before ${before}, after ${load()})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** REPEAT alternating runs of each side with `threads` threads. */
async function compare(dir: string, threads: number, labels: Float64Array): Promise<{ xs: Side[]; gs: Side[] }> {
  const xgbParams = {
    rounds: ROUNDS,
    objective: 'binary:logistic',
    tree_method: 'hist',
    max_depth: DEPTH,
    eta: ETA,
    max_bin: MAX_BIN,
    nthread: threads,
    seed: 0,
  };
  const ours = {
    rounds: ROUNDS,
    learnRate: ETA,
    maxDepth: DEPTH,
    minSplitLoss: 0,
    minChildWeight: 1,
    subsample: 1,
    colsampleByTree: 1,
    l1: 0,
    l2: 1,
    numParallelTree: 1,
    maxBins: MAX_BIN,
    earlyStop: false,
    minRelProgress: 0,
    threads,
  };
  const [trainCsv, testCsv] = [join(dir, 'train.csv'), join(dir, 'test.csv')];
  const nodeArgs = [
    ...process.execArgv,
    join(here, 'boosted-trees-godwit.ts'),
    trainCsv,
    testCsv,
    join(dir, 'godwit.bin'),
    JSON.stringify(ours),
  ];
  const pyArgs = [join(here, 'boosted-trees-xgboost.py'), trainCsv, testCsv, join(dir, 'xgboost.bin'), JSON.stringify(xgbParams)];
  const xs: Side[] = [];
  const gs: Side[] = [];
  for (let i = 0; i < REPEAT; i++) {
    xs.push(await side('/usr/bin/python3', pyArgs, join(dir, 'xgboost.bin'), labels));
    gs.push(await side(process.execPath, nodeArgs, join(dir, 'godwit.bin'), labels));
    console.error(
      `${threads} threads, run ${i + 1}: xgboost train ${xs[i].trainMs.toFixed(0)} ms, godwit ${gs[i].trainMs.toFixed(0)} ms`,
    );
  }
  return { xs, gs };
}

function report(xs: Side[], gs: Side[], threads: number): void {
  const row = (name: string, key: keyof Side, digits = 0) => {
    const x = median(xs.map((s) => s[key]));
    const g = median(gs.map((s) => s[key]));
    console.log(
      `| ${name} | ${g.toFixed(digits)} | ${x.toFixed(digits)} | ${key === 'auc' ? (g - x).toFixed(4) : `${(g / x).toFixed(2)}×`} |`,
    );
  };
  console.log(
    `\n${ROWS} × ${COLS} train, ${TEST_ROWS} test, ${ROUNDS} rounds, depth ${DEPTH}, eta ${ETA}, max_bin ${MAX_BIN}, ${threads} threads; Godwit from ${FROM === 'dist' ? 'dist/ (built)' : 'src/ through tsx'}; medians of ${REPEAT}\n`,
  );
  console.log('| figure | Godwit | XGBoost | ratio (difference for AUC) |');
  console.log('| --- | --- | --- | --- |');
  row('training, wall ms', 'trainMs');
  row('training, CPU ms', 'trainCpuMs');
  row('start + import (ms, as measured inside the process)', 'importMs');
  row('CSV load ms', 'loadMs');
  row('whole process, wall ms', 'wallMs');
  row('whole process, CPU ms', 'processCpuMs');
  row('test AUC', 'auc', 4);
}

await main();
