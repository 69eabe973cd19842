/**
 * What a bias analysis measures: the label and its positive values (or threshold), the facets and
 * their sensitive values (or threshold), the group variable for CDDL/CDDPL, and where the model's
 * predictions are. `biasConfigFromClarify` reads Clarify's analysis config JSON (the file a
 * `ModelBiasJobDefinition`'s `ConfigUri` names), with the endpoint input's attributes beside it:
 *
 * ```json
 * { "label": "Target", "label_values_or_threshold": [1],
 *   "facet": [{ "name_or_index": "Sex", "value_or_threshold": [0] }], "group_variable": "Age",
 *   "headers": ["Age", …, "Target"], "InferenceAttribute": "predicted_label" }
 * ```
 */
import { GodwitError } from '../../core/errors.js';

/** A sensitive attribute: facet d is the rows whose value is one of `values`, or above the threshold. */
export interface FacetSpec {
  readonly name: string;
  /** Absent: one analysis per distinct value of the column, each against all the others. */
  readonly valueOrThreshold?: readonly (string | number)[];
}

export interface BiasConfig {
  readonly label: string;
  /** The positive label values, or one number: labels above it are positive. */
  readonly labelValuesOrThreshold: readonly (string | number)[];
  readonly facets: readonly FacetSpec[];
  /** The column whose values form CDDL's and CDDPL's subgroups. */
  readonly groupVariable?: string;
  /** The column of the model's predicted labels; without it (and `probability`) only pre-training metrics are computed. */
  readonly predictedLabel?: string;
  /** A column of scores; a score above `probabilityThreshold` (default 0.5, as Clarify's) predicts label 1. */
  readonly probability?: string;
  readonly probabilityThreshold?: number;
  /** Column names: for CSV without a header row, and for JSON Lines whose features are one list. */
  readonly headers?: readonly string[];
  /** Path of the features list in a JSON Lines record (`features`, `instance.features`). */
  readonly features?: string;
  /** Which stages to compute; default both (post-training only when there are predictions). */
  readonly stages?: { readonly pre: boolean; readonly post: boolean };
}

type Json = Record<string, unknown>;

/** A Clarify analysis config (plus `InferenceAttribute` & co. from the job's endpoint input) as a `BiasConfig`. */
export function biasConfigFromClarify(json: Json): BiasConfig {
  const label = nameOf(json.label, 'label');
  const values = valueList(json.label_values_or_threshold, 'label_values_or_threshold');
  if (values === undefined || values.length === 0) {
    throw configError('label_values_or_threshold is missing: name the positive label value(s) or a threshold.');
  }
  const facetList = Array.isArray(json.facet) ? (json.facet as Json[]) : [];
  if (facetList.length === 0) throw configError('facet is missing: name at least one facet column.');
  const facets = facetList.map((f, i) => ({
    name: nameOf(f?.name_or_index, `facet[${i}].name_or_index`),
    ...optional('valueOrThreshold', valueList(f?.value_or_threshold, `facet[${i}].value_or_threshold`)),
  }));
  const methods = json.methods as Json | undefined;
  return {
    label,
    labelValuesOrThreshold: values,
    facets,
    ...optional('groupVariable', text(json.group_variable)),
    ...optional('predictedLabel', text(json.predicted_label ?? json.InferenceAttribute ?? json.inference_attribute)),
    ...optional('probability', text(json.probability ?? json.ProbabilityAttribute ?? json.probability_attribute)),
    ...optional('probabilityThreshold', num(json.probability_threshold ?? json.ProbabilityThresholdAttribute)),
    ...optional('headers', Array.isArray(json.headers) ? json.headers.map(String) : undefined),
    ...optional('features', text(json.features ?? json.FeaturesAttribute ?? json.features_attribute)),
    ...optional('stages', methods ? { pre: 'pre_training_bias' in methods, post: 'post_training_bias' in methods } : undefined),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function nameOf(x: unknown, field: string): string {
  if (typeof x === 'string' && x !== '') return x;
  if (typeof x === 'number') return String(x);
  throw configError(`${field} is missing: name the column.`);
}

function valueList(x: unknown, field: string): (string | number)[] | undefined {
  if (x === undefined || x === null) return undefined;
  const list = Array.isArray(x) ? x : [x];
  for (const v of list) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw configError(`${field} holds ${JSON.stringify(v)}; values are strings or numbers.`);
    }
  }
  return list.map((v) => (typeof v === 'boolean' ? String(v) : v));
}

function text(x: unknown): string | undefined {
  return typeof x === 'string' && x !== '' ? x : typeof x === 'number' ? String(x) : undefined;
}

function num(x: unknown): number | undefined {
  const n = typeof x === 'string' ? Number(x) : x;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function configError(message: string): GodwitError {
  return new GodwitError('E_BIAS_CONFIG', `The bias analysis config is not valid: ${message}`, {
    hint: "See docs/monitoring-bias.md for the fields (Clarify's analysis config: label, label_values_or_threshold, facet).",
  });
}
