/** Seeded synthetic data, default options and Debian's python3-xgboost for the boosted tree tests. */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BoostedTreeOptions, Matrix } from '../../../src/ml/estimator.js';
import { rocAuc } from '../../../src/ml/metrics.js';
import { seededRandom } from '../../../src/ml/random.js';

export const PYTHON = '/usr/bin/python3';

export const OPTIONS: BoostedTreeOptions = {
  rounds: 10,
  learnRate: 0.3,
  maxDepth: 4,
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

export interface DataSet {
  readonly x: Matrix;
  /** Regression target, binary label and 3-class label per row. */
  readonly target: Float64Array;
  readonly binary: Float64Array;
  readonly multi: Float64Array;
}

/**
 * `rows` × 6 features in [-1, 1]; feature 2 is missing in about 10% of rows, and a missing
 * feature 2 pushes the target up, so the default direction matters. Feature 5 takes 4 values.
 */
export function dataSet(rows: number, seed: number): DataSet {
  const random = seededRandom(seed);
  const cols = 6;
  const data = new Float64Array(rows * cols);
  const target = new Float64Array(rows);
  const binary = new Float64Array(rows);
  const multi = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const v = Array.from({ length: cols }, () => random() * 2 - 1);
    v[5] = Math.floor(random() * 4);
    const missing = random() < 0.1;
    if (missing) v[2] = Number.NaN;
    const s = 2 * v[0] - v[1] + (missing ? 1.5 : v[2] * v[3]) + 0.3 * v[5] + (random() - 0.5) * 0.5;
    data.set(v, r * cols);
    target[r] = s;
    binary[r] = s > 0.3 ? 1 : 0;
    multi[r] = s < -0.5 ? 0 : s < 0.8 ? 1 : 2;
  }
  return { x: { rows, cols, data }, target, binary, multi };
}

/** Rows as JSON (NaN as null) for Python. */
export function rowsJson(x: Matrix): string {
  const rows: (number | null)[][] = [];
  for (let r = 0; r < x.rows; r++)
    rows.push(Array.from(x.data.subarray(r * x.cols, (r + 1) * x.cols), (v) => (Number.isNaN(v) ? null : v)));
  return JSON.stringify(rows);
}

/** Whether Debian's xgboost is importable; the reason to skip when not. */
export async function xgboostMissing(): Promise<string | undefined> {
  try {
    await promisify(execFile)(PYTHON, ['-c', 'import xgboost'], { timeout: 60_000 });
    return undefined;
  } catch {
    const reason = `${PYTHON} has no xgboost module (apt-get install python3-xgboost)`;
    if (process.env.CI === 'true') throw new Error(`${reason}; CI must test boosted trees against the real XGBoost.`);
    return reason;
  }
}

/** Writes `script` into `dir` and runs it with `args`; its stdout. */
export async function runPython(dir: string, name: string, script: string, args: string[]): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, script);
  const { stdout } = await promisify(execFile)(PYTHON, [path, ...args], { timeout: 300_000, maxBuffer: 64 << 20 });
  return stdout;
}

/** Whether `got` is within 1e-6 · max(1, |want|) of `want`, element by element; the first miss. */
export function firstMiss(got: ArrayLike<number>, want: ArrayLike<number>): string | undefined {
  if (got.length !== want.length) return `${got.length} values, expected ${want.length}`;
  for (let i = 0; i < want.length; i++)
    if (!(Math.abs(got[i] - want[i]) <= 1e-6 * Math.max(1, Math.abs(want[i])))) return `[${i}]: ${got[i]} vs ${want[i]}`;
  return undefined;
}

/** Area under the ROC curve of scores against 0/1 labels; both classes are always present here. */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return rocAuc(labels, scores) as number;
}
