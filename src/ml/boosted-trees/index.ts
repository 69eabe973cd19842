/**
 * Gradient-boosted trees by the histogram method, XGBoost's `tree_method="hist"` with its
 * options' meanings, as an `Algorithm` (see `../estimator.ts`). The model is XGBoost's JSON
 * document, which Debian's python3-xgboost loads and predicts the same:
 *
 * ```ts
 * const { model, history } = await boostedTrees.train({ task: { kind: 'classification', classes: 2 },
 *   x, y, seed: 1, options: { rounds: 50, learnRate: 0.3, maxDepth: 6, … } });
 * writeFileSync('model.json', stringifyXgboostJson(model)); // xgboost.Booster(model_file='model.json')
 * boostedTrees.predict(model, x); // [p(class 0), p(class 1)] per row
 * ```
 */
import type { Algorithm, BoostedTreeOptions } from '../estimator.js';
import { type BoostedTreeModel, outputsOf, predictBoostedTrees } from './model.js';
import { trainBoostedTrees } from './train.js';

export { featureImportance } from './importance.js';
export type { BoostedTreeModel } from './model.js';

export const boostedTrees: Algorithm<BoostedTreeOptions, BoostedTreeModel> = {
  name: 'boosted_trees',
  tasks: ['regression', 'classification'],
  train: trainBoostedTrees,
  predict: predictBoostedTrees,
  outputs: outputsOf,
};
