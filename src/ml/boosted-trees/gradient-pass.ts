/**
 * A round's gradient pass over the pool: every row's gradient and hessian from its margins, the
 * margins' loss, and the scales that round the gradients for exact sums (`exact-sums.ts`). The
 * rows are cut into fixed blocks, shared out between the threads in runs; each block's loss is
 * summed on its own and the blocks' sums are added in block order, so the loss (which early
 * stopping reads) does not depend on the thread count either. The rounding needs every row's
 * gradient first, for the largest, so it is not done here but by each tree's first histogram
 * pass, for the rows that tree reads (`histogram.ts`): one hand-off per round instead of two.
 */
import type { Task } from '../estimator.js';
import { maxima, scaleFor } from './exact-sums.js';
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
  for (let b = 0, r = t.from; r < t.to; b++, r += BLOCK) {
    const end = Math.min(r + BLOCK, t.to);
    sums[b] = objective.gradients(t.margins, t.y, t.weights, t.gh, r, end);
  }
  const max = new Float64Array(2 * t.gh.length);
  for (const [g, gh] of t.gh.entries()) maxima(gh, t.from, t.to, max, 2 * g);
  return { sums, max };
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
  const blocks = Math.ceil(rows / BLOCK);
  const parts = Math.max(1, Math.min(pool.parts, blocks));
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
  const scales = input.gh.map((_, g) => Float64Array.from([scaleFor(max[2 * g], rows), scaleFor(max[2 * g + 1], rows)]));
  return { loss: sum / totalWeight, scales };
}
