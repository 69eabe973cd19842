/**
 * k-means as a built-in `Algorithm`: k-means++ (or random) initial centroids from the seed, then
 * Lloyd iterations until no row changes cluster, `maxIterations`, or early stopping. The loss is
 * the weighted mean squared distance of the rows to their centroid (scikit-learn's inertia divided
 * by the total weight; BigQuery ML's `mean_squared_distance`).
 */
import { checkMatrix, checkOptions, checkTrainInput, inputError, RULES } from '../check-input.js';
import type { Algorithm, KmeansOptions, Matrix, Trained, TrainInput } from '../estimator.js';
import { TrainingHistory } from '../training-history.js';
import { kmeansPlusPlus, randomCentroids } from './kmeans-init.js';
import { type KmeansModel, kmeansOutputs, predictKmeans } from './kmeans-model.js';
import { assign, update } from './lloyd.js';

export const kmeans: Algorithm<KmeansOptions, KmeansModel> = {
  name: 'kmeans',
  tasks: ['clustering'],
  train: (input) => trainKmeans(input),
  predict: predictKmeans,
  outputs: kmeansOutputs,
};

/**
 * Trains from `initial` centroids when given (BigQuery ML's `kmeans_init_method = 'CUSTOM'`),
 * otherwise from the centroids `options.init` draws with the seed.
 */
export async function trainKmeans(input: TrainInput<KmeansOptions>, initial?: Matrix): Promise<Trained<KmeansModel>> {
  checkTrainInput(input, 'k-means', kmeans.tasks);
  const { x, options, weights } = input;
  const k = options.clusters;
  checkKmeansOptions(options, x.rows);
  if (initial) {
    checkMatrix(initial, 'The initial centroids', { cols: x.cols });
    if (initial.rows !== k)
      throw inputError(
        `There are ${initial.rows} initial centroids for ${k} clusters.`,
        'Give one initial centroid per cluster.',
      );
  }
  let centroids = initial
    ? Float64Array.from(initial.data)
    : options.init === 'random'
      ? randomCentroids(x, k, input.seed)
      : kmeansPlusPlus(x, k, input.seed, weights);
  const history = new TrainingHistory({ ...options, onIteration: input.onIteration, signal: input.signal });
  const held = input.eval?.x;
  let current = assign(x, centroids, k, weights);
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    const next = update(x, current, k, weights);
    const moved = next.some((v, j) => v !== centroids[j]);
    centroids = next;
    current = assign(x, centroids, k, weights);
    const stop = await history.record(current.loss, held && assign(held, centroids, k).loss);
    if (stop || !moved) break;
  }
  return { model: { kind: 'kmeans', features: x.cols, centroids: Array.from(centroids) }, history: history.reports };
}

function checkKmeansOptions(o: KmeansOptions, rows: number): void {
  checkOptions('k-means', o, { clusters: RULES.whole1, maxIterations: RULES.whole1, minRelProgress: RULES.atLeast0 });
  if (o.clusters > rows) {
    throw inputError(
      `Option clusters is ${o.clusters} but the training data has ${rows} rows.`,
      'Ask for at most as many clusters as there are rows.',
    );
  }
  if (o.init !== 'kmeans++' && o.init !== 'random')
    throw inputError(`Option init is ${String(o.init)}.`, "init must be 'kmeans++' or 'random'.");
}
