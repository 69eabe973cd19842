/** Data-quality constraints: suggest them from a baseline, check a window against them. */

export { type CheckOptions, type CheckResult, checkStatistics, type FeatureOutcome } from './check-statistics.js';
export { type ComparisonMethod, categoricalDistance, numericalDistance, rankMap } from './distance.js';
export type { TypeCounts } from './feature-checks.js';
export { type EffectiveConfig, effectiveConfig, SUGGESTED_MONITORING_CONFIG } from './monitoring-config.js';
export { parseConstraints } from './read-monitor-file.js';
export { suggestConstraints } from './suggest-constraints.js';
