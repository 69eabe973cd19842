/**
 * What the SageMaker Pipelines compiler knows beyond the shared AWS context: how to compile the
 * steps of a condition branch, which SageMaker nests inside the ConditionStep (IfSteps / ElseSteps)
 * instead of listing them at the top level.
 */
import { GodwitError } from '../../core/errors.js';
import type { JsonValue, PipelineIR, StepIR } from '../../pipeline/ir.js';
import { type AwsContext, createAwsContext } from '../aws/aws-context.js';
import type { CompileOptions, TargetProfile } from '../target.js';

export interface SageMakerContext extends AwsContext {
  /** The SageMaker steps of a condition branch (IR step names, in order). */
  branch(names: readonly string[]): JsonValue[];
}

/** The context, given the step visitor (passed in: the visitors need the context's type). */
export function createSageMakerContext(
  ir: PipelineIR,
  profile: TargetProfile,
  compileStep: (step: StepIR, ctx: SageMakerContext) => JsonValue[],
  options: CompileOptions = {},
): SageMakerContext {
  const base = createAwsContext(ir, profile, 'sagemaker', options);
  const ctx: SageMakerContext = {
    ...base,
    branch: (names) =>
      names.flatMap((name) => {
        const step = base.steps.get(name);
        if (!step)
          throw new GodwitError(
            'E_COMPILE_IR',
            `A condition branch names step "${name}", which is not in pipeline "${ir.name}".`,
          );
        return compileStep(step, ctx);
      }),
  };
  return ctx;
}
