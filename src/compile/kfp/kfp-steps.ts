/**
 * Each IR step kind as KFP tasks: one visitor per kind (each in `steps/`), so a new kind fails to
 * compile until it is handled here.
 *
 * | IR step          | KFP                                                                           |
 * | ---------------- | ----------------------------------------------------------------------------- |
 * | processing       | container task (code and inputs through importer tasks)                        |
 * | training         | container task in Godwit's or the profile's image, SageMaker contract staged   |
 * | transform        | container task running `godwit transform`                                      |
 * | condition        | `dsl.If` / `dsl.Else` condition DAGs (laid out by kfp-layout.ts)               |
 * | fail             | container task that exits with the message                                     |
 * | register-model   | container task running `godwit models register`                                |
 * | model            | left out with a warning before compiling (kfp-model-steps.ts)                  |
 * | function         | CompileError: it runs inside the Godwit process                                |
 * | sql              | GCPC's BigqueryQueryJobOp task (+ an importer per unloaded output)             |
 * | quality-check    | CompileError: Vertex AI has no Model Monitor baseline step                     |
 */
import type { StepIR, StepKind } from '../../pipeline/ir.js';
import { CompileError } from '../compile-error.js';
import type { KfpContext } from './kfp-context.js';
import { compileCondition } from './steps/condition.js';
import { compileFail } from './steps/fail.js';
import { compileFunction } from './steps/function.js';
import { compileProcessing } from './steps/processing.js';
import { compileRegisterModel } from './steps/register-model.js';
import { compileSql } from './steps/sql.js';
import { compileTraining } from './steps/training.js';
import { compileTransform } from './steps/transform.js';

type StepCompiler<K extends StepKind> = (ctx: KfpContext, step: Extract<StepIR, { type: K }>) => void;

const STEP_COMPILERS: { readonly [K in StepKind]: StepCompiler<K> } = {
  processing: compileProcessing,
  training: compileTraining,
  transform: compileTransform,
  condition: compileCondition,
  fail: compileFail,
  'register-model': compileRegisterModel,
  function: compileFunction,
  sql: compileSql,
  model: (_ctx, step) => {
    throw new Error(`internal: model step "${step.name}" reached the KFP step compilers (kfp-model-steps.ts leaves them out)`);
  },
  'quality-check': (_ctx, step) => {
    throw new CompileError(
      'kfp',
      step.name,
      'a quality-check step (a Model Monitor baseline and drift check)',
      'KFP and Vertex AI pipelines have no Model Monitor step; run `godwit monitor baseline` in a processing step (a container task) instead.',
    );
  },
  callback: (_ctx, step) => {
    throw new CompileError(
      'kfp',
      step.name,
      'a callback step (waiting for an outside success or failure signal)',
      'KFP and Vertex AI pipelines have no step that waits for a token; poll for the outside event in a container task instead.',
    );
  },
};

/** Adds the step's task (or, for a condition, its trigger policies) to the context's spec. */
export function compileStep<K extends StepKind>(ctx: KfpContext, step: Extract<StepIR, { type: K }>): void {
  (STEP_COMPILERS[step.type as K] as StepCompiler<K>)(ctx, step);
}
