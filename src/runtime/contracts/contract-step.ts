/**
 * The runner for processing and training steps that name a cloud contract
 * (`process.contract: 'sagemaker' | 'vertex'`): the step's script sees the environment that
 * cloud gives it (see docs/contracts.md), inside bubblewrap when it is available. Metric
 * definitions turn log lines into step metrics; a SageMaker training step's model comes out as
 * `model.tar.gz`, as SageMaker uploads it.
 */
import type { ProcessingStep, TrainingStep } from '../../pipeline/ir.js';
import type { RunInfo, StepContext, StepResult } from '../step-context.js';
import { prepareLaunch } from './contract-workspace.js';
import { metricCollector } from './metric-definitions.js';
import { packageOutput } from './model-packaging.js';
import { describeMode, type SandboxMode, sandboxMode } from './sandbox.js';
import { runWithRestarts } from './spot.js';

export async function runContractStep(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as TrainingStep | ProcessingStep;
  const mode = await sandboxMode(ctx.run.hostEnv);
  await announceMode(ctx, mode);
  const image = step.process?.image;
  if (image)
    ctx.log(
      `Godwit: image ${image} is used by the cloud targets; locally the command runs on the host${mode === 'bwrap' ? ', inside bubblewrap' : ''}.`,
    );
  const metrics = metricCollector(step.metricDefinitions ?? []);

  const prepared = await prepareLaunch(ctx, mode);
  const record = await runWithRestarts(ctx, prepared, metrics.line);

  const outputs: Record<string, string> = {};
  for (const [name, dir] of Object.entries(prepared.outputs)) {
    outputs[name] =
      step.type === 'training' ? await packageOutput(prepared.contract, name, dir, `${ctx.workspace}-packaged`) : dir;
  }
  const found = metrics.values();
  const times: Record<string, number> =
    step.type === 'training' && step.spot
      ? {
          TrainingTimeInSeconds: round(record.trainingSeconds),
          BillableTimeInSeconds: round(record.billableSeconds),
          SpotInterruptions: record.interruptions,
        }
      : {};
  const parts = [
    Object.keys(found).length > 0 ? `${Object.keys(found).length} metric(s) from its log` : '',
    record.interruptions > 0 ? `${record.interruptions} spot interruption(s), ${record.launches} launches` : '',
  ].filter(Boolean);
  return { outputs, metrics: { ...found, ...times }, summary: parts.length > 0 ? parts.join('; ') : undefined };
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** Runs already told which sandbox mode they use (one RunInfo per execution of a run). */
const announced = new WeakSet<RunInfo>();

async function announceMode(ctx: StepContext, mode: SandboxMode): Promise<void> {
  const message = describeMode(mode);
  ctx.log(`Godwit: ${message}`);
  if (announced.has(ctx.run)) return;
  announced.add(ctx.run);
  ctx.notice(message);
  await ctx.services.metadata.store.addEvent({
    runId: ctx.run.id,
    step: ctx.step.name,
    at: ctx.services.clock.now(),
    type: 'sandbox',
    message,
  });
}
