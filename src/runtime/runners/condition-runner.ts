import type { ConditionStep } from '../../pipeline/ir.js';
import type { StepContext, StepResult } from '../step-context.js';

export async function runCondition(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as ConditionStep;
  const holds = await ctx.evaluate(step.condition);
  return { outcome: holds ? 'then' : 'else', summary: holds ? 'true: then branch' : 'false: else branch' };
}
