import type { ProcessingStep } from '../../pipeline/ir.js';
import { PROCESSING_LAYOUT, runProcessStep } from '../process-step.js';
import type { StepContext, StepResult } from '../step-context.js';

/** A processing step: with a cloud contract, the script sees that cloud's container; else Godwit's own. */
export async function runProcessing(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as ProcessingStep;
  // The contract code (~20 modules) is imported only for a step that names a cloud contract.
  if (step.process.contract) return (await import('../contracts/contract-step.js')).runContractStep(ctx);
  return runProcessStep(ctx, step.process, step, PROCESSING_LAYOUT);
}
