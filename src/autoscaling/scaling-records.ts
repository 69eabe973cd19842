/**
 * Application Auto Scaling's model for a SageMaker variant's instance count (capability
 * `autoscaling`). A scalable target says which variant may scale and between which bounds
 * (`endpoint/<name>/variant/<variant>`, dimension `sagemaker:variant:DesiredInstanceCount`);
 * scaling policies say when and by how much (target tracking, step scaling); every change the
 * engine makes, or fails to make, is a scaling activity. Times are the injectable clock's.
 */
export const SAGEMAKER_SERVICE = 'sagemaker';
export const VARIANT_DIMENSION = 'sagemaker:variant:DesiredInstanceCount';

/** Names one scalable target: AWS's triple. */
export interface TargetKey {
  readonly serviceNamespace: string;
  readonly resourceId: string;
  readonly scalableDimension: string;
}

/** AWS's `SuspendedState`: a suspended kind of scaling is not performed (activities are not even attempted). */
export interface SuspendedState {
  readonly dynamicScalingInSuspended: boolean;
  readonly dynamicScalingOutSuspended: boolean;
  readonly scheduledScalingSuspended: boolean;
}

export interface ScalableTarget extends TargetKey {
  readonly arn: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly roleArn: string;
  readonly suspended: SuspendedState;
  readonly createdAt: Date;
}

/** CloudWatch's metric as a customized target-tracking metric names it. */
export interface CustomMetric {
  readonly metricName: string;
  readonly namespace: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** `Average`, `Minimum`, `Maximum`, `SampleCount` or `Sum`. */
  readonly statistic: string;
  readonly unit?: string;
}

export interface TargetTrackingConfig {
  readonly targetValue: number;
  /** `SageMakerVariantInvocationsPerInstance` (the one predefined metric a SageMaker variant has), or a custom metric. */
  readonly predefinedMetric?: { readonly type: string; readonly resourceLabel?: string };
  readonly customMetric?: CustomMetric;
  /** Seconds; AWS's default for SageMaker variants is 300 each. */
  readonly scaleOutCooldown: number;
  readonly scaleInCooldown: number;
  readonly disableScaleIn: boolean;
}

export type AdjustmentType = 'ChangeInCapacity' | 'PercentChangeInCapacity' | 'ExactCapacity';

/** One step: the breach (metric − alarm threshold) in [lower, upper) adds `scalingAdjustment`. */
export interface StepAdjustment {
  /** Absent: minus infinity. */
  readonly lowerBound?: number;
  /** Absent: plus infinity. */
  readonly upperBound?: number;
  readonly scalingAdjustment: number;
}

export interface StepScalingConfig {
  readonly adjustmentType: AdjustmentType;
  readonly stepAdjustments: readonly StepAdjustment[];
  /** PercentChangeInCapacity only: change at least this many instances. */
  readonly minAdjustmentMagnitude?: number;
  /** Seconds. */
  readonly cooldown: number;
  readonly metricAggregationType: 'Average' | 'Minimum' | 'Maximum';
}

export type PolicyType = 'TargetTrackingScaling' | 'StepScaling';

/** An alarm a policy created (target tracking) or that names it (step scaling, listed when described). */
export interface PolicyAlarm {
  readonly alarmName: string;
  readonly alarmArn: string;
}

/** What a policy does: its type and that type's configuration. */
export type PolicyConfiguration =
  | { readonly type: 'TargetTrackingScaling'; readonly targetTracking: TargetTrackingConfig }
  | { readonly type: 'StepScaling'; readonly stepScaling: StepScalingConfig };

export type ScalingPolicy = TargetKey & {
  readonly name: string;
  readonly arn: string;
  readonly createdAt: Date;
  /** Target tracking: the alarms derived for it (high, then low unless scale-in is disabled). */
  readonly alarms: readonly PolicyAlarm[];
} & PolicyConfiguration;

/** A policy to record: its ARN is made by the caller (alarms name it before the policy is stored). */
export type NewPolicy = TargetKey & {
  readonly name: string;
  readonly arn: string;
  readonly alarms: readonly PolicyAlarm[];
} & PolicyConfiguration;

export type ActivityStatus = 'Pending' | 'InProgress' | 'Successful' | 'Overridden' | 'Unfulfilled' | 'Failed';

export interface ScalingActivity extends TargetKey {
  readonly activityId: string;
  /** "Setting desired instance count to 3." */
  readonly description: string;
  /** "monitor alarm … in state ALARM triggered policy …" or "minimum capacity was set to 2". */
  readonly cause: string;
  readonly statusCode: ActivityStatus;
  readonly statusMessage?: string;
  readonly startTime: Date;
  readonly endTime?: Date;
  /** Capacity before and after: the engine reads cooldowns from the newest activities of each direction. */
  readonly fromCapacity: number;
  readonly toCapacity: number;
  /** The policy that scaled, when one did. */
  readonly policyName?: string;
}

export interface TargetFilter {
  readonly serviceNamespace: string;
  readonly resourceIds?: readonly string[];
  readonly scalableDimension?: string;
}

export interface PolicyFilter extends TargetFilter {
  readonly policyNames?: readonly string[];
}

/**
 * The `autoscaling` capability's records. `putTarget` registers or updates (the ARN and creation
 * time of an existing target are kept); `deleteTarget` removes the target with its policies and
 * returns those policies (whose alarms the caller deletes). `putPolicy` creates or replaces by
 * (target, name), keeping an existing policy's creation time. A missing target or policy is
 * `E_SCALABLE_TARGET_NOT_FOUND` / `E_SCALING_POLICY_NOT_FOUND`. Activities are newest first;
 * `startActivity` and `finishActivity` publish "Application Auto Scaling Scaling Activity State
 * Change" on the event outbox in the same transaction.
 */
export interface AutoscalingCatalog {
  putTarget(target: Omit<ScalableTarget, 'arn' | 'createdAt'>): Promise<{ target: ScalableTarget; created: boolean }>;
  getTarget(key: TargetKey): Promise<ScalableTarget | undefined>;
  listTargets(filter: TargetFilter): Promise<ScalableTarget[]>;
  deleteTarget(key: TargetKey): Promise<ScalingPolicy[]>;

  putPolicy(policy: NewPolicy): Promise<ScalingPolicy>;
  getPolicy(key: TargetKey, name: string): Promise<ScalingPolicy | undefined>;
  listPolicies(filter: PolicyFilter): Promise<ScalingPolicy[]>;
  deletePolicy(key: TargetKey, name: string): Promise<ScalingPolicy>;

  startActivity(activity: Omit<ScalingActivity, 'activityId' | 'startTime'>): Promise<ScalingActivity>;
  finishActivity(activityId: string, status: ActivityStatus, statusMessage?: string): Promise<ScalingActivity>;
  listActivities(filter: TargetFilter & { readonly statusCodes?: readonly ActivityStatus[] }): Promise<ScalingActivity[]>;
}

/** `endpoint/<name>/variant/<variant>`. */
export const variantResourceId = (endpoint: string, variant: string) => `endpoint/${endpoint}/variant/${variant}`;

/** The endpoint and variant a SageMaker resource id names, or undefined when it is not one. */
export function parseVariantResourceId(resourceId: string): { endpoint: string; variant: string } | undefined {
  const m = /^endpoint\/([^/]+)\/variant\/([^/]+)$/.exec(resourceId);
  return m ? { endpoint: m[1], variant: m[2] } : undefined;
}

export const variantTarget = (endpoint: string, variant: string): TargetKey => ({
  serviceNamespace: SAGEMAKER_SERVICE,
  resourceId: variantResourceId(endpoint, variant),
  scalableDimension: VARIANT_DIMENSION,
});
