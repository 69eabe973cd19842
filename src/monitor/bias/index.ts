/**
 * Clarify bias, locally: pre- and post-training bias metrics for a facet and a label in Clarify's
 * `analysis.json` shape, the bias-drift check against a baseline analysis, and the `ModelBias`
 * monitoring job. docs/monitoring-bias.md has the formulas' sources and what differs from Clarify.
 */
export type {
  BiasAnalysis,
  BiasDriftViolation,
  BiasDriftViolations,
  BiasMetricsSection,
  BiasMetricValue,
  FacetBiasMetrics,
} from './analysis-file.js';
export { formatBiasAnalysis, formatBiasViolations, parseBiasAnalysis } from './analysis-file.js';
export { type BiasConfig, biasConfigFromClarify, type FacetSpec } from './bias-config.js';
export { readBiasDataset } from './bias-dataset.js';
export { checkBiasDrift, violates } from './bias-drift.js';
export { biasAnalysis } from './bias-report.js';
export { analyseTable, type BiasRunOptions, type BiasRunResult, readBaseline, runBias } from './bias-run.js';
export type { BiasTable, Cell } from './bias-table.js';
export { type CapturedTable, type CaptureSource, capturedTable, PREDICTED_COLUMN } from './captured-table.js';
export { modelBiasJob, publishedMetrics } from './model-bias-job.js';

import { modelBiasJob } from './model-bias-job.js';

/** The `ModelBias` job with the default store settings. */
export const ModelBias = modelBiasJob();
