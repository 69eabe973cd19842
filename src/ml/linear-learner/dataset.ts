/**
 * A channel's table split into label (column 1, the SageMaker convention) and features, and the
 * standardisation the learner fits on the train channel.
 */
import { GodwitError } from '../../core/errors.js';
import type { ParsedCsv, RowOrigin } from '../csv.js';

export interface Dataset {
  readonly channel: string;
  readonly n: number;
  readonly d: number;
  /** Features, row-major n × d. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly origins: readonly RowOrigin[];
}

export function toDataset(channel: string, table: ParsedCsv): Dataset {
  if (table.cols < 2) {
    const where = table.origins[0].file;
    throw new GodwitError(
      'E_DATA_FORMAT',
      `Channel "${channel}": ${where} has ${table.cols} column; training data needs a label and at least one feature.`,
      {
        hint: 'Training CSV is headerless with the label in the first column, then the features.',
      },
    );
  }
  const { rows: n, cols } = table;
  const d = cols - 1;
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    y[r] = table.data[r * cols];
    x.set(table.data.subarray(r * cols + 1, (r + 1) * cols), r * d);
  }
  return { channel, n, d, x, y, origins: table.origins };
}

/** A binary classifier's labels must be 0 or 1, as SageMaker's linear learner requires. */
export function checkBinaryLabels(data: Dataset): void {
  for (let i = 0; i < data.n; i++) {
    const label = data.y[i];
    if (label !== 0 && label !== 1) {
      const { file, line } = data.origins[i];
      throw new GodwitError('E_DATA_FORMAT', `${file}, line ${line}: label ${label} is not 0 or 1.`, {
        hint: 'A binary_classifier needs labels 0 and 1 in the first column; for a numeric target use predictor_type "regressor".',
      });
    }
  }
}

/** Per-feature offset and scale, plus the label's: normalised = (raw − offset) / scale. */
export interface Scaler {
  readonly offset: Float64Array;
  readonly scale: Float64Array;
  readonly labelOffset: number;
  readonly labelScale: number;
}

export interface ScalerOptions {
  readonly normalizeData: boolean;
  readonly normalizeLabel: boolean;
  /** Subtract the mean. Without a bias term nothing can absorb the shift, so only scaling is done. */
  readonly center: boolean;
}

/** Population mean and standard deviation; a constant column keeps scale 1 rather than dividing by 0. */
export function fitScaler(data: Dataset, options: ScalerOptions): Scaler {
  const { n, d, x, y } = data;
  const offset = new Float64Array(d);
  const scale = new Float64Array(d).fill(1);
  if (options.normalizeData) {
    for (let j = 0; j < d; j++) {
      const [mean, std] = meanStd(x, n, d, j);
      if (options.center) offset[j] = mean;
      const spread = options.center ? std : Math.sqrt(std * std + mean * mean);
      scale[j] = spread > 0 ? spread : 1;
    }
  }
  let labelOffset = 0;
  let labelScale = 1;
  if (options.normalizeLabel) {
    const [mean, std] = meanStd(y, n, 1, 0);
    if (options.center) labelOffset = mean;
    const spread = options.center ? std : Math.sqrt(std * std + mean * mean);
    labelScale = spread > 0 ? spread : 1;
  }
  return { offset, scale, labelOffset, labelScale };
}

function meanStd(values: Float64Array, n: number, stride: number, j: number): [number, number] {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i * stride + j];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (values[i * stride + j] - mean) ** 2;
  return [mean, Math.sqrt(variance / n)];
}

/** Normalised copies of the features and label. */
export function applyScaler(data: Dataset, s: Scaler): { x: Float64Array; y: Float64Array } {
  const { n, d } = data;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[i * d + j] = (data.x[i * d + j] - s.offset[j]) / s.scale[j];
  }
  const y = data.y.map((v) => (v - s.labelOffset) / s.labelScale);
  return { x, y };
}

/**
 * Folds the normalisation into weights on raw features, so a model is scored as
 * `dot(weights, x) + bias` with no scaler: w_raw = s_y·w/σ, b_raw = s_y·(b − Σ w·μ/σ) + μ_y.
 */
export function foldScaler(w: Float64Array, b: number, s: Scaler): { weights: number[]; bias: number } {
  const weights: number[] = [];
  let shift = 0;
  for (let j = 0; j < w.length; j++) {
    weights.push((s.labelScale * w[j]) / s.scale[j]);
    shift += (w[j] * s.offset[j]) / s.scale[j];
  }
  return { weights, bias: s.labelScale * (b - shift) + s.labelOffset };
}
