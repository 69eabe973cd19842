/**
 * Model quality, as SageMaker Model Monitor's model-quality monitor does it: predictions merged
 * with ground truth, regression / binary / multiclass metrics, baselines, constraints and
 * violations in SageMaker's files. `ModelQuality` is the job a monitoring schedule runs.
 */
import { modelQualityJob } from './model-quality-job.js';

export { type BaselineRequest, type BaselineResult, suggestModelQualityBaseline } from './baseline.js';
export { checkConstraints, problemOf, suggestConstraints } from './constraints.js';
export { type GroundTruthRead, parseGroundTruthLine, readGroundTruth } from './ground-truth.js';
export { type GroundTruthUpload, uploadGroundTruth } from './ground-truth-upload.js';
export { type ModelQualityConfig, modelQualityConfig } from './job-config.js';
export { type MergeSummary, mergeWithGroundTruth, predictionOf } from './merge.js';
export * from './model-quality-files.js';
export { type ModelQualityJobOptions, metricsToPublish, modelQualityJob } from './model-quality-job.js';
export { type Observation, Observations } from './observations.js';

/** The `ModelQuality` job with the default store settings. */
export const ModelQuality = modelQualityJob();
