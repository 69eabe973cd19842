import { join } from 'node:path';
import { transformCsv } from '../../ml/batch-transform.js';
import type { TransformStep } from '../../pipeline/ir.js';
import type { StepContext, StepResult } from '../step-context.js';

/** Batch transform: predictions for every record of every input file, as `<file>.out`. */
export async function runTransform(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as TransformStep;
  const modelDir = join(ctx.workspace, 'model');
  const inputDir = join(ctx.workspace, 'input');
  const outputDir = join(ctx.workspace, 'output');
  await ctx.stageInput(step.model, modelDir, 'model');
  await ctx.stageInput(step.input, inputDir, 'input');
  const { records } = await transformCsv({
    modelDir,
    inputDir,
    outputDir,
    contentType: step.contentType ?? 'text/csv',
    splitType: step.splitType ?? 'Line',
  });
  return { outputs: { predictions: outputDir }, summary: `${records} predictions` };
}
