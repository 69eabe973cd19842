/**
 * Explainability (SageMaker Clarify's SHAP analysis and its feature-attribution drift monitor),
 * locally: KernelSHAP for any model, exact TreeSHAP for XGBoost and boosted tree models, global
 * attributions in Clarify's `analysis.json`, NDCG drift against a baseline, and the
 * `ModelExplainability` monitoring job. See docs/monitoring-explainability.md.
 */
export {
  AGG_METHODS,
  type AggMethod,
  analysisDocument,
  type ExplainabilityAnalysis,
  globalShapValues,
  parseAnalysis,
} from './analysis-file.js';
export {
  ATTRIBUTION_DRIFT_THRESHOLD,
  attributionDrift,
  attributionMetrics,
  type ExplainabilityViolations,
  ndcg,
} from './attribution-drift.js';
export { exactShapley } from './exact-shapley.js';
export { explain } from './explain.js';
export { readExplainData } from './explain-data.js';
export { modelExplainabilityJob, runExplainability } from './explainability-job.js';
export { type BatchPredict, type KernelShapOptions, kernelShap, type Rows } from './kernel-shap.js';
export { loadExplainableModel } from './model-predictor.js';
export { shapSettings } from './shap-config.js';
export { readTreeExplainer, treeExplainerOf, treeShap } from './tree-shap.js';

import type { MonitoringJob } from '../monitoring-job.js';
import { modelExplainabilityJob } from './explainability-job.js';

/** The `ModelExplainability` kind, for the schedule runner's registry. */
export const ModelExplainability: MonitoringJob = modelExplainabilityJob;
