/**
 * Per-feature importance as XGBoost's `get_score` computes it (and BigQuery ML's
 * `ML.FEATURE_IMPORTANCE` reports it): `weight` is how many splits use the feature, `gain` and
 * `cover` the mean loss change and mean hessian sum of those splits.
 */
import type { BoostedTreeModel } from './model.js';

export interface FeatureImportance {
  readonly feature: number;
  readonly weight: number;
  readonly gain: number;
  readonly cover: number;
}

interface TreeDoc {
  readonly left_children: readonly number[];
  readonly split_indices: readonly number[];
  readonly loss_changes: readonly number[];
  readonly sum_hessian: readonly number[];
}

/** One entry per feature `0 … num_feature − 1`, in order; unused features have zeros. */
export function featureImportance(model: BoostedTreeModel): FeatureImportance[] {
  const learner = model.learner as {
    learner_model_param: { num_feature: string };
    gradient_booster: { model: { trees: TreeDoc[] } };
  };
  const count = Number(learner.learner_model_param.num_feature);
  const weight = new Float64Array(count);
  const gain = new Float64Array(count);
  const cover = new Float64Array(count);
  for (const tree of learner.gradient_booster.model.trees) {
    for (let n = 0; n < tree.left_children.length; n++) {
      if (tree.left_children[n] === -1) continue;
      const f = tree.split_indices[n];
      weight[f] += 1;
      gain[f] += tree.loss_changes[n];
      cover[f] += tree.sum_hessian[n];
    }
  }
  return Array.from({ length: count }, (_, f) => ({
    feature: f,
    weight: weight[f],
    gain: weight[f] ? gain[f] / weight[f] : 0,
    cover: weight[f] ? cover[f] / weight[f] : 0,
  }));
}
