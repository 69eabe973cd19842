/**
 * The Step Functions target: an IR pipeline as an Amazon States Language state machine that runs
 * the same SageMaker jobs through Step Functions' SageMaker integrations.
 *
 * ```ts
 * compileStepFunctions(abalone.ir, BUILTIN_PROFILES.aws).document
 * // { Comment, StartAt: 'Parameter defaults', States: { 'Parameter defaults', Parameters, preprocess, train,
 * //   evaluate, 'evaluate (read EvaluationReport)', check-mse (Choice) → 'Parallel: register, batch-transform' | mse-too-high (Fail) } }
 * ```
 *
 * Pipeline parameters are the execution input: `{"mse_threshold": 3}` overrides that default,
 * others keep theirs (`States.JsonMerge` of the defaults and `$$.Execution.Input`). Pass them as
 * typed JSON (a number for a float parameter), since Choice rules compare typed values.
 * See docs/compile-sagemaker.md for the whole mapping and what is refused.
 */
import type { JsonValue, PipelineIR } from '../../pipeline/ir.js';
import { branchOwners } from '../../pipeline/walk.js';
import { createAwsContext } from '../aws/aws-context.js';
import type { Compiler, TargetProfile } from '../target.js';
import { ended, makeChain } from './stepfunctions-chain.js';
import { createAslContext, type State } from './stepfunctions-context.js';

export const compileStepFunctions: Compiler = (ir: PipelineIR, profile: TargetProfile, options = {}) => {
  const base = createAwsContext(ir, profile, 'stepfunctions', options);
  const ctx = createAslContext(base, makeChain(ir));
  const defaultsName = ctx.stateName('Parameter defaults', undefined);
  const parametersName = ctx.stateName('Parameters', undefined);
  const owners = branchOwners(ir);
  const body = ctx.chain(ir.steps.filter((s) => !owners.has(s.name)).map((s) => s.name));
  const defaults: Record<string, JsonValue> = {};
  for (const [name, value] of base.parameterDefaults) if (value !== undefined) defaults[name] = value;
  const states: Record<string, State> = {
    [defaultsName]: { Type: 'Pass', Result: defaults, ResultPath: '$.defaults', Next: parametersName },
    [parametersName]: {
      Type: 'Pass',
      Comment: 'Execution input overrides the parameter defaults; steps keep their results under $.steps.',
      Parameters: { 'parameters.$': 'States.JsonMerge($.defaults, $$.Execution.Input, false)', steps: {} },
      ...(body ? { Next: body.start } : { End: true }),
    },
    ...(body ? ended(body).states : {}),
  };
  const document = {
    Comment: `Pipeline "${ir.name}"${ir.description ? `: ${ir.description}` : ''} Compiled by Godwit.`,
    StartAt: defaultsName,
    States: states,
  };
  const warnings = [
    ...ir.steps
      .filter((s) => s.cache?.enabled)
      .map((s) => ({
        step: s.name,
        message: 'Step Functions has no step cache: this step always runs (its Task Comment says so).',
      })),
    ...ctx.warnings,
  ];
  return { target: 'stepfunctions', document, format: 'json', uploads: base.uploads.list(), warnings };
};
