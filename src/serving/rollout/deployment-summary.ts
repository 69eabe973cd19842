import { fleetCapacity } from '../../endpoints/deployment-validation.js';
import type { EndpointConfigRecord, VariantSpec } from '../../endpoints/endpoint-records.js';
import type { RolloutProgress } from '../../endpoints/rollout-records.js';
import { type RolloutPlan, rolloutPlan } from './rollout-plan.js';

/** SageMaker's `VariantStatus` entry: what a variant of the new fleet is doing, since when. */
export interface VariantStatus {
  readonly Status: 'Creating' | 'Updating' | 'Deleting' | 'ActivatingTraffic' | 'Baking';
  readonly StatusMessage: string;
  readonly StartTime: Date;
}

/** The new fleet's variant as DescribeEndpoint's `PendingDeploymentSummary` shows it. */
export interface PendingVariant {
  readonly VariantName: string;
  readonly CurrentWeight: number;
  readonly DesiredWeight: number;
  readonly CurrentInstanceCount: number;
  readonly DesiredInstanceCount: number;
  readonly InstanceType?: string;
  readonly VariantStatus: readonly VariantStatus[];
}

/**
 * Where the new fleet of a guarded update stands, in SageMaker's words: `Creating` ("Launching 2
 * instance(s).") before the first shift; `Baking` after each one ("Baking for 600 seconds
 * (WaitIntervalInSeconds) with traffic enabled on canary capacity of 1 instance(s)."), and during
 * the termination wait; `Deleting` while a rollback takes it down. Current weights are the
 * variant's weight times the fleet's traffic share; rolling updates show the batch's instances.
 */
export function pendingVariants(config: EndpointConfigRecord, progress: RolloutProgress | undefined, at: Date): PendingVariant[] {
  const capacity = fleetCapacity(config.productionVariants);
  const plan = progress ? rolloutPlan(progress.deploymentConfig, capacity) : undefined;
  return config.productionVariants.map((spec) => {
    const share = progress && progress.phase !== 'rolling-back' ? progress.greenShare : 0;
    const running = plan?.kind === 'rolling' ? rollingCount(spec, share) : spec.initialInstanceCount;
    return {
      VariantName: spec.variantName,
      CurrentWeight: round(spec.initialVariantWeight * share),
      DesiredWeight: spec.initialVariantWeight,
      CurrentInstanceCount: running,
      DesiredInstanceCount: spec.initialInstanceCount,
      ...(spec.instanceType !== undefined && { InstanceType: spec.instanceType }),
      VariantStatus: [variantStatus(spec, progress, plan, running, at)],
    };
  });
}

function variantStatus(
  spec: VariantSpec,
  progress: RolloutProgress | undefined,
  plan: RolloutPlan | undefined,
  running: number,
  at: Date,
): VariantStatus {
  if (!progress || !plan) return { Status: 'Creating', StatusMessage: `Launching ${running} instance(s).`, StartTime: at };
  const since = progress.stepStartedAt;
  if (progress.phase === 'rolling-back')
    return { Status: 'Deleting', StatusMessage: `Terminating ${spec.initialInstanceCount} instance(s).`, StartTime: since };
  if (progress.phase === 'terminating') {
    const message = `Baking for ${plan.terminationWaitSeconds} seconds (TerminationWaitInSeconds) with traffic enabled on full capacity of ${running} instance(s).`;
    return { Status: 'Baking', StatusMessage: message, StartTime: since };
  }
  const step = plan.steps[progress.step];
  const capacity =
    progress.greenShare >= 1
      ? `full capacity of ${running} instance(s)`
      : progress.step === 0 && progress.deploymentConfig.blueGreen?.trafficRouting.type === 'CANARY'
        ? `canary capacity of ${canaryInstances(spec, progress.greenShare)} instance(s)`
        : `${Math.round(progress.greenShare * 100)}% of capacity`;
  const message = `Baking for ${step?.bakeSeconds ?? 0} seconds (WaitIntervalInSeconds) with traffic enabled on ${capacity}.`;
  return { Status: 'Baking', StatusMessage: message, StartTime: since };
}

/** A rolling update's instances of one new variant when `share` of the fleet has been replaced. */
export function rollingCount(spec: VariantSpec, share: number): number {
  return Math.max(1, Math.min(spec.initialInstanceCount, Math.ceil(spec.initialInstanceCount * share - 1e-9)));
}

const canaryInstances = (spec: VariantSpec, share: number) => Math.max(1, Math.round(spec.initialInstanceCount * share));
const round = (x: number) => Math.round(x * 1e6) / 1e6;
