import type { ProcessingStep } from '../../pipeline/ir.js';
import { runContractStep } from '../contracts/contract-step.js';
import { PROCESSING_LAYOUT, runProcessStep } from '../process-step.js';
import type { StepContext, StepResult } from '../step-context.js';

/** A processing step: with a cloud contract, the script sees that cloud's container; else Godwit's own. */
export async function runProcessing(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as ProcessingStep;
  if (step.process.contract) return runContractStep(ctx);
  return runProcessStep(ctx, step.process, step, PROCESSING_LAYOUT);
}
