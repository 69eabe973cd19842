/** The evaluation rows' outputs and ML.EVALUATE's metrics, kept with the model (ML.EVALUATE without a table reads them). */
import type { Matrix } from '../../ml/estimator.js';
import type { Row } from '../warehouse.js';
import { labelVector } from './bqml-label.js';
import { classificationMetrics, clusteringMetrics, type Metrics, regressionMetrics } from './bqml-metrics.js';
import type { EvalScores, LabelInfo } from './bqml-model.js';
import type { ModelType } from './bqml-options.js';

export function scoresOf(
  type: ModelType,
  label: LabelInfo | undefined,
  rows: readonly Row[],
  x: Matrix,
  outputs: Float64Array,
  width: number,
): EvalScores {
  if (!label) return { y: [], outputs: [], width, metrics: clusteringMetrics(x, outputs, width) };
  const y = Array.from(labelVector(label, rows));
  return { y, outputs: Array.from(outputs), width, metrics: metricsOf(type, label, y, outputs, 0.5) };
}

export function metricsOf(
  type: ModelType,
  label: LabelInfo,
  y: readonly number[],
  outputs: ArrayLike<number>,
  threshold: number,
): Metrics {
  if (label.classes) return classificationMetrics(y, outputs, label.classes.length, threshold);
  void type;
  return regressionMetrics(y, outputs);
}
