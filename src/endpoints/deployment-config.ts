/**
 * SageMaker's `DeploymentConfig` (UpdateEndpoint, CreateEndpoint) as the endpoints capability
 * records it: how an update moves traffic from the old fleet (blue) to the new one (green), and
 * which alarms roll it back. Exactly one of `blueGreen` and `rolling` is set; without either,
 * UpdateEndpoint swaps configs in one step as before. The door maps SageMaker's JSON
 * (`BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Value`) to these fields one to
 * one, and DescribeEndpoint's `LastDeploymentConfig` maps them back.
 */
export interface CapacitySize {
  readonly type: 'INSTANCE_COUNT' | 'CAPACITY_PERCENT';
  readonly value: number;
}

export type TrafficRoutingType = 'ALL_AT_ONCE' | 'CANARY' | 'LINEAR';

export interface BlueGreenPolicy {
  readonly trafficRouting: {
    readonly type: TrafficRoutingType;
    /** The baking period after each shift, 0–3600 s. */
    readonly waitIntervalInSeconds: number;
    /** CANARY only: the first share of the new fleet to take traffic. */
    readonly canarySize?: CapacitySize;
    /** LINEAR only: each step's share of the new fleet. */
    readonly linearStepSize?: CapacitySize;
  };
  /** How long the old fleet is kept after the last shift, 0–3600 s (0 by default). */
  readonly terminationWaitInSeconds: number;
  /** The whole update's limit, 600–14400 s; past it the update rolls back. */
  readonly maximumExecutionTimeoutInSeconds?: number;
}

export interface RollingPolicy {
  readonly maximumBatchSize: CapacitySize;
  readonly waitIntervalInSeconds: number;
  readonly maximumExecutionTimeoutInSeconds?: number;
  /** The batch size used to bring the old fleet back on a rollback; all at once when absent. */
  readonly rollbackMaximumBatchSize?: CapacitySize;
}

export interface DeploymentConfig {
  readonly blueGreen?: BlueGreenPolicy;
  readonly rolling?: RollingPolicy;
  /** Up to 10 CloudWatch alarm names; any of them in ALARM during the update rolls it back. */
  readonly autoRollback?: { readonly alarms: readonly string[] };
}

/** Whether an update under this config is a guarded rollout rather than one swap. */
export function isGuarded(config: DeploymentConfig | undefined): config is DeploymentConfig {
  return config?.blueGreen !== undefined || config?.rolling !== undefined;
}
