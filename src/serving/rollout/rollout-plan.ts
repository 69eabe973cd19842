import type { DeploymentConfig } from '../../endpoints/deployment-config.js';
import { shareOf } from '../../endpoints/deployment-validation.js';

/** One step of a guarded update: shift to `greenShare` of traffic, then bake `bakeSeconds`. */
export interface RolloutStep {
  readonly greenShare: number;
  readonly bakeSeconds: number;
}

export interface RolloutPlan {
  readonly kind: 'blue-green' | 'rolling';
  readonly steps: readonly RolloutStep[];
  /** After the last step: how long the old fleet is kept (blue/green's TerminationWaitInSeconds). */
  readonly terminationWaitSeconds: number;
  /** The whole update's limit from its start, or undefined for none. */
  readonly timeoutSeconds?: number;
  /** Rolling: the share of the old fleet brought back per batch on a rollback (1: all at once). */
  readonly rollbackBatchShare: number;
}

/**
 * The steps SageMaker takes for a deployment config, as shares of traffic on the new fleet:
 * - ALL_AT_ONCE: 100 %, then one baking period;
 * - CANARY: the canary's share, a bake, then 100 % and a final bake;
 * - LINEAR: one more step's share each time (the last one capped at 100 %), each with a bake;
 * - rolling: one batch more of new capacity each time (and one less of old), each with a bake.
 * `capacity` is the new fleet's instance count; a size in instances is a share of it.
 */
export function rolloutPlan(config: DeploymentConfig, capacity: number): RolloutPlan {
  if (config.rolling) {
    const r = config.rolling;
    return {
      kind: 'rolling',
      steps: ramp(shareOf(r.maximumBatchSize, capacity), r.waitIntervalInSeconds),
      terminationWaitSeconds: 0,
      timeoutSeconds: r.maximumExecutionTimeoutInSeconds,
      rollbackBatchShare: r.rollbackMaximumBatchSize ? shareOf(r.rollbackMaximumBatchSize, capacity) : 1,
    };
  }
  const bg = config.blueGreen;
  if (!bg) throw new Error('rolloutPlan needs a blue/green or rolling policy');
  const { type, waitIntervalInSeconds: bake } = bg.trafficRouting;
  const steps =
    type === 'CANARY' && bg.trafficRouting.canarySize
      ? [
          { greenShare: shareOf(bg.trafficRouting.canarySize, capacity), bakeSeconds: bake },
          { greenShare: 1, bakeSeconds: bake },
        ]
      : type === 'LINEAR' && bg.trafficRouting.linearStepSize
        ? ramp(shareOf(bg.trafficRouting.linearStepSize, capacity), bake)
        : [{ greenShare: 1, bakeSeconds: bake }];
  return {
    kind: 'blue-green',
    steps,
    terminationWaitSeconds: bg.terminationWaitInSeconds,
    timeoutSeconds: bg.maximumExecutionTimeoutInSeconds,
    rollbackBatchShare: 1,
  };
}

function ramp(step: number, bakeSeconds: number): RolloutStep[] {
  const steps: RolloutStep[] = [];
  const n = Math.ceil(1 / step - 1e-9);
  for (let i = 1; i <= n; i++) steps.push({ greenShare: i === n ? 1 : round(i * step), bakeSeconds });
  return steps;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
