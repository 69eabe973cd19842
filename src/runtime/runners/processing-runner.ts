import type { ProcessingStep } from '../../pipeline/ir.js';
import { PROCESSING_LAYOUT, runProcessStep } from '../process-step.js';
import type { StepContext, StepResult } from '../step-context.js';

export async function runProcessing(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as ProcessingStep;
  return runProcessStep(ctx, step.process, step, PROCESSING_LAYOUT);
}
