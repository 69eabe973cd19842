/**
 * Feature attribution drift as SageMaker Clarify's model explainability monitor measures it: per
 * label, the NDCG of the current global SHAP ranking scored with the baseline's attributions as
 * gains (scikit-learn's `ndcg_score(y_true=[baseline], y_score=[current])`, ties in the current
 * values averaged as it averages them), a violation `feature_attribution_drift_check` when it is
 * below 0.9, and the metrics the monitor publishes (`feature_<name>`, `ExpectedValue`).
 */
import { GodwitError } from '../../core/errors.js';
import type { MonitoringMetric } from '../monitoring-job.js';
import type { ExplainabilityAnalysis, LabelExplanation, ShapMethod } from './analysis-file.js';

/** "In SageMaker Clarify, if the NDCG value is below 0.90, we automatically raise an alert." */
export const ATTRIBUTION_DRIFT_THRESHOLD = 0.9;

export interface ExplainabilityViolation {
  readonly label: string;
  readonly metric_name: 'shap';
  readonly constraint_check_type: 'feature_attribution_drift_check';
  readonly description: string;
}

/** The explainability monitor's `constraint_violations.json`. */
export interface ExplainabilityViolations {
  readonly version: '1.0';
  readonly violations: readonly ExplainabilityViolation[];
}

/**
 * NDCG = DCG / iDCG with DCG = Σ a(f′_i) / log2(i + 1) over the features sorted by current
 * attribution and iDCG the same over the features sorted by baseline attribution `a`.
 */
export function ndcg(baseline: Readonly<Record<string, number>>, current: Readonly<Record<string, number>>): number {
  const names = Object.keys(baseline);
  const gains = names.map((n) => baseline[n]);
  const scores = names.map((n) => current[n]);
  const discount = (i: number) => 1 / Math.log2(i + 2);
  const ideal = [...gains].sort((a, b) => b - a).reduce((s, g, i) => s + g * discount(i), 0);
  if (ideal === 0) return 1;
  // Features tied in the current ranking share their positions' discounts equally.
  const order = names.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let dcg = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && scores[order[end]] === scores[order[start]]) end++;
    let gain = 0;
    let weight = 0;
    for (let i = start; i < end; i++) {
      gain += gains[order[i]];
      weight += discount(i);
    }
    dcg += (gain / (end - start)) * weight;
    start = end;
  }
  return dcg / ideal;
}

export interface DriftResult {
  readonly scores: readonly { readonly method: ShapMethod; readonly label: string; readonly ndcg: number }[];
  readonly violations: ExplainabilityViolations;
}

/**
 * Compares every label of every method both analyses hold. A baseline of another model (other
 * labels or other feature names) is `E_EXPLAIN_BASELINE` naming the difference.
 */
export function attributionDrift(baseline: ExplainabilityAnalysis, current: ExplainabilityAnalysis): DriftResult {
  const methods = (['kernel_shap', 'tree_shap'] as const).filter((m) => baseline.explanations[m] && current.explanations[m]);
  if (methods.length === 0)
    throw mismatch('the baseline and the current analysis share no SHAP method (kernel_shap or tree_shap)');
  const scores: { method: ShapMethod; label: string; ndcg: number }[] = [];
  const violations: ExplainabilityViolation[] = [];
  for (const method of methods) {
    const base = baseline.explanations[method] as Record<string, LabelExplanation>;
    const now = current.explanations[method] as Record<string, LabelExplanation>;
    for (const label of Object.keys(base)) {
      if (!now[label])
        throw mismatch(`the baseline has label "${label}" and the current analysis has ${quoteList(Object.keys(now))}`);
      sameFeatures(label, base[label].global_shap_values, now[label].global_shap_values);
      const score = ndcg(base[label].global_shap_values, now[label].global_shap_values);
      scores.push({ method, label, ndcg: score });
      if (score < ATTRIBUTION_DRIFT_THRESHOLD)
        violations.push({
          label,
          metric_name: 'shap',
          constraint_check_type: 'feature_attribution_drift_check',
          description: `Feature attribution drift ${score} exceeds threshold ${ATTRIBUTION_DRIFT_THRESHOLD}`,
        });
    }
  }
  return { scores, violations: { version: '1.0', violations } };
}

/** The metrics the explainability monitor publishes per label: each feature's global SHAP value and the expected value. */
export function attributionMetrics(analysis: ExplainabilityAnalysis): MonitoringMetric[] {
  const out: MonitoringMetric[] = [];
  for (const [method, labels] of Object.entries(analysis.explanations)) {
    const explainabilityMethod = method === 'kernel_shap' ? 'KernelShap' : 'TreeShap';
    for (const [label, entry] of Object.entries(labels ?? {})) {
      const dims = { ExplainabilityMethod: explainabilityMethod, Label: label };
      for (const [feature, value] of Object.entries(entry.global_shap_values))
        out.push({ name: `feature_${feature}`, value, dimensions: { ...dims, ValueType: 'GlobalShapValues' } });
      out.push({ name: 'ExpectedValue', value: entry.expected_value, dimensions: { ...dims, ValueType: 'ExpectedValue' } });
    }
  }
  return out;
}

function sameFeatures(label: string, base: Readonly<Record<string, number>>, now: Readonly<Record<string, number>>): void {
  const missing = Object.keys(base).filter((f) => !(f in now));
  const extra = Object.keys(now).filter((f) => !(f in base));
  if (missing.length || extra.length)
    throw mismatch(
      `for ${label} the baseline's features ${quoteList(missing)} are not in the current analysis and its ${quoteList(extra)} are not in the baseline`,
    );
}

function quoteList(names: readonly string[]): string {
  return names.length ? names.map((n) => `"${n}"`).join(', ') : 'none';
}

function mismatch(why: string): GodwitError {
  return new GodwitError('E_EXPLAIN_BASELINE', `The attribution baseline is not of this model: ${why}.`, {
    hint: 'Give the analysis.json a baselining run wrote for this model (same features and labels), or make a new baseline with godwit monitor explain.',
  });
}
