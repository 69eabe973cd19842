/**
 * A round's gradient pass over the pool: every row's gradient and hessian from its margins, the
 * margins' loss, then the gradients rounded for exact sums (`exact-sums.ts`). The rows are cut
 * into fixed blocks, shared out between the threads in runs; each block's loss is summed on its
 * own and the blocks' sums are added in block order, so the loss (which early stopping reads)
 * does not depend on the thread count either. Two hand-offs: the rounding needs every row's
 * gradient first, for the largest.
 */
import type { Task } from '../estimator.js';
import { maxima, roundRows, scaleFor } from './exact-sums.js';
import { objectiveFor } from './objective.js';
import type { ThreadPool } from './thread-pool.js';

const BLOCK = 16_384;

/** A thread's run of blocks `[from, to)` (row indexes; the arrays in shared memory). */
export interface GradientTask {
  readonly task: Task;
  readonly margins: Float64Array;
  readonly y: Float64Array;
  readonly weights: Float64Array | undefined;
  readonly gh: readonly Float32Array[];
  readonly from: number;
  readonly to: number;
}

/** Per block of the run, its weighted loss sum; then per group, the largest |g| and |h|. */
export function gradientJob(t: GradientTask): { sums: Float64Array; max: Float64Array } {
  const objective = objectiveFor(t.task);
  const sums = new Float64Array(Math.ceil((t.to - t.from) / BLOCK));
  for (let b = 0, r = t.from; r < t.to; b++, r += BLOCK)
    sums[b] = objective.gradients(t.margins, t.y, t.weights, t.gh, r, Math.min(r + BLOCK, t.to));
  const max = new Float64Array(2 * t.gh.length);
  for (const [g, gh] of t.gh.entries()) maxima(gh, t.from, t.to, max, 2 * g);
  return { sums, max };
}

export interface RoundTask {
  readonly gh: readonly Float32Array[];
  /** Per group, the gradients' and the hessians' scale. */
  readonly scales: Float64Array;
  readonly from: number;
  readonly to: number;
}

export function roundJob(t: RoundTask): undefined {
  for (const [g, gh] of t.gh.entries()) roundRows(gh, t.from, t.to, t.scales[2 * g], t.scales[2 * g + 1]);
  return undefined;
}

export interface GradientInput {
  readonly task: Task;
  readonly margins: Float64Array;
  readonly y: Float64Array;
  readonly weights: Float64Array | undefined;
  readonly gh: readonly Float32Array[];
}

/** Fills `gh` (rounded) from `margins`; returns the margins' weighted mean loss. */
export async function gradientPass(pool: ThreadPool, input: GradientInput, totalWeight: number): Promise<number> {
  const rows = input.y.length;
  const blocks = Math.ceil(rows / BLOCK);
  const parts = Math.max(1, Math.min(pool.threads, blocks));
  const runs = Array.from({ length: parts }, (_, t) => ({
    from: Math.floor((t * blocks) / parts) * BLOCK,
    to: t === parts - 1 ? rows : Math.floor(((t + 1) * blocks) / parts) * BLOCK,
  }));
  const results = await pool.runShares(
    'gradients',
    runs.map((run) => ({ ...input, ...run })),
  );
  let sum = 0;
  const max = new Float64Array(2 * input.gh.length);
  for (const result of results) {
    for (const s of result.sums) sum += s;
    for (let i = 0; i < max.length; i++) max[i] = Math.max(max[i], result.max[i]);
  }
  const scales = max.map((m) => scaleFor(m, rows));
  await pool.runShares(
    'round',
    runs.map((run) => ({ gh: input.gh, scales, ...run })),
  );
  return sum / totalWeight;
}
