/**
 * Clarify's explainability `analysis.json`, as its processing job and the model explainability
 * monitor write it (genuine example: the fraud-detection notebook's output, in
 * /work/coord/ref/monitor/examples), and the global SHAP values in it:
 *
 * ```json
 * {"version": "1.0", "explanations": {"kernel_shap": {"label0": {
 *   "global_shap_values": {"age": 0.011, "income": 0.003}, "expected_value": 0.021}}}}
 * ```
 *
 * A baselining job's `analysis.json` is the model explainability monitor's baseline constraints
 * file, so the drift check reads this same shape on both sides.
 */
import { GodwitError } from '../../core/errors.js';

/** Clarify's `agg_method`: how local SHAP values become one global value per feature. */
export type AggMethod = 'mean_abs' | 'median' | 'mean_sq';
export const AGG_METHODS: readonly AggMethod[] = ['mean_abs', 'median', 'mean_sq'];

export interface LabelExplanation {
  readonly global_shap_values: Readonly<Record<string, number>>;
  readonly expected_value: number;
}

/**
 * `kernel_shap` is Clarify's; `tree_shap` is Godwit's (exact TreeSHAP, `--method tree`), in the
 * same shape, so a drift check compares whichever method both files hold.
 */
export type ShapMethod = 'kernel_shap' | 'tree_shap';

export interface ExplainabilityAnalysis {
  readonly version: string;
  readonly explanations: Partial<Record<ShapMethod, Readonly<Record<string, LabelExplanation>>>>;
}

/** Aggregates `rows × outputs × features` local values into one global value per output and feature. */
export function globalShapValues(
  values: Float64Array,
  shape: { rows: number; outputs: number; features: number },
  agg: AggMethod,
): Float64Array[] {
  const { rows, outputs, features } = shape;
  return Array.from({ length: outputs }, (_, k) =>
    Float64Array.from({ length: features }, (_, i) => {
      const column = Float64Array.from({ length: rows }, (_, r) => values[(r * outputs + k) * features + i]);
      return aggregate(column, agg);
    }),
  );
}

function aggregate(column: Float64Array, agg: AggMethod): number {
  const n = column.length;
  if (n === 0) return 0;
  if (agg === 'median') {
    const sorted = column.slice().sort();
    return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
  let sum = 0;
  for (const v of column) sum += agg === 'mean_abs' ? Math.abs(v) : v * v;
  return sum / n;
}

export function analysisDocument(
  method: ShapMethod,
  featureNames: readonly string[],
  labels: readonly string[],
  global: readonly Float64Array[],
  expected: ArrayLike<number>,
): ExplainabilityAnalysis {
  const byLabel: Record<string, LabelExplanation> = {};
  labels.forEach((label, k) => {
    byLabel[label] = {
      global_shap_values: Object.fromEntries(featureNames.map((name, i) => [name, global[k][i]])),
      expected_value: expected[k],
    };
  });
  return { version: '1.0', explanations: { [method]: byLabel } };
}

/** Reads an `analysis.json` (a baseline's or a run's); `where` names it in errors. */
export function parseAnalysis(text: string, where: string): ExplainabilityAnalysis {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw badBaseline(where, `it is not JSON (${(err as Error).message})`);
  }
  const explanations = (doc as { explanations?: unknown })?.explanations as Record<string, unknown> | undefined;
  const methods = Object.entries(explanations ?? {}).filter(([key]) => key === 'kernel_shap' || key === 'tree_shap');
  if (methods.length === 0) throw badBaseline(where, 'it has no explanations.kernel_shap section');
  for (const [method, labels] of methods)
    for (const [label, entry] of Object.entries((labels ?? {}) as Record<string, unknown>)) {
      const values = (entry as { global_shap_values?: unknown })?.global_shap_values;
      if (typeof values !== 'object' || values === null || Object.values(values).some((v) => typeof v !== 'number'))
        throw badBaseline(where, `explanations.${method}.${label}.global_shap_values is not an object of numbers`);
    }
  return doc as ExplainabilityAnalysis;
}

function badBaseline(where: string, why: string): GodwitError {
  return new GodwitError('E_EXPLAIN_BASELINE', `${where} is not a Clarify explainability analysis.json: ${why}.`, {
    hint: 'Give the analysis.json a baselining run wrote (godwit monitor explain --output …), or one SageMaker Clarify wrote.',
  });
}
