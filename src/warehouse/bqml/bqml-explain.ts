/**
 * ML.WEIGHTS (linear models), ML.FEATURE_IMPORTANCE (boosted trees) and ML.CENTROIDS (k-means), per input column as
 * BigQuery ML reports them. ML.WEIGHTS gives the weights on the columns' own scale unless
 * `STRUCT(TRUE AS standardize)` asks for the standardised ones the model holds; one-hot columns
 * are gathered into `category_weights`, the intercept is `__INTERCEPT__`. A multiclass model
 * gives, as BigQuery does, one row per processed input (a one-hot column is `input_category`)
 * with `weight` NULL and its weight for each class in `category_weights` (category = the class).
 */
import { GodwitError } from '../../core/errors.js';
import { featureImportance } from '../../ml/boosted-trees/importance.js';
import type { BoostedTreeModel } from '../../ml/boosted-trees/model.js';
import type { GlmModel } from '../../ml/glm/glm-model.js';
import type { KmeansModel } from '../../ml/kmeans/kmeans-model.js';
import type { MlCall } from '../../sql/bigquery/bigquery-ml-functions.js';
import type { Row } from '../warehouse.js';
import { type Feature, width } from './bqml-features.js';
import type { StoredModel } from './bqml-model.js';
import type { MlResult } from './bqml-sql.js';

export function weights(model: StoredModel, call: MlCall): MlResult {
  if (model.algorithm !== 'linear') throw wrongModel(call, model, 'LINEAR_REG and LOGISTIC_REG');
  const glm = model.model as GlmModel;
  const standardize = call.settings.get('standardize') === true;
  const perClass = Array.from({ length: glm.intercepts.length }, (_, k) => classWeights(model, glm, k, standardize));
  const columns = [
    { name: 'processed_input', type: 'VARCHAR' },
    { name: 'weight', type: 'DOUBLE' },
    { name: 'category_weights', type: [{ category: 'VARCHAR', weight: 'DOUBLE' }] as const },
  ];
  if (glm.link !== 'softmax') return { columns, rows: perClass[0] };
  // Multiclass: one row per processed input, its weight NULL and one (class, weight) per class.
  const classes = (model.label?.classes ?? []).map(String);
  const rows: Row[] = [];
  for (const [i, row] of perClass[0].entries()) {
    const categories = row.category_weights as { category: string }[];
    const inputs =
      categories.length === 0
        ? [{ name: row.processed_input, at: -1 }]
        : categories.map((c, at) => ({ name: `${row.processed_input}_${c.category}`, at }));
    for (const input of inputs)
      rows.push({
        processed_input: input.name,
        weight: null,
        category_weights: classes.map((category, k) => {
          const own = perClass[k][i];
          const weight = input.at < 0 ? own.weight : (own.category_weights as { weight: number }[])[input.at].weight;
          return { category, weight };
        }),
      });
  }
  return { columns, rows };
}

/** Class k's rows as a binary or regression model gives them: each input, then `__INTERCEPT__`. */
function classWeights(model: StoredModel, glm: GlmModel, k: number, standardize: boolean): Row[] {
  const w = glm.weights.slice(k * glm.features, (k + 1) * glm.features);
  let intercept = glm.intercepts[k];
  let at = 0;
  const rows: Row[] = [];
  for (const f of model.features) {
    const own = w.slice(at, at + width(f));
    at += width(f);
    rows.push(weightRow(f, own, standardize));
    if (f.kind === 'numeric' && f.mode === 'standardize' && !standardize) intercept -= (own[0] * f.mean) / f.std;
  }
  rows.push({ processed_input: '__INTERCEPT__', weight: intercept, category_weights: [] });
  return rows;
}

function weightRow(f: Feature, own: readonly number[], standardize: boolean): Row {
  if (f.kind === 'numeric') {
    const scaled = f.mode === 'standardize' && !standardize ? own[0] / f.std : own[0];
    return { processed_input: f.name, weight: scaled, category_weights: [] };
  }
  const shown = f.encoding === 'DUMMY_ENCODING' ? f.categories.slice(1) : f.categories;
  return {
    processed_input: f.name,
    weight: null,
    category_weights: shown.map((category, i) => ({ category: category ?? 'NULL', weight: own[i] })),
  };
}

export function importance(model: StoredModel, call: MlCall): MlResult {
  if (model.algorithm !== 'boosted_trees') throw wrongModel(call, model, 'BOOSTED_TREE_CLASSIFIER and BOOSTED_TREE_REGRESSOR');
  const per = featureImportance(model.model as BoostedTreeModel);
  let at = 0;
  const rows = model.features.map((f) => {
    const mine = per.slice(at, at + width(f));
    at += width(f);
    const splits = mine.reduce((s, m) => s + m.weight, 0);
    const mean = (pick: (m: (typeof mine)[number]) => number) =>
      splits ? mine.reduce((s, m) => s + pick(m) * m.weight, 0) / splits : 0;
    return {
      feature: f.name,
      importance_weight: splits,
      importance_gain: mean((m) => m.gain),
      importance_cover: mean((m) => m.cover),
    };
  });
  return {
    columns: [
      { name: 'feature', type: 'VARCHAR' },
      { name: 'importance_weight', type: 'BIGINT' },
      { name: 'importance_gain', type: 'DOUBLE' },
      { name: 'importance_cover', type: 'DOUBLE' },
    ],
    rows,
  };
}

function wrongModel(call: MlCall, model: StoredModel, takes: string): GodwitError {
  return new GodwitError('E_BQML_FUNCTION', `ML.${call.name} is for ${takes} models; ${model.name} is ${model.modelType}.`, {
    hint: 'ML.EVALUATE, ML.TRAINING_INFO and ML.FEATURE_INFO work for every model type.',
  });
}

/** ML.CENTROIDS: one row per centroid and input column, on the column's own scale unless `STRUCT(TRUE AS standardize)`. */
export function centroids(model: StoredModel, call: MlCall): MlResult {
  if (model.algorithm !== 'kmeans') throw wrongModel(call, model, 'KMEANS');
  const km = model.model as KmeansModel;
  const standardize = call.settings.get('standardize') === true;
  const k = km.centroids.length / km.features;
  const rows: Row[] = [];
  for (let c = 0; c < k; c++) {
    let at = c * km.features;
    for (const f of model.features) {
      const own = km.centroids.slice(at, at + width(f));
      at += width(f);
      if (f.kind === 'numeric') {
        const value = f.mode === 'standardize' && !standardize ? own[0] * f.std + f.mean : own[0];
        rows.push({ centroid_id: c + 1, feature: f.name, numerical_value: value, categorical_value: [] });
      } else {
        const shown = f.encoding === 'DUMMY_ENCODING' ? f.categories.slice(1) : f.categories;
        const categorical_value = shown.map((category, i) => ({ category: category ?? 'NULL', value: own[i] }));
        rows.push({ centroid_id: c + 1, feature: f.name, numerical_value: null, categorical_value });
      }
    }
  }
  const columns = [
    { name: 'centroid_id', type: 'BIGINT' },
    { name: 'feature', type: 'VARCHAR' },
    { name: 'numerical_value', type: 'DOUBLE' },
    { name: 'categorical_value', type: [{ category: 'VARCHAR', value: 'DOUBLE' }] as const },
  ];
  return { columns, rows };
}
