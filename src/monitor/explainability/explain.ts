/**
 * One explainability analysis: the data set's rows lined up with the model's features, a seeded
 * sample of at most `max_records` of them, the SHAP baseline (given rows, or the data's k-means
 * centroids as Clarify computes one when none is given: `num_clusters`, 1 = the mean row), the
 * local SHAP values (KernelSHAP, or exact TreeSHAP for XGBoost models) and their global values in
 * Clarify's `analysis.json`.
 */
import { GodwitError } from '../../core/errors.js';
import { trainKmeans } from '../../ml/kmeans/kmeans.js';
import { seededRandom } from '../../ml/random.js';
import { analysisDocument, type ExplainabilityAnalysis, globalShapValues } from './analysis-file.js';
import type { FeatureRows } from './explain-data.js';
import { kernelShap, type Rows } from './kernel-shap.js';
import type { ExplainableModel } from './model-predictor.js';
import type { ShapSettings } from './shap-config.js';
import { treeShap } from './tree-shap.js';

export interface Explanation {
  readonly analysis: ExplainabilityAnalysis;
  readonly rowsExplained: number;
  readonly modelRows: number;
}

export async function explain(
  model: ExplainableModel,
  data: FeatureRows,
  shap: ShapSettings,
  baseline?: Rows,
): Promise<Explanation> {
  const aligned = alignFeatures(model, data);
  const sample = sampleRows(aligned, shap.maxRecords, shap.seed);
  if (shap.method === 'tree') return explainTrees(model, aligned, sample, shap);
  const background = baseline ?? (await centroids(aligned, shap.numClusters, shap.seed));
  if (background.cols !== aligned.cols)
    throw new GodwitError(
      'E_EXPLAIN_BASELINE',
      `The SHAP baseline rows have ${background.cols} values; the model reads ${aligned.cols} features.`,
      {
        hint: 'Give baseline rows with the same features as the data set, without the label.',
      },
    );
  let modelRows = 0;
  const predict = (rows: Rows) => {
    modelRows += rows.rows;
    return model.predict(rows);
  };
  const values = await kernelShap(predict, background, sample, {
    numSamples: shap.numSamples,
    useLogit: shap.useLogit,
    seed: shap.seed,
  });
  const global = globalShapValues(values.values, values, shap.aggMethod);
  const labels = labelsOf(values.outputs, shap.labelHeaders);
  return {
    analysis: analysisDocument('kernel_shap', aligned.names, labels, global, values.expected),
    rowsExplained: sample.rows,
    modelRows,
  };
}

function explainTrees(model: ExplainableModel, data: FeatureRows, sample: Rows, shap: ShapSettings): Explanation {
  if (!model.tree)
    throw new GodwitError(
      'E_EXPLAIN_MODEL',
      `TreeSHAP explains XGBoost tree models saved with their covers; this is a ${model.runtime} model.`,
      {
        hint: 'Use --method kernel (KernelSHAP), which explains any model.',
      },
    );
  const rows = Array.from({ length: sample.rows }, (_, r) => sample.data.subarray(r * sample.cols, (r + 1) * sample.cols));
  const shapValues = treeShap(model.tree, rows);
  const { groups, width } = shapValues;
  const local = new Float64Array(sample.rows * groups * data.cols);
  const expected = new Float64Array(groups);
  for (let r = 0; r < sample.rows; r++)
    for (let g = 0; g < groups; g++) {
      const at = (r * groups + g) * width;
      local.set(shapValues.values.subarray(at, at + data.cols), (r * groups + g) * data.cols);
      expected[g] = shapValues.values[at + width - 1];
    }
  const global = globalShapValues(local, { rows: sample.rows, outputs: groups, features: data.cols }, shap.aggMethod);
  const analysis = analysisDocument('tree_shap', data.names, labelsOf(groups, shap.labelHeaders), global, expected);
  return { analysis, rowsExplained: sample.rows, modelRows: 0 };
}

/** The data's columns in the model's feature order (by name when the model recorded names). */
export function alignFeatures(model: ExplainableModel, data: FeatureRows): FeatureRows {
  const names = model.featureNames;
  if (names) {
    const missing = names.filter((n) => !data.names.includes(n));
    if (missing.length)
      throw new GodwitError(
        'E_EXPLAIN_FEATURES',
        `The data set has no column ${missing.map((n) => `"${n}"`).join(', ')}, which the model needs.`,
        {
          hint: `The model reads ${names.join(', ')}; the data set has ${data.names.join(', ')}.`,
        },
      );
    const at = names.map((n) => data.names.indexOf(n));
    const out = new Float64Array(data.rows * names.length);
    for (let r = 0; r < data.rows; r++)
      for (let i = 0; i < at.length; i++) out[r * at.length + i] = data.data[r * data.cols + at[i]];
    return { names: [...names], rows: data.rows, cols: names.length, data: out };
  }
  if (model.featureCount !== undefined && model.featureCount !== data.cols)
    throw new GodwitError(
      'E_EXPLAIN_FEATURES',
      `The data set has ${data.cols} feature columns (${data.names.join(', ')}), but the model reads ${model.featureCount}.`,
      {
        hint: 'Give the features the model was trained on, in its order; name the label column (Clarify\'s "label") so it is left out.',
      },
    );
  return data;
}

/** At most `max` rows, chosen with the seed and kept in their order. */
function sampleRows(data: FeatureRows, max: number, seed: number): Rows {
  if (data.rows <= max) return data;
  const random = seededRandom(seed ^ 0x5eed);
  const picked = new Uint8Array(data.rows);
  for (let need = max, left = data.rows, r = 0; r < data.rows; r++, left--)
    if (random() * left < need) {
      picked[r] = 1;
      need--;
    }
  const out = new Float64Array(max * data.cols);
  for (let r = 0, k = 0; r < data.rows; r++)
    if (picked[r]) out.set(data.data.subarray(r * data.cols, (r + 1) * data.cols), k++ * data.cols);
  return { rows: max, cols: data.cols, data: out };
}

/** Clarify's automatic baseline: k-means centroids of the data (k = 1 is the mean row, missing values left out). */
async function centroids(data: Rows, k: number, seed: number): Promise<Rows> {
  const filled = Float64Array.from(data.data);
  const mean = new Float64Array(data.cols);
  for (let i = 0; i < data.cols; i++) {
    let sum = 0;
    let n = 0;
    for (let r = 0; r < data.rows; r++) {
      const v = data.data[r * data.cols + i];
      if (!Number.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    mean[i] = n ? sum / n : 0;
    for (let r = 0; r < data.rows; r++) if (Number.isNaN(filled[r * data.cols + i])) filled[r * data.cols + i] = mean[i];
  }
  if (k <= 1 || data.rows <= k) return { rows: 1, cols: data.cols, data: mean };
  const options = { clusters: k, maxIterations: 100, init: 'kmeans++' as const, earlyStop: false, minRelProgress: 0 };
  const { model } = await trainKmeans({
    task: { kind: 'clustering' },
    x: { rows: data.rows, cols: data.cols, data: filled },
    options,
    seed,
  });
  return { rows: k, cols: data.cols, data: Float64Array.from(model.centroids) };
}

function labelsOf(outputs: number, headers: readonly string[] | undefined): string[] {
  return Array.from({ length: outputs }, (_, k) => (headers?.length === outputs ? headers[k] : `label${k}`));
}
