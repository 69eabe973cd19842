/**
 * Pipeline validation: every problem of an IR at once, each naming the step and the field.
 *
 * ```ts
 * validatePipeline(ir)
 * // [{ step: 'train', field: 'inputs.train.source',
 * //    message: 'reads output "trian" of step "prep", which has no such output. Did you mean "train"? Outputs of "prep": train, test.' }]
 * ```
 *
 * First the shape (ir.schema.json); when the shape is broken only those problems are returned,
 * since the semantic checks read the IR as typed. Then names, references, types, branches,
 * cycles and per-kind rules — see docs/ir.md, "Validation".
 */
import type { Problem } from '../core/errors.js';
import { ValidationError } from '../core/errors.js';
import type { PipelineIR } from './ir.js';
import { checkStructure } from './schema.js';
import { checkBranches } from './validate-branches.js';
import { makeContext } from './validate-context.js';
import { checkCycles } from './validate-graph.js';
import { checkNames } from './validate-names.js';
import { checkRefs } from './validate-refs.js';
import { checkSteps } from './validate-steps.js';
import { checkTypes } from './validate-types.js';

export { parseJsonPath } from '../core/json-path.js';
export { parseIsoDuration } from './validate-duration.js';
export { NAME_MAX_LENGTH, NAME_PATTERN } from './validate-names.js';
export { APPROVAL_STATUSES } from './validate-steps.js';

/** Every problem found in `ir`; an empty list means it is valid. Never throws. */
export function validatePipeline(ir: unknown): Problem[] {
  const structural = checkStructure(ir);
  if (structural.length > 0) return structural;
  const { ctx, problems } = makeContext(ir as PipelineIR);
  checkNames(ctx);
  checkRefs(ctx);
  checkTypes(ctx);
  checkBranches(ctx);
  checkCycles(ctx);
  checkSteps(ctx);
  return problems;
}

/**
 * Throws a `ValidationError` (code E_VALIDATION) listing every problem of `ir`, e.g.
 * `Pipeline "abalone" has 2 problems: ...`; `subject` starts that sentence.
 */
export function assertValidPipeline(ir: unknown, subject: string): asserts ir is PipelineIR {
  const problems = validatePipeline(ir);
  if (problems.length > 0) throw new ValidationError(subject, problems);
}
