/**
 * ML.PREDICT: `predicted_<label>` and, for classifiers, `predicted_<label>_probs` (a LIST of
 * STRUCT(label, prob) in class order); for k-means `CENTROID_ID` and
 * `NEAREST_CENTROIDS_DISTANCE` (a LIST of STRUCT(CENTROID_ID, DISTANCE), nearest first); then
 * every input column, as BigQuery orders them. A binary classifier takes
 * `STRUCT(0.6 AS threshold)`: the positive (second) class is predicted when its probability
 * reaches it.
 */
import { GodwitError } from '../../core/errors.js';
import type { MlCall } from '../../sql/bigquery/bigquery-ml-functions.js';
import type { Row } from '../warehouse.js';
import { loadAlgorithm } from './bqml-algorithms.js';
import { scoringRows } from './bqml-data.js';
import type { BqmlEnv } from './bqml-env.js';
import { encode } from './bqml-features.js';
import { argmax, argmin } from './bqml-metrics.js';
import type { StoredModel } from './bqml-model.js';
import type { MlResult, ResultColumn } from './bqml-sql.js';
import { unscaled } from './bqml-train.js';

export interface Scored {
  readonly columns: readonly { name: string; type: string }[];
  readonly input: readonly Row[];
  readonly outputs: Float64Array;
  readonly width: number;
  readonly x: ReturnType<typeof encode>;
}

export async function score(env: BqmlEnv, model: StoredModel, call: MlCall): Promise<Scored> {
  if (!call.input)
    throw new GodwitError(
      'E_BQML_FUNCTION',
      `ML.${call.name} needs its input rows: ML.${call.name}(MODEL m, TABLE t) or ML.${call.name}(MODEL m, (SELECT …)).`,
      {
        hint: 'Give the table or query to score.',
      },
    );
  const { columns, input, features } = await scoringRows(env, model, call.input, call.name);
  const x = encode(model.features, features);
  const algorithm = await loadAlgorithm(model.algorithm);
  const outputs = unscaled(algorithm.predict(model.model, x), model.targetScale);
  return { columns, input, outputs, width: algorithm.outputs(model.model), x };
}

export async function predict(env: BqmlEnv, model: StoredModel, call: MlCall): Promise<MlResult> {
  const scored = await score(env, model, call);
  const threshold = thresholdOf(call, model);
  const { front, values } = predictedColumns(model, scored, threshold);
  const taken = new Set(front.map((c) => c.name.toLowerCase()));
  const passed = scored.columns.filter((c) => !taken.has(c.name.toLowerCase()));
  const rows = scored.input.map((row, r) => ({ ...values(r), ...Object.fromEntries(passed.map((c) => [c.name, row[c.name]])) }));
  return { columns: [...front, ...passed], rows };
}

/** The predicted columns and each row's values; an exported model's endpoint answers with them too (bqml-export-score.ts). */
export function predictedColumns(model: Pick<StoredModel, 'label'>, s: Pick<Scored, 'outputs' | 'width'>, threshold: number) {
  const out = s.outputs;
  const w = s.width;
  if (!model.label) {
    const front: ResultColumn[] = [
      { name: 'CENTROID_ID', type: 'BIGINT' },
      { name: 'NEAREST_CENTROIDS_DISTANCE', type: [{ CENTROID_ID: 'BIGINT', DISTANCE: 'DOUBLE' }] },
    ];
    const values = (r: number) => ({
      CENTROID_ID: argmin(out, r * w, w) + 1,
      NEAREST_CENTROIDS_DISTANCE: [...Array(w).keys()]
        .map((k) => ({ CENTROID_ID: k + 1, DISTANCE: out[r * w + k] }))
        .sort((a, b) => a.DISTANCE - b.DISTANCE),
    });
    return { front, values };
  }
  const name = `predicted_${model.label.name}`;
  const classes = model.label.classes;
  if (!classes) return { front: [{ name, type: 'DOUBLE' }], values: (r: number) => ({ [name]: out[r] }) };
  const front: ResultColumn[] = [
    { name, type: model.label.type },
    { name: `${name}_probs`, type: [{ label: model.label.type, prob: 'DOUBLE' }] },
  ];
  const values = (r: number) => {
    const k = classes.length === 2 ? (out[r * 2 + 1] >= threshold ? 1 : 0) : argmax(out, r * w, w);
    return { [name]: classes[k], [`${name}_probs`]: classes.map((label, c) => ({ label, prob: out[r * w + c] })) };
  };
  return { front, values };
}

export function thresholdOf(call: MlCall, model: StoredModel): number {
  const t = call.settings.get('threshold');
  if (t === undefined) return 0.5;
  if (typeof t !== 'number' || t < 0 || t > 1 || model.label?.classes?.length !== 2)
    throw new GodwitError(
      'E_BQML_FUNCTION',
      `ML.${call.name}: threshold ${JSON.stringify(t)} applies to binary classifiers only, as a number in [0, 1].`,
      {
        hint: `Model ${model.name} is ${model.modelType}${model.label?.classes ? ` with ${model.label.classes.length} classes` : ''}.`,
      },
    );
  return t;
}
