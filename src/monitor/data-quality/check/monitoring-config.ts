/**
 * `monitoring_config` with its defaults filled and a feature's overrides applied. The defaults
 * are the values Model Monitor's baselining job writes into a suggested `constraints.json`, so a
 * hand-written file that leaves a field out is checked the way a suggested one is.
 */
import type { FeatureConstraint, MonitoringConfig } from '../../monitor-files.js';
import type { ComparisonMethod } from './distance.js';

export interface EffectiveConfig {
  readonly evaluateConstraints: boolean;
  readonly emitMetrics: boolean;
  /** Fraction of present values that must have the baseline's type (1.0 = all of them). */
  readonly datatypeCheckThreshold: number;
  /** Fraction of present values that must lie in the baseline's domain (1.0 = all of them). */
  readonly domainContentThreshold: number;
  readonly performComparison: boolean;
  readonly comparisonThreshold: number;
  readonly comparisonMethod: ComparisonMethod;
}

/**
 * What a suggested `constraints.json` carries. `datatype_check_threshold` and
 * `domain_content_threshold` are 1.0: the only public violation texts of a suggested baseline say
 * "Expected match: 100.0%" (the developer guide's schema shows 0.1 only as an example value).
 */
export const SUGGESTED_MONITORING_CONFIG = {
  evaluate_constraints: 'Enabled',
  emit_metrics: 'Enabled',
  datatype_check_threshold: 1.0,
  domain_content_threshold: 1.0,
  distribution_constraints: {
    perform_comparison: 'Enabled',
    comparison_threshold: 0.1,
    comparison_method: 'Robust',
  },
} as const satisfies MonitoringConfig;

/**
 * The file-wide config, overlaid by the feature's `monitoringConfigOverrides` and (where the
 * SageMaker Python SDK's files put them) `string_constraints.monitoring_config_overrides`.
 */
export function effectiveConfig(global: MonitoringConfig | undefined, feature?: FeatureConstraint): EffectiveConfig {
  const layers: (MonitoringConfig | undefined)[] = [
    SUGGESTED_MONITORING_CONFIG,
    global,
    feature?.string_constraints?.monitoring_config_overrides,
    feature?.monitoringConfigOverrides,
  ];
  // The last layer that sets a field wins.
  const top = [...layers].reverse();
  const pick = <K extends keyof MonitoringConfig>(key: K): MonitoringConfig[K] =>
    top.find((layer) => layer?.[key] !== undefined)?.[key];
  type Distribution = NonNullable<MonitoringConfig['distribution_constraints']>;
  const dist = <K extends keyof Distribution>(key: K): Distribution[K] | undefined =>
    top.find((layer) => layer?.distribution_constraints?.[key] !== undefined)?.distribution_constraints?.[key];
  // Older files say `enable_comparisons: false` where newer ones say `perform_comparison: Disabled`.
  const comparisons = dist('enable_comparisons') !== false && dist('perform_comparison') !== 'Disabled';
  return {
    evaluateConstraints: pick('evaluate_constraints') !== 'Disabled',
    emitMetrics: pick('emit_metrics') !== 'Disabled',
    datatypeCheckThreshold: pick('datatype_check_threshold') ?? 1,
    domainContentThreshold: pick('domain_content_threshold') ?? 1,
    performComparison: comparisons,
    comparisonThreshold: dist('comparison_threshold') ?? 0.1,
    comparisonMethod: dist('comparison_method') === 'Simple' ? 'Simple' : 'Robust',
  };
}
