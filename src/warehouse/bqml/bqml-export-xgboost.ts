/**
 * A boosted tree model exported as BigQuery exports it, an XGBoost Booster with its assets, in
 * formats XGBoost reads today (BigQuery writes XGBoost 0.82's legacy binary):
 *
 * - `xgboost-model.json`: XGBoost's JSON model (the schema of 1.7), feature names recorded; the
 *   name Godwit's `xgboost` runtime looks for first;
 * - `model.bst`: the same model as UBJSON, the name BigQuery and Vertex AI's prebuilt XGBoost
 *   container use (XGBoost 1.6 and later load UBJSON under any name, 2.1 and later save it so);
 * - `assets/model_metadata.json`: how rows become the model's feature columns (names, order,
 *   types, encodings and vocabularies, the TRANSFORM), the label and its classes;
 * - `assets/<k>.txt`: the vocabulary of the k-th input when it is categorical, one per line.
 */
import type { XgboostJson } from '../../ml/xgboost/index.js';
import { stringifyXgboostJson, xgboostUbjson } from '../../ml/xgboost/index.js';
import type { ExportFile } from './bqml-export-publish.js';
import { expandedNames, type Feature, width } from './bqml-features.js';
import type { StoredModel } from './bqml-model.js';

export const XGBOOST_MODEL_FILE = 'xgboost-model.json';
export const METADATA_FILE = 'assets/model_metadata.json';

export function xgboostFiles(model: StoredModel, now: Date): ExportFile[] {
  const names = featureNames(model.features);
  const stored = model.model as XgboostJson;
  const learner = {
    ...(stored.learner as Record<string, unknown>),
    feature_names: names,
    feature_types: names.map(() => 'float'),
  };
  const doc: XgboostJson = { ...stored, learner };
  const vocabularies = model.features.flatMap((f, k) =>
    f.kind === 'categorical' ? [{ path: `assets/${k}.txt`, data: `${f.categories.map((c) => c ?? '').join('\n')}\n` }] : [],
  );
  // The model files last, so a reader that finds them finds their assets too.
  return [
    ...vocabularies,
    { path: METADATA_FILE, data: `${JSON.stringify(metadataOf(model, names, now), null, 2)}\n` },
    { path: 'model.bst', data: xgboostUbjson(doc) },
    { path: XGBOOST_MODEL_FILE, data: stringifyXgboostJson(doc) },
  ];
}

/**
 * The matrix columns' names as XGBoost takes them: `island_Biscoe` for a one-hot column, with
 * the characters XGBoost refuses in a feature name (`[`, `]`, `<`) as `_`, made unique.
 */
export function featureNames(features: readonly Feature[]): string[] {
  const seen = new Set<string>();
  return expandedNames(features).map((raw) => {
    let name = raw.replace(/[[\]<]/g, '_');
    for (let n = 2; seen.has(name); n++) name = `${raw.replace(/[[\]<]/g, '_')}_${n}`;
    seen.add(name);
    return name;
  });
}

function metadataOf(model: StoredModel, names: readonly string[], now: Date) {
  let column = 0;
  const features = model.features.map((f, k) => {
    const columns = names.slice(column, column + width(f));
    column += width(f);
    if (f.kind === 'numeric')
      return { name: f.name, type: 'numerical', columns, missing: 'NaN (XGBoost routes it by each split)' };
    return {
      name: f.name,
      type: 'categorical',
      encoding: f.encoding,
      vocabulary: f.categories,
      vocabulary_file: `assets/${k}.txt`,
      columns,
    };
  });
  return {
    format: 'godwit.bqml-xgboost-metadata',
    version: 1,
    model_name: model.name,
    model_type: model.modelType,
    label: model.label ?? null,
    objective: ((model.model as { learner?: { objective?: { name?: string } } }).learner?.objective?.name ?? null) as
      | string
      | null,
    feature_names: names,
    features,
    transform: model.transform ?? null,
    created_at: model.createdAt,
    exported_at: now.toISOString(),
  };
}
