/**
 * A round's gradient pass over the pool: every row's gradient and hessian from its margins, the
 * margins' loss, and the scales that round the gradients for exact sums (`exact-sums.ts`). The
 * rows are cut into fixed blocks, which the threads claim one at a time; each block's loss is
 * summed on its own and the blocks' sums are added in block order, so the loss (which early
 * stopping reads) does not depend on the thread count either. The rounding needs every row's
 * gradient first, for the largest, so it is not done here but by each tree's first histogram
 * pass, for the rows that tree reads (`histogram.ts`): one hand-off per round instead of two.
 */
import type { Task } from '../estimator.js';
import { maxima, scaleFor } from './exact-sums.js';
import { objectiveFor } from './objective.js';
import { claimNext } from './pool-hand-off.js';
import type { ThreadPool } from './thread-pool.js';

const BLOCK = 16_384;

/** The gradient pass's blocks, claimed one at a time (`runClaimed`); the arrays in shared memory. */
export interface GradientTask {
  readonly task: Task;
  readonly margins: Float64Array;
  readonly y: Float64Array;
  readonly weights: Float64Array | undefined;
  readonly gh: readonly Float32Array[];
  /** Per block of BLOCK rows, its weighted loss sum (written by the share that claims it). */
  readonly sums: Float64Array;
  readonly next: Int32Array;
  readonly part: number;
}

/** Gradients of the blocks this share claims, their loss sums into `sums`; per group, the largest |g| and |h| it saw. */
export function gradientJob(t: GradientTask): Float64Array {
  const objective = objectiveFor(t.task);
  const rows = t.y.length;
  const max = new Float64Array(2 * t.gh.length);
  for (let b = claimNext(t.next); b < t.sums.length; b = claimNext(t.next)) {
    const [from, to] = [b * BLOCK, Math.min(rows, (b + 1) * BLOCK)];
    t.sums[b] = objective.gradients(t.margins, t.y, t.weights, t.gh, from, to);
    for (const [g, gh] of t.gh.entries()) maxima(gh, from, to, max, 2 * g);
  }
  return max;
}

export interface GradientInput {
  readonly task: Task;
  readonly margins: Float64Array;
  readonly y: Float64Array;
  readonly weights: Float64Array | undefined;
  readonly gh: readonly Float32Array[];
}

/** What a gradient pass gives: the margins' weighted mean loss, and per group its rounding scales. */
export interface GradientPassResult {
  readonly loss: number;
  /** Per group g, `[gradient scale, hessian scale]` (see `exact-sums.ts`). */
  readonly scales: Float64Array[];
}

/** Fills `gh` (not yet rounded) from `margins`. */
export async function gradientPass(pool: ThreadPool, input: GradientInput, totalWeight: number): Promise<GradientPassResult> {
  const rows = input.y.length;
  const sums = new Float64Array(new SharedArrayBuffer(8 * Math.ceil(rows / BLOCK)));
  const maxes = await pool.runClaimed('gradients', { ...input, sums });
  let sum = 0;
  for (const s of sums) sum += s;
  const max = new Float64Array(2 * input.gh.length);
  for (const result of maxes) for (let i = 0; i < max.length; i++) max[i] = Math.max(max[i], result[i]);
  const scales = input.gh.map((_, g) => Float64Array.from([scaleFor(max[2 * g], rows), scaleFor(max[2 * g + 1], rows)]));
  return { loss: sum / totalWeight, scales };
}
