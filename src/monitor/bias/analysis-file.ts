/**
 * SageMaker Clarify's bias `analysis.json` and the bias-drift `constraint_violations.json`, typed
 * as Clarify writes them (field names are Clarify's, snake_case). The same file is a bias
 * job's result and, given to a later run as its baseline, its constraints.
 *
 * ```json
 * { "version": "1.0",
 *   "pre_training_bias_metrics": { "label": "Target", "label_value_or_threshold": "1",
 *     "facets": { "Sex": [ { "value_or_threshold": "0", "metrics": [
 *       { "name": "CI", "description": "Class Imbalance (CI)", "value": 0.36936936936936937 },
 *       { "name": "CDDL", "description": "…", "value": null, "error": "Group variable is empty or not provided" } ] } ] } } }
 * ```
 *
 * Clarify writes an infinite value as the string `"Infinity"` / `"-Infinity"` (JSON has no
 * infinity); in memory it is a number, and `formatBiasAnalysis` / `parseBiasAnalysis` convert.
 */
import { GodwitError } from '../../core/errors.js';

/** One metric of one facet value; `value` is null when the metric could not be computed (`error` says why). */
export interface BiasMetricValue {
  readonly name: string;
  readonly description: string;
  readonly value: number | null;
  readonly error?: string;
}

export interface FacetBiasMetrics {
  /** The facet values joined by "," (`"0"`, `"a,b"`), or the threshold interval (`"(40, 90]"`). */
  readonly value_or_threshold: string;
  readonly metrics: readonly BiasMetricValue[];
}

export interface BiasMetricsSection {
  readonly label: string;
  readonly facets: Readonly<Record<string, readonly FacetBiasMetrics[]>>;
  readonly label_value_or_threshold: string;
}

/** `analysis.json` of a bias job (either section may be absent). */
export interface BiasAnalysis {
  readonly version: string;
  readonly post_training_bias_metrics?: BiasMetricsSection;
  readonly pre_training_bias_metrics?: BiasMetricsSection;
}

/** One entry of a bias-drift `constraint_violations.json`. */
export interface BiasDriftViolation {
  readonly facet: string;
  readonly facet_value: string;
  readonly metric_name: string;
  readonly constraint_check_type: 'bias_drift_check';
  readonly description: string;
}

export interface BiasDriftViolations {
  readonly version: string;
  readonly violations: readonly BiasDriftViolation[];
}

/** The JSON text Clarify would write: 4-space indentation, infinities as strings. */
export function formatBiasAnalysis(analysis: BiasAnalysis): string {
  return `${JSON.stringify(analysis, infinityAsString, 4)}\n`;
}

export function formatBiasViolations(violations: BiasDriftViolations): string {
  return `${JSON.stringify(violations, null, 4)}\n`;
}

function infinityAsString(key: string, value: unknown): unknown {
  if (key === 'value' && typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? null : value > 0 ? 'Infinity' : '-Infinity';
  }
  return value;
}

/**
 * Reads an `analysis.json` written by Clarify or by Godwit. `where` names the file in errors.
 * Throws E_BIAS_BASELINE when the text is not JSON or has neither bias section.
 */
export function parseBiasAnalysis(text: string, where: string): BiasAnalysis {
  let raw: unknown;
  try {
    // Python's json.dumps writes bare Infinity / NaN when a value slipped past Clarify's conversion.
    raw = JSON.parse(text.replace(/:\s*(-?Infinity|NaN)\b/g, ': "$1"'));
  } catch (err) {
    throw new GodwitError('E_BIAS_BASELINE', `${where} is not JSON: ${(err as Error).message}`, {
      hint: 'Give the analysis.json a Clarify bias job (or `godwit monitor bias`) wrote.',
    });
  }
  const obj = raw as Record<string, unknown> | null;
  const pre = obj?.pre_training_bias_metrics;
  const post = obj?.post_training_bias_metrics;
  if (typeof obj !== 'object' || obj === null || (!isSection(pre) && !isSection(post))) {
    throw new GodwitError('E_BIAS_BASELINE', `${where} has no pre_training_bias_metrics or post_training_bias_metrics.`, {
      hint: 'A bias baseline is the analysis.json of a bias job, not a data-quality constraints.json.',
    });
  }
  return {
    version: String(obj.version ?? '1.0'),
    ...(isSection(post) ? { post_training_bias_metrics: readSection(post) } : {}),
    ...(isSection(pre) ? { pre_training_bias_metrics: readSection(pre) } : {}),
  };
}

function isSection(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { facets?: unknown }).facets === 'object';
}

function readSection(s: Record<string, unknown>): BiasMetricsSection {
  const facets: Record<string, FacetBiasMetrics[]> = {};
  for (const [facet, groups] of Object.entries(s.facets as Record<string, unknown>)) {
    facets[facet] = (Array.isArray(groups) ? groups : []).map((g: Record<string, unknown>) => ({
      value_or_threshold: String(g.value_or_threshold),
      metrics: (Array.isArray(g.metrics) ? g.metrics : []).map(readMetric),
    }));
  }
  return { label: String(s.label), facets, label_value_or_threshold: String(s.label_value_or_threshold) };
}

function readMetric(m: Record<string, unknown>): BiasMetricValue {
  const value = readValue(m.value);
  const metric = { name: String(m.name), description: String(m.description ?? ''), value };
  return typeof m.error === 'string' ? { ...metric, error: m.error } : metric;
}

function readValue(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (v === 'Infinity' || v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity' || v === '-inf') return Number.NEGATIVE_INFINITY;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}
