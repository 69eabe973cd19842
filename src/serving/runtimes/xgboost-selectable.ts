/**
 * SageMaker XGBoost's selectable inference output: when the container's environment has
 * `SAGEMAKER_INFERENCE_OUTPUT=predicted_label,probabilities`, each prediction is an object of
 * those keys, written as the container writes it:
 *
 * ```
 * application/json       {"predictions": [{"predicted_label": 1, "probabilities": [0.3, 0.7]}]}
 * application/jsonlines  {"predicted_label": 1, "probabilities": [0.3, 0.7]}   (one per row)
 * text/csv               1,"[0.3, 0.7]"                                       (one row per line)
 * ```
 *
 * A key the objective cannot give (`probabilities` of a regressor) is `NaN`, as the container does.
 */
import { GodwitError } from '../../core/errors.js';
import type { XgboostModel } from '../../ml/xgboost/index.js';
import { type Predictions, pythonFloat, type ResponseType } from '../payload-format.js';

const KEYS = ['predicted_label', 'labels', 'probability', 'probabilities', 'raw_score', 'raw_scores', 'predicted_score'] as const;
type Key = (typeof KEYS)[number];

const VALID: Readonly<Record<string, readonly Key[]>> = {
  'reg:squarederror': ['predicted_score'],
  'reg:logistic': ['predicted_score'],
  'reg:gamma': ['predicted_score'],
  'reg:tweedie': ['predicted_score'],
  'binary:logistic': ['predicted_label', 'labels', 'probability', 'probabilities', 'raw_score', 'raw_scores'],
  'binary:logitraw': ['predicted_label', 'labels', 'raw_score', 'raw_scores'],
  'binary:hinge': ['predicted_label', 'labels', 'raw_score', 'raw_scores'],
  'multi:softmax': ['predicted_label', 'labels', 'raw_score', 'raw_scores'],
  'multi:softprob': ['predicted_label', 'labels', 'probability', 'probabilities', 'raw_score', 'raw_scores'],
};

/** A value as Python writes it: an int, a float, or a list of either. */
type Value = { int: number } | number | readonly (number | { int: number })[];

/** The keys `SAGEMAKER_INFERENCE_OUTPUT` selects, checked against the model's objective. */
export function selectedKeys(setting: string, model: XgboostModel): string[] {
  if (!(model.objective in VALID)) {
    throw new GodwitError(
      'E_MODEL_FORMAT',
      `Objective "${model.objective}" has no selectable inference output (SAGEMAKER_INFERENCE_OUTPUT).`,
      {
        hint: `Selectable output works for ${Object.keys(VALID).join(', ')}; unset SAGEMAKER_INFERENCE_OUTPUT for plain predictions.`,
      },
    );
  }
  return setting.replace(/\s/g, '').toLowerCase().split(',').filter(Boolean);
}

function selectedValue(key: Key, model: XgboostModel, row: readonly number[]): Value {
  const objective = model.objective;
  const p = row[0];
  const vector = objective === 'multi:softprob';
  const best = row.indexOf(Math.max(...row));
  switch (key) {
    case 'predicted_label':
      if (objective === 'binary:hinge' || objective === 'multi:softmax') return p;
      if (objective === 'binary:logistic') return { int: p > 0.5 ? 1 : 0 };
      if (objective === 'binary:logitraw') return { int: p > 0 ? 1 : 0 };
      return { int: best };
    case 'labels':
      return objective.startsWith('binary:')
        ? [{ int: 0 }, { int: 1 }]
        : Array.from({ length: model.numClass }, (_, i) => ({ int: i }));
    case 'probability':
      return vector ? row[best] : p;
    case 'probabilities':
    case 'raw_scores':
      return vector ? row : [1 - p, p];
    case 'raw_score':
      return vector ? row[best] : p;
    default:
      return p;
  }
}

function python(value: Value, csv: boolean): string {
  if (typeof value === 'number') return csv && Number.isNaN(value) ? 'nan' : pythonFloat(value);
  if (Array.isArray(value)) return `[${value.map((v) => python(v as Value, false)).join(', ')}]`;
  return String((value as { int: number }).int);
}

/** The selected predictions of every row, in the container's encoding of `type`. */
export function formatSelected(
  p: Predictions,
  keys: readonly string[],
  model: XgboostModel,
  type: ResponseType,
  batch: boolean,
): string {
  const valid = VALID[model.objective];
  // Python builds each dict in the fixed key order, then adds the invalid keys as NaN.
  const ordered = [
    ...KEYS.filter((k) => keys.includes(k) && valid.includes(k)),
    ...keys.filter((k) => !valid.includes(k as Key)),
  ];
  const rows: Map<string, Value>[] = [];
  for (let r = 0; r < p.rows; r++) {
    const row = Array.from({ length: p.width }, (_, i) => p.values[r * p.width + i]);
    rows.push(new Map(ordered.map((k) => [k, valid.includes(k as Key) ? selectedValue(k as Key, model, row) : Number.NaN])));
  }
  const object = (m: Map<string, Value>) => `{${[...m].map(([k, v]) => `"${k}": ${python(v, false)}`).join(', ')}}`;
  if (type === 'application/json') return `{"predictions": [${rows.map(object).join(', ')}]}`;
  if (type === 'application/jsonlines') return rows.map((m) => `${object(m)}\n`).join('');
  const csv = rows.map((m) =>
    keys
      .map((k) => (Array.isArray(m.get(k)) ? `"${python(m.get(k) as Value, true)}"` : python(m.get(k) as Value, true)))
      .join(','),
  );
  return batch ? `${csv.join('\n')}\n` : csv.join('\n');
}
