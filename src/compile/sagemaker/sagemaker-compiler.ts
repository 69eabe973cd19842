/**
 * The SageMaker Pipelines target: an IR pipeline as the `PipelineDefinition` JSON that
 * CreatePipeline takes, in the form the SageMaker Python SDK's `pipeline.definition()` writes.
 *
 * ```ts
 * compileSageMaker(abalone.ir, BUILTIN_PROFILES.aws).document
 * // { Version: '2020-12-01', Metadata: {}, Parameters: [...], PipelineExperimentConfig: {...},
 * //   Steps: [preprocess (Processing), train (Training), evaluate (Processing),
 * //           check-mse (Condition: IfSteps register, batch-transform-create-model, batch-transform; ElseSteps mse-too-high)] }
 * ```
 *
 * See docs/compile-sagemaker.md for the whole mapping and what is refused.
 */
import type { JsonValue, ParameterType, PipelineIR } from '../../pipeline/ir.js';
import { branchOwners } from '../../pipeline/walk.js';
import type { Compiler, TargetProfile } from '../target.js';
import { createSageMakerContext } from './sagemaker-context.js';
import { checkSageMakerNames } from './sagemaker-names.js';
import { compileStep } from './sagemaker-steps.js';

const PARAMETER_TYPE: Record<ParameterType, string> = {
  string: 'String',
  integer: 'Integer',
  float: 'Float',
  boolean: 'Boolean',
};

export const compileSageMaker: Compiler = (ir: PipelineIR, profile: TargetProfile, options = {}) => {
  const ctx = createSageMakerContext(ir, profile, compileStep, options);
  checkSageMakerNames(ir, ctx);
  const owners = branchOwners(ir);
  const steps = ir.steps.filter((s) => !owners.has(s.name)).flatMap((s) => compileStep(s, ctx));
  const document: JsonValue = {
    Version: '2020-12-01',
    Metadata: {},
    Parameters: ir.parameters.map((p) => {
      const value = ctx.parameterDefaults.get(p.name);
      return { Name: p.name, Type: PARAMETER_TYPE[p.type], ...(value === undefined ? {} : { DefaultValue: value }) };
    }),
    PipelineExperimentConfig: {
      ExperimentName: { Get: 'Execution.PipelineName' },
      TrialName: { Get: 'Execution.PipelineExecutionId' },
    },
    Steps: steps,
  };
  return { target: 'sagemaker', document, format: 'json', uploads: ctx.uploads.list(), warnings: ctx.warnings };
};
