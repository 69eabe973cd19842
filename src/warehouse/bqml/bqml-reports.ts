/**
 * ML.TRAINING_INFO, ML.FEATURE_INFO, ML.CONFUSION_MATRIX and ML.ROC_CURVE, with BigQuery ML's
 * column names and types (docs/bigquery-ml.md lists them).
 */
import { GodwitError } from '../../core/errors.js';
import type { MlCall } from '../../sql/bigquery/bigquery-ml-functions.js';
import type { BqmlEnv } from './bqml-env.js';
import { labelled } from './bqml-evaluate.js';
import { argmax } from './bqml-metrics.js';
import type { StoredModel } from './bqml-model.js';
import { thresholdOf } from './bqml-predict.js';
import type { MlResult } from './bqml-sql.js';

export function trainingInfo(model: StoredModel): MlResult {
  const columns = [
    { name: 'training_run', type: 'BIGINT' },
    { name: 'iteration', type: 'BIGINT' },
    { name: 'loss', type: 'DOUBLE' },
    { name: 'eval_loss', type: 'DOUBLE' },
    { name: 'learning_rate', type: 'DOUBLE' },
    { name: 'duration_ms', type: 'BIGINT' },
  ];
  const rows = model.history.map((h) => ({
    training_run: 0,
    iteration: h.iteration - 1,
    loss: h.loss,
    eval_loss: h.evalLoss ?? null,
    learning_rate: h.learnRate ?? null,
    duration_ms: Math.round(h.durationMs),
  }));
  return { columns, rows };
}

export function featureInfo(model: StoredModel): MlResult {
  const columns = [
    { name: 'input', type: 'VARCHAR' },
    ...['min', 'max', 'mean', 'median', 'stddev'].map((name) => ({ name, type: 'DOUBLE' })),
    ...['category_count', 'null_count', 'dimension'].map((name) => ({ name, type: 'BIGINT' })),
  ];
  return { columns, rows: model.featureStats.map((s) => ({ ...s })) };
}

/** One row per expected label, one column per predicted label (named as BigQuery names them). */
export async function confusionMatrix(env: BqmlEnv, model: StoredModel, call: MlCall): Promise<MlResult> {
  const { y, outputs } = await labelled(env, model, call);
  const classes = model.label?.classes;
  if (!classes) throw notClassifier(call, model);
  const threshold = thresholdOf(call, model);
  const k = classes.length;
  const counts = classes.map(() => new Array<number>(k).fill(0));
  y.forEach((c, r) => {
    const p = k === 2 ? (outputs[r * 2 + 1] >= threshold ? 1 : 0) : argmax(outputs, r * k, k);
    counts[c][p]++;
  });
  // A BOOL label's columns are its values as BigQuery writes them: FALSE, TRUE.
  const names = classes.map((c) => columnName(typeof c === 'boolean' ? String(c).toUpperCase() : String(c)));
  const columns = [{ name: 'expected_label', type: model.label!.type }, ...names.map((name) => ({ name, type: 'BIGINT' }))];
  const rows = classes.map((c, i) => ({ expected_label: c, ...Object.fromEntries(names.map((n, j) => [n, counts[i][j]])) }));
  return { columns, rows };
}

/** Binary classifiers: one row per threshold (the predicted probabilities' percentiles, at most 100). */
export async function rocCurve(env: BqmlEnv, model: StoredModel, call: MlCall): Promise<MlResult> {
  const { y, outputs } = await labelled(env, model, call);
  if (model.label?.classes?.length !== 2) throw notClassifier(call, model, 'a binary classifier');
  const p = y.map((_, r) => outputs[r * 2 + 1]);
  const sorted = [...p].sort((a, b) => a - b);
  const thresholds = [
    ...new Set(
      Array.from(
        { length: Math.min(100, sorted.length) },
        (_, i) => sorted[Math.floor((i * sorted.length) / Math.min(100, sorted.length))],
      ),
    ),
  ].sort((a, b) => b - a);
  const rows = thresholds.map((t) => {
    let tp = 0;
    let fp = 0;
    let tn = 0;
    let fn = 0;
    y.forEach((v, r) => {
      if (p[r] >= t) v === 1 ? tp++ : fp++;
      else v === 1 ? fn++ : tn++;
    });
    return {
      threshold: t,
      recall: tp + fn ? tp / (tp + fn) : 0,
      false_positive_rate: fp + tn ? fp / (fp + tn) : 0,
      true_positives: tp,
      false_positives: fp,
      true_negatives: tn,
      false_negatives: fn,
    };
  });
  const columns = [
    ...['threshold', 'recall', 'false_positive_rate'].map((name) => ({ name, type: 'DOUBLE' })),
    ...['true_positives', 'false_positives', 'true_negatives', 'false_negatives'].map((name) => ({ name, type: 'BIGINT' })),
  ];
  return { columns, rows };
}

/** BigQuery's column name for a label value: anything but letters, digits and _ becomes _, a leading digit gets _. */
export function columnName(label: string): string {
  const name = label.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(name) || name === '' ? `_${name}` : name;
}

function notClassifier(call: MlCall, model: StoredModel, what = 'a classifier'): GodwitError {
  return new GodwitError(
    'E_BQML_FUNCTION',
    `ML.${call.name} needs ${what}; ${model.name} is ${model.modelType}${model.label?.classes ? ` with ${model.label.classes.length} classes` : ''}.`,
    {
      hint: 'ML.EVALUATE works for every model type.',
    },
  );
}
