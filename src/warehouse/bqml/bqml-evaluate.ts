/**
 * ML.EVALUATE, ML.CONFUSION_MATRIX and ML.ROC_CURVE: on the given rows (their label column
 * required), or without input on the evaluation rows kept from training (the held-out split;
 * the training rows when there was none, as BigQuery does).
 */
import { GodwitError } from '../../core/errors.js';
import type { MlCall } from '../../sql/bigquery/bigquery-ml-functions.js';
import type { BqmlEnv } from './bqml-env.js';
import { labelVector } from './bqml-label.js';
import { clusteringMetrics, type Metrics } from './bqml-metrics.js';
import type { StoredModel } from './bqml-model.js';
import { score, thresholdOf } from './bqml-predict.js';
import { metricsOf } from './bqml-scores.js';
import type { MlResult } from './bqml-sql.js';

export interface Labelled {
  readonly y: readonly number[];
  readonly outputs: ArrayLike<number>;
}

export async function evaluate(env: BqmlEnv, model: StoredModel, call: MlCall): Promise<MlResult> {
  const threshold = thresholdOf(call, model);
  let metrics: Metrics;
  if (!call.input && threshold === 0.5) metrics = model.evaluation.metrics;
  else if (!model.label) {
    const s = await score(env, model, call);
    metrics = clusteringMetrics(s.x, s.outputs, s.width);
  } else {
    const { y, outputs } = await labelled(env, model, call);
    metrics = metricsOf(model.modelType, model.label, y, outputs, threshold);
  }
  const names = Object.keys(metrics);
  return { columns: names.map((name) => ({ name, type: 'DOUBLE' })), rows: [metrics] };
}

/** The labels and outputs of the call's rows (rows without a label left out), or the kept evaluation rows. */
export async function labelled(env: BqmlEnv, model: StoredModel, call: MlCall): Promise<Labelled> {
  const label = model.label;
  if (!label)
    throw new GodwitError('E_BQML_FUNCTION', `ML.${call.name} needs a model with a label; ${model.name} is ${model.modelType}.`, {
      hint: 'Use ML.EVALUATE for k-means.',
    });
  if (!call.input) return { y: model.evaluation.y, outputs: model.evaluation.outputs };
  const s = await score(env, model, call);
  if (!s.columns.some((c) => c.name === label.name))
    throw new GodwitError(
      'E_BQML_LABEL',
      `ML.${call.name}: the input has no label column ${label.name}, which model ${model.name} predicts.`,
      {
        hint: 'Evaluation compares predictions with labels: select the label column too.',
      },
    );
  const keep = s.input.map((r, i) => (r[label.name] === null || r[label.name] === undefined ? -1 : i)).filter((i) => i >= 0);
  const y = Array.from(
    labelVector(
      label,
      keep.map((i) => s.input[i]),
    ),
  );
  const outputs = new Float64Array(keep.length * s.width);
  keep.forEach((i, k) => {
    outputs.set(s.outputs.subarray(i * s.width, (i + 1) * s.width), k * s.width);
  });
  return { y, outputs };
}
