/**
 * Metrics per channel and the log lines that carry them, in the exact shape SageMaker's linear
 * learner prints, so the metric definitions SageMaker attaches to the algorithm parse Godwit's
 * logs too (`#quality_metric: host=algo-1, validation mse <loss>=4.87`).
 */
import { BUILTIN_ALGORITHMS } from '../../pipeline/builtin-algorithms.js';
import { type LinearModel, predict } from '../linear-model.js';
import { classificationMetrics, confusion, logLoss, regressionMetrics } from '../metrics.js';
import type { Dataset } from './dataset.js';

export interface ChannelReport {
  /** `channel:metric` → value, e.g. `validation:mse`. */
  readonly metrics: Record<string, number>;
  readonly lines: string[];
}

export function scoreDataset(model: LinearModel, data: Dataset): Float64Array {
  const scores = new Float64Array(data.n);
  for (let i = 0; i < data.n; i++) scores[i] = predict(model, data.x.subarray(i * data.d, (i + 1) * data.d)).score;
  return scores;
}

export function reportChannel(model: LinearModel, data: Dataset, host: string, beta: number): ChannelReport {
  const ch = data.channel;
  const scores = scoreDataset(model, data);
  const metrics: Record<string, number> = {};
  const lines: string[] = [];
  const emit = (name: string, logName: string, unit: 'loss' | 'score', value: number) => {
    metrics[`${ch}:${name}`] = value;
    lines.push(`#quality_metric: host=${host}, ${ch} ${logName} <${unit}>=${value}`);
  };
  if (model.predictorType === 'regressor') {
    const r = regressionMetrics(data.y, scores);
    emit('objective_loss', 'mse_objective', 'loss', r.mse);
    emit('mse', 'mse', 'loss', r.mse);
    emit('rmse', 'rmse', 'loss', r.rmse);
    emit('absolute_loss', 'absolute_loss', 'loss', r.absolute_loss);
  } else {
    const c = classificationMetrics(confusion(data.y, scores, model.threshold ?? 0.5), beta);
    emit('objective_loss', 'binary_classification_cross_entropy_objective', 'loss', logLoss(data.y, scores));
    emit('binary_classification_accuracy', 'binary_classification_accuracy', 'score', c.binary_classification_accuracy);
    emit('binary_f_beta', `binary_f_${beta.toFixed(3)}`, 'score', c.binary_f_beta);
    emit('precision', 'precision', 'score', c.precision);
    emit('recall', 'recall', 'score', c.recall);
  }
  return { metrics, lines };
}

/** The per-epoch objective line (`optimizer: sgd | adam`), which SageMaker's `train:objective_loss` parses. */
export function epochLine(host: string, epoch: number, channel: string, lossName: string, value: number): string {
  return `#quality_metric: host=${host}, epoch=${epoch}, ${channel} ${lossName}_objective <loss>=${value}`;
}

/**
 * Metric definitions (name + regex over the log) for every metric above, the form SageMaker's
 * `AlgorithmSpecification.MetricDefinitions` and Godwit's log scraping take. They live in the
 * built-in algorithm table, which the compilers read too.
 */
export const LINEAR_LEARNER_METRIC_DEFINITIONS = BUILTIN_ALGORITHMS['linear-learner'].metricDefinitions;
