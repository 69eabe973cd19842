import type { FailStep } from '../../pipeline/ir.js';
import type { StepContext, StepResult } from '../step-context.js';
import { StepFailure } from '../step-failure.js';

/** Ends the run as failed with the step's message (SageMaker `FailStep`). Never retried. */
export async function runFail(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as FailStep;
  const message = String(await ctx.resolve(step.message));
  ctx.log(message);
  throw new StepFailure('E_FAIL_STEP', 'error', message, { retryable: false });
}
