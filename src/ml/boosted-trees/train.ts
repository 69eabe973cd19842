/**
 * The boosting loop: bin once, then per round compute every row's gradients from the current
 * margins, grow `num_parallel_tree` trees per output group (each on its own row and feature
 * sample), add their leaves to the margins, and report the loss. All randomness comes from one
 * seeded stream drawn on this thread, so the model depends on the seed, never on the threads.
 */
import type { BoostedTreeOptions, Trained, TrainInput } from '../estimator.js';
import { seededRandom, shuffleInPlace } from '../random.js';
import { TrainingHistory } from '../training-history.js';
import type { XgboostTreeStats } from '../xgboost/index.js';
import { type BinnedMatrix, binMatrix } from './binning.js';
import { gradientPass } from './gradient-pass.js';
import { type GrowContext, growTree } from './grow-tree.js';
import { type KernelMemory, kernelMemory } from './kernel-memory.js';
import { addLeaves } from './leaf-values.js';
import { type BoostedTreeModel, modelDocument } from './model.js';
import { objectiveFor } from './objective.js';
import { type ThreadPool, threadCount, threadPool } from './thread-pool.js';
import { type GrownTree, rawLeaf } from './tree-nodes.js';
import { validateInput } from './validate.js';

export async function trainBoostedTrees(input: TrainInput<BoostedTreeOptions>): Promise<Trained<BoostedTreeModel>> {
  const y = validateInput(input);
  const { x, options, weights } = input;
  const objective = objectiveFor(input.task);
  const groups = objective.groups;
  const pool = threadPool(threadCount(options.threads));
  // Room for the byte codes (both layouts), gradients, row order and spare; arenas grow it.
  const memory = kernelMemory(x.rows * (Math.ceil(x.cols / 4) * 4 + x.cols + 8 * groups + 8) + (1 << 20));
  const ctx = growContext(await binMatrix(x, options.maxBins, pool, memory), pool, options, memory);
  const gh = Array.from({ length: groups }, () =>
    memory ? memory.array(Float32Array, x.rows * 2) : new Float32Array(new SharedArrayBuffer(x.rows * 8)),
  );
  const margins = new Float64Array(new SharedArrayBuffer(x.rows * groups * 8)).fill(objective.baseMargin);
  const pass = { task: input.task, margins, y: toShared(y), weights: weights && toShared(weights), gh };
  const totalWeight = weights ? weights.reduce((a, b) => a + b, 0) : x.rows;
  const evalSet = input.eval;
  const evalMargins = evalSet ? new Float64Array(evalSet.x.rows * groups).fill(objective.baseMargin) : undefined;
  const random = seededRandom(input.seed);
  const trees: GrownTree[] = [];
  const treeGroup: number[] = [];
  const history = new TrainingHistory({ ...options, onIteration: input.onIteration, signal: input.signal });
  // Each round's gradient pass also gives the loss of the margins it starts from: the loss of
  // the round before (the last round's pass computes gradients no round uses).
  let { loss, scales } = await gradientPass(pool, pass, totalWeight);
  const { columns, rows, missing } = ctx.binned;
  for (let round = 1; round <= options.rounds; round++) {
    for (let g = 0; g < groups; g++) {
      for (let p = 0; p < options.numParallelTree; p++) {
        const sampled = sampleRows(ctx.order, x.rows, options.subsample, random);
        const features = sampleFeatures(x.cols, options.colsampleByTree, random);
        const grown = await growTree(ctx, { gh: gh[g], scales: scales[g] }, sampled, features);
        trees.push(grown);
        treeGroup.push(g);
        // Before the next tree reuses `order`, whose segments say where this tree's rows went.
        await addLeaves(pool, grown, { margins, groups, group: g, order: ctx.order, columns, rows, missing, sampled });
        if (evalSet && evalMargins)
          for (let r = 0; r < evalSet.x.rows; r++)
            evalMargins[r * groups + g] += grown.tree.condition[rawLeaf(grown.tree, evalSet.x.data, r * evalSet.x.cols)];
      }
    }
    ({ loss, scales } = await gradientPass(pool, pass, totalWeight));
    const evalLoss = evalSet && evalMargins ? objective.loss(evalMargins, evalSet.y as Float64Array, undefined) : undefined;
    if (await history.record(loss, evalLoss, options.learnRate)) break;
  }
  const stats: XgboostTreeStats[] = trees.map((t) => t.stats);
  const model = modelDocument({ objective, numFeature: x.cols, trees: trees.map((t) => t.tree), treeGroup, stats, options });
  return { model, history: history.reports };
}

/** What growing trees over `binned` needs, allocated once for all the trees. */
function growContext(
  binned: BinnedMatrix,
  pool: ThreadPool,
  options: BoostedTreeOptions,
  memory: KernelMemory | undefined,
): GrowContext {
  const shared = () => new Uint32Array(new SharedArrayBuffer(binned.rows * 4));
  return {
    binned,
    bins: Int32Array.from(binned.cuts, (c) => c.length + 1),
    order: memory ? memory.array(Uint32Array, binned.rows) : shared(),
    spare: memory ? memory.array(Uint32Array, binned.rows) : shared(),
    memory,
    pool,
    arenas: [],
    partials: [],
    slotSize: binned.cols * (binned.missing + 1) * 2,
    params: options,
  };
}

/** A copy in shared memory, which the pool's threads read. */
function toShared(a: Float64Array): Float64Array {
  const copy = new Float64Array(new SharedArrayBuffer(a.length * 8));
  copy.set(a);
  return copy;
}

/**
 * This tree's rows into `order` (ascending), each row kept with probability `subsample`; returns
 * how many. The rows left out follow them (ascending too), for adding the tree's leaves to.
 */
function sampleRows(order: Uint32Array, rows: number, subsample: number, random: () => number): number {
  if (subsample >= 1) {
    for (let r = 0; r < rows; r++) order[r] = r;
    return rows;
  }
  let m = 0;
  let out = rows;
  // The left-out rows are written from the end backwards, then put back in ascending order.
  for (let r = 0; r < rows; r++) {
    if (random() < subsample) order[m++] = r;
    else order[--out] = r;
  }
  order.subarray(m).reverse();
  return m;
}

/** XGBoost's `colsample_bytree`: max(1, ⌊fraction × features⌋) features drawn without replacement. */
function sampleFeatures(cols: number, fraction: number, random: () => number): Int32Array {
  const all = Int32Array.from({ length: cols }, (_, i) => i);
  if (fraction >= 1) return all;
  shuffleInPlace(all, random);
  return all.subarray(0, Math.max(1, Math.floor(fraction * cols))).sort();
}
