/** A processing step: its process in a container, inputs and outputs at the SageMaker Processing folders. */
import type { ProcessingStep } from '../../../pipeline/ir.js';
import type { KfpContext } from '../kfp-context.js';
import { SAGEMAKER_PATHS } from '../kfp-contract.js';
import { compileProcess } from './process.js';

export function compileProcessing(ctx: KfpContext, step: ProcessingStep): void {
  compileProcess(ctx, {
    step,
    process: step.process,
    inputs: step.inputs,
    outputs: step.outputs,
    resources: step.resources,
    metricDefinitions: step.metricDefinitions,
    inputFolder: SAGEMAKER_PATHS.processingInput,
    outputFolder: SAGEMAKER_PATHS.processingOutput,
  });
}
