import type { ApprovalStatus, RegisterModelStep } from '../../pipeline/ir.js';
import { joinKey } from '../../store/keys.js';
import { keyOf } from '../resolve.js';
import type { StepContext, StepResult } from '../step-context.js';

/** Registers the model as the next version of its package group (SageMaker `RegisterModel`). */
export async function runRegisterModel(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as RegisterModelStep;
  const model = ctx.artifactFor(step.model, 'model');
  const approvalStatus = String(await ctx.resolve(step.approvalStatus)) as ApprovalStatus;
  let metrics: unknown;
  let metricsUri: string | undefined;
  if (step.metrics !== undefined) {
    const report = ctx.artifactFor(step.metrics, 'metrics');
    metricsUri = report.uri;
    const json = report.files.find((f) => f.path.endsWith('.json'));
    if (json) {
      const { store } = ctx.services;
      metrics = JSON.parse((await store.get(joinKey(keyOf(store, report.uri), json.path))).toString('utf8'));
      metricsUri = report.uri + json.path;
    }
  }
  const version = await ctx.services.metadata.registry.registerVersion({
    group: step.modelPackageGroup,
    modelUri: model.uri,
    modelSha256: model.sha256,
    approvalStatus,
    metrics,
    metricsUri,
    runId: ctx.run.id,
    step: step.name,
    description: step.description,
    inference: {
      image: step.image,
      contentTypes: step.contentTypes,
      responseTypes: step.responseTypes,
      inferenceInstances: step.inferenceInstances,
      transformInstances: step.transformInstances,
    },
    actor: `pipeline ${ctx.run.ir.name} run ${ctx.run.id}`,
  });
  ctx.log(`Registered ${version.group} version ${version.version} (${version.approvalStatus}).`);
  return { summary: `${version.group} version ${version.version} (${version.approvalStatus})` };
}
