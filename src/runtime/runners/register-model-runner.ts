import type { ApprovalStatus, RegisterModelStep } from '../../pipeline/ir.js';
import { parseMetricsReport, pickMetricsFile } from '../../registry/metrics-report.js';
import { readDescriptor } from '../../registry/read-descriptor.js';
import { joinKey } from '../../store/keys.js';
import { keyOf } from '../resolve.js';
import type { StepContext, StepResult } from '../step-context.js';
import { registeredModelSource } from './register-model-source.js';

/**
 * Registers the model as the next version of its package group (SageMaker `RegisterModel`): a
 * step's model output, or a model at a URI (see `registeredModelSource`).
 */
export async function runRegisterModel(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as RegisterModelStep;
  const model = await registeredModelSource(ctx, step);
  const approvalStatus = String(await ctx.resolve(step.approvalStatus)) as ApprovalStatus;
  let metrics: unknown;
  let metricsUri: string | undefined;
  if (step.metrics !== undefined) {
    const report = ctx.artifactFor(step.metrics, 'metrics');
    metricsUri = report.uri;
    const json = pickMetricsFile(report.files.map((f) => f.path));
    if (json) {
      const { store } = ctx.services;
      metricsUri = report.uri + json;
      metrics = parseMetricsReport(await store.get(joinKey(keyOf(store, report.uri), json)), metricsUri);
    }
  }
  // A local model folder is read in place; one in s3:// or gs:// is staged as an endpoint stages it.
  const descriptor = await readDescriptor(model.uri, { home: ctx.services.home, storeOptions: ctx.services.inputStores });
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
    descriptor,
    actor: `pipeline ${ctx.run.ir.name} run ${ctx.run.id}`,
  });
  ctx.log(`Registered ${version.group} version ${version.version} (${version.approvalStatus}).`);
  return { summary: `${version.group} version ${version.version} (${version.approvalStatus})` };
}
