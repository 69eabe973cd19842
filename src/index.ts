/** Godwit's public API: the pipeline DSL and IR types. */

export { GodwitError, ValidationError } from './core/errors.js';
export * from './pipeline/dsl/index.js';
export type { FunctionContext, FunctionResult, StepFunction } from './pipeline/function-context.js';
export type * from './pipeline/ir.js';
export { IR_API_VERSION } from './pipeline/ir.js';
