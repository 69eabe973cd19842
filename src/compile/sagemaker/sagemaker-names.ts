/**
 * Names SageMaker Pipelines accepts. Parameter names follow the API's `Parameter.Name`
 * (`[A-Za-z0-9\-_]`, 1 to 256 characters, values up to 1024 characters); step names follow the
 * published definition schema (`[A-Za-z0-9\-_]`, 1 to 64 characters). Names are never rewritten:
 * a renamed step or parameter would no longer match the local run, the metadata and `--param`.
 */
import type { PipelineIR } from '../../pipeline/ir.js';
import type { AwsContext } from '../aws/aws-context.js';
import { sqlUnloadStepName } from '../aws/sql-processing.js';
import { CompileError } from '../compile-error.js';
import { createModelStepName } from './sagemaker-expressions.js';

const STEP_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const PARAMETER_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const PROPERTY_FILE_NAME = /^[A-Za-z0-9_-]+$/;
const MAX_PARAMETER_VALUE = 1024;

export function checkSageMakerNames(ir: PipelineIR, ctx: AwsContext): void {
  for (const p of ir.parameters) {
    if (!PARAMETER_NAME.test(p.name)) {
      throw new CompileError(
        ctx.target,
        undefined,
        `the parameter name "${p.name}"`,
        'SageMaker parameter names are 1 to 256 letters, digits, "-" and "_"; rename it.',
      );
    }
    const value = ctx.parameterDefaults.get(p.name);
    if (typeof value === 'string' && value.length > MAX_PARAMETER_VALUE) {
      throw new CompileError(
        ctx.target,
        undefined,
        `a default of ${value.length} characters for parameter "${p.name}"`,
        `SageMaker parameter values are at most ${MAX_PARAMETER_VALUE} characters.`,
      );
    }
  }
  for (const step of ir.steps) {
    checkStepName(step.name, step.name, ctx);
    if (step.type === 'transform') {
      const created = createModelStepName(step.name);
      checkStepName(created, step.name, ctx);
      if (ctx.steps.has(created)) {
        throw new CompileError(
          ctx.target,
          step.name,
          `a transform whose model step "${created}" has the name of another step`,
          `Rename step "${created}".`,
        );
      }
    }
    if (step.type === 'sql' && step.outputs.length > 0) {
      const unload = sqlUnloadStepName(step.name);
      checkStepName(unload, step.name, ctx);
      if (ctx.steps.has(unload))
        throw new CompileError(
          ctx.target,
          step.name,
          `a sql step whose unload step "${unload}" has the name of another step`,
          `Rename step "${unload}".`,
        );
    }
    if ((step.type === 'processing' || step.type === 'function') && step.propertyFiles) {
      for (const f of step.propertyFiles) {
        if (!PROPERTY_FILE_NAME.test(f.name)) {
          throw new CompileError(
            ctx.target,
            step.name,
            `the property file name "${f.name}"`,
            'SageMaker refers to it as Steps.<step>.PropertyFiles.<name>; use letters, digits, "-" and "_".',
          );
        }
      }
    }
  }
}

function checkStepName(name: string, step: string, ctx: AwsContext): void {
  if (!STEP_NAME.test(name)) {
    throw new CompileError(
      ctx.target,
      step,
      `the step name "${name}"`,
      'SageMaker step names are 1 to 64 letters, digits, "-" and "_" (a transform step also needs room for "-create-model"); rename it.',
    );
  }
}
