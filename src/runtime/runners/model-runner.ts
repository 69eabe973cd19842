import { createModel } from '../../endpoints/endpoints.js';
import type { ModelStep, ParameterValue } from '../../pipeline/ir.js';
import { pipelineModelName } from '../model-names.js';
import type { StepContext, StepResult } from '../step-context.js';

/**
 * Creates the step's model (SageMaker's `Model` step is `CreateModel`): the same record the
 * SageMaker door's `CreateModel` makes, named for the run and step (model-names.ts), its one
 * container pointing at the resolved model data. A model left by an attempt that died before it
 * was recorded is this step's own, and is replaced.
 */
export async function runModel(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as ModelStep;
  const name = pipelineModelName(ctx.run.id, step.name);
  const modelDataUrl = String(await ctx.resolve(step.model));
  const environment: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.env ?? {})) environment[k] = text(await ctx.resolve(v));
  const { metadata } = ctx.services;
  if (await metadata.endpoints.getModel(name)) await metadata.endpoints.deleteModel(name);
  await createModel(metadata, {
    name,
    containers: [
      {
        ...(step.image !== undefined && { image: step.image }),
        modelDataUrl,
        ...(Object.keys(environment).length > 0 && { environment }),
      },
    ],
    ...(step.executionRole !== undefined && { executionRoleArn: step.executionRole }),
    tags: [
      { Key: 'godwit:run', Value: ctx.run.id },
      { Key: 'godwit:step', Value: step.name },
    ],
  });
  ctx.log(`Created model ${name} (${modelDataUrl}${step.image ? `, image ${step.image}` : ''}).`);
  return { summary: `model ${name}` };
}

const text = (v: ParameterValue) => (typeof v === 'string' ? v : JSON.stringify(v));
