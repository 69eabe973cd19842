import { spawnSync } from 'node:child_process';
import type { Matrix } from '../../../src/ml/estimator.js';
import { seededRandom } from '../../../src/ml/random.js';

/** Debian's python3 with scikit-learn and numpy: the reference the built-in algorithms are compared with. */
export const PYTHON = process.env.GODWIT_PYTHON || '/usr/bin/python3';

const sklearnMissing = (() => {
  const r = spawnSync(PYTHON, ['-c', 'import sklearn, numpy'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `${PYTHON} cannot import sklearn and numpy (apt-get install python3-sklearn)`;
})();

/** The reason to skip scikit-learn comparisons here; on CI (`CI=true`) they run, and fail. */
export const skipWithoutSklearn: string | false = sklearnMissing && process.env.CI !== 'true' ? sklearnMissing : false;

/**
 * Runs `script` with `data` (matrices become nested lists) as the JSON global `D` and numpy as `np`;
 * the script sets `OUT`, returned parsed.
 */
export function sklearn<T>(script: string, data: Record<string, Matrix | Float64Array | number[] | number>): T {
  const json: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) {
    if (typeof value === 'number' || Array.isArray(value)) json[name] = value;
    else if (value instanceof Float64Array) json[name] = Array.from(value);
    else
      json[name] = Array.from({ length: value.rows }, (_, i) =>
        Array.from(value.data.subarray(i * value.cols, (i + 1) * value.cols)),
      );
  }
  const program = [
    'import json, sys, numpy as np',
    'D = {k: (np.array(v) if isinstance(v, list) else v) for k, v in json.load(sys.stdin).items()}',
    script,
    'print(json.dumps(OUT))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', program], { input: JSON.stringify(json), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** A standard normal from a seeded uniform source (Box–Muller). */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** `rows × cols` standard normal features, each column scaled by `scales[j]` (default 1). */
export function gaussianMatrix(rows: number, cols: number, seed: number, scales: number[] = []): Matrix {
  const random = seededRandom(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = gaussian(random) * (scales[i % cols] ?? 1);
  return { rows, cols, data };
}

/** Labels drawn from a softmax over `coef` (classes × cols) scores: a noisy, non-separable problem. */
export function softmaxLabels(x: Matrix, coef: number[][], seed: number): Float64Array {
  const random = seededRandom(seed);
  const y = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    const scores = coef.map((w) => w.reduce((sum, v, j) => sum + v * x.data[i * x.cols + j], 0));
    const max = Math.max(...scores);
    const e = scores.map((s) => Math.exp(s - max));
    const total = e.reduce((a, b) => a + b, 0);
    let u = random() * total;
    let label = 0;
    while (label < e.length - 1 && u > e[label]) u -= e[label++];
    y[i] = label;
  }
  return y;
}

/**
 * `actual` within `relative` of `expected` in the max norm: max |a − e| ≤ relative · max |e|.
 * Norm-wise because a coefficient near 0 (an intercept of −0.08 beside weights of 2) carries the
 * reference solver's own stopping error, which is small against the vector, not against itself.
 */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, relative: number, what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: ${actual.length} values, expected ${expected.length}`);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    if (!(error <= relative * scale)) {
      throw new Error(`${what}[${i}] is ${actual[i]}, scikit-learn has ${expected[i]}: off by ${error} > ${relative} × ${scale}`);
    }
  }
}
