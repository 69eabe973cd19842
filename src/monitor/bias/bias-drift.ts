/**
 * The bias-drift check (clarify-model-monitor-bias-drift-violations): a run's `analysis.json`
 * against the baseline's. A metric violates its constraint when it is farther from balance than
 * the baseline value: baseline DPPL 0.2 allows 0.1 and -0.2 but not -0.3. Balance is 0 for every
 * metric but DI, a ratio, whose balance is 1. Metrics matched by facet, facet value and name;
 * one without a value on either side (an `error` entry) is not checked.
 *
 * ```json
 * { "facet": "Sex", "facet_value": "0", "metric_name": "DAR", "constraint_check_type": "bias_drift_check",
 *   "description": "Metric value -0.26530612244897955 doesn't meet the baseline constraint requirement -0.09508196721311479" }
 * ```
 */
import { floatRepr } from '../../core/python-values.js';
import type { BiasAnalysis, BiasDriftViolation, BiasDriftViolations, BiasMetricsSection } from './analysis-file.js';

/** The violations of `current` against `baseline`, sorted by facet, facet value and metric name. */
export function checkBiasDrift(baseline: BiasAnalysis, current: BiasAnalysis): BiasDriftViolations {
  const limits = new Map<string, number>();
  for (const section of sections(baseline)) {
    forEachMetric(section, (key, value) => limits.set(key, value));
  }
  const violations: BiasDriftViolation[] = [];
  for (const section of sections(current)) {
    forEachMetric(section, (key, value, facet, facetValue, name) => {
      const limit = limits.get(key);
      if (limit === undefined || !violates(name, value, limit)) return;
      violations.push({
        facet,
        facet_value: facetValue,
        metric_name: name,
        constraint_check_type: 'bias_drift_check',
        description: `Metric value ${floatRepr(value)} doesn't meet the baseline constraint requirement ${floatRepr(limit)}`,
      });
    });
  }
  violations.sort(
    (x, y) => compare(x.facet, y.facet) || compare(x.facet_value, y.facet_value) || compare(x.metric_name, y.metric_name),
  );
  return { version: '1.0', violations };
}

/** Farther from balance than the baseline (NaN never violates). */
export function violates(metric: string, value: number, baseline: number): boolean {
  const balance = metric === 'DI' ? 1 : 0;
  return Math.abs(value - balance) > Math.abs(baseline - balance);
}

function sections(a: BiasAnalysis): BiasMetricsSection[] {
  return [a.pre_training_bias_metrics, a.post_training_bias_metrics].filter((s): s is BiasMetricsSection => !!s);
}

function forEachMetric(
  section: BiasMetricsSection,
  f: (key: string, value: number, facet: string, facetValue: string, name: string) => void,
): void {
  for (const [facet, groups] of Object.entries(section.facets)) {
    for (const g of groups) {
      for (const m of g.metrics) {
        if (m.value === null) continue;
        f(JSON.stringify([facet, g.value_or_threshold, m.name]), m.value, facet, g.value_or_threshold, m.name);
      }
    }
  }
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
