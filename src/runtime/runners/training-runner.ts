import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { trainLinearLearner } from '../../ml/linear-learner.js';
import type { TrainingStep } from '../../pipeline/ir.js';
import { runContractStep } from '../contracts/contract-step.js';
import { runProcessStep, TRAINING_LAYOUT } from '../process-step.js';
import type { StepContext, StepResult } from '../step-context.js';
import { localPathFor } from '../workspace.js';

/**
 * Training: Godwit's built-in algorithm in-process, or the step's own script as a process — in a
 * cloud's training container contract when it names one.
 */
export async function runTraining(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as TrainingStep;
  if (step.process?.contract) return runContractStep(ctx);
  if (step.process) return runProcessStep(ctx, step.process, step, TRAINING_LAYOUT);

  const channels: Record<string, string> = {};
  for (const input of step.inputs) {
    channels[input.name] = localPathFor(ctx.workspace, TRAINING_LAYOUT.inputPath(input));
    await ctx.stageInput(input.source, channels[input.name], `channel "${input.name}"`);
  }
  const hyperparameters: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(step.hyperparameters ?? {})) hyperparameters[k] = await ctx.resolve(v);
  const modelDir = localPathFor(ctx.workspace, '/opt/ml/model');
  await mkdir(modelDir, { recursive: true });
  const { metrics } = await trainLinearLearner({ channels, hyperparameters, modelDir, log: ctx.log });
  const outputs: Record<string, string> = { model: modelDir };
  for (const o of step.outputs) if (o.name !== 'model') outputs[o.name] = join(ctx.workspace, 'output', o.name);
  return { outputs, metrics };
}
