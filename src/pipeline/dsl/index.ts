/**
 * The TypeScript DSL. Builders return frozen objects and never mutate; references are IR nodes.
 * There is no global "current pipeline": `pipeline()` collects the steps it is given and the
 * steps they reference. One file per builder family; this index is the public API.
 *
 * ```ts
 * const threshold = param.float('mse_threshold', 6.0);
 * const check = condition('check', { if: lte(mse, threshold), then: [register], else: [stop] });
 * export default pipeline('abalone', { parameters: [threshold], steps: [check] });
 * ```
 */

export { callback } from './callback.js';
export { type ConditionOptions, condition } from './condition.js';
export { and, eq, gt, gte, isIn, lt, lte, not, or } from './conditions.js';
export { fail } from './fail.js';
export { type FunctionOptions, fn } from './function.js';
export { type ModelOptions, model } from './model.js';
export type { InputArg, OutputArg } from './options.js';
export { isPipeline, type Pipeline, type PipelineOptions, pipeline } from './pipeline.js';
export { type ProcessingOptions, processing } from './processing.js';
export { type QualityCheckOptions, qualityCheck } from './quality-check.js';
export { type RegisterModelOptions, registerModel } from './register-model.js';
export { type SqlOptions, type SqlOutputArg, sql } from './sql.js';
export type { Step } from './step.js';
export { type TrainingOptions, training } from './training.js';
export { type TransformOptions, transform } from './transform.js';
export { execution, executionVariable, join, type Parameter, param, propertyFile } from './values.js';
