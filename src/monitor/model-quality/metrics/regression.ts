/** Regression metrics as Model Monitor reports them: mae, mse, rmse and r2 (1 − SSres/SStot). */
import type { RegressionMetrics } from '../model-quality-files.js';
import { picked, withDeviation } from './deviation.js';

export interface RegressionInput {
  readonly labels: Float64Array;
  readonly predictions: Float64Array;
}

export function regressionMetrics(input: RegressionInput): RegressionMetrics {
  return withDeviation(input.labels.length, (pick) =>
    regressionScalars(picked(input.labels, pick), picked(input.predictions, pick)),
  );
}

function regressionScalars(labels: Float64Array, predictions: Float64Array) {
  const n = labels.length;
  let absolute = 0;
  let squared = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const error = labels[i]! - predictions[i]!;
    absolute += Math.abs(error);
    squared += error * error;
    sum += labels[i]!;
  }
  const mean = sum / n;
  let total = 0;
  for (let i = 0; i < n; i++) total += (labels[i]! - mean) ** 2;
  const mse = squared / n;
  // Constant labels leave r2 undefined (0/0 or x/0): written as "NaN", never as a made-up number.
  return { mae: absolute / n, mse, rmse: Math.sqrt(mse), r2: total === 0 ? Number.NaN : 1 - squared / total };
}
