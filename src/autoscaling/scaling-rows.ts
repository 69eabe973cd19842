import type { SqlRow, SqlValue } from '../db/sql-database.js';
import type { PolicyConfiguration, ScalableTarget, ScalingActivity, ScalingPolicy, TargetKey } from './scaling-records.js';

/** Row ↔ record for the autoscaling tables: JSON text for nested fields, ISO text for times. */
export const keyValues = (k: TargetKey): SqlValue[] => [k.serviceNamespace, k.resourceId, k.scalableDimension];
export const KEY_MATCH = 'service_namespace = ? AND resource_id = ? AND scalable_dimension = ?';

const keyOf = (r: SqlRow): TargetKey => ({
  serviceNamespace: r.service_namespace as string,
  resourceId: r.resource_id as string,
  scalableDimension: r.scalable_dimension as string,
});

export function toTarget(r: SqlRow): ScalableTarget {
  return {
    ...keyOf(r),
    arn: r.arn as string,
    minCapacity: Number(r.min_capacity),
    maxCapacity: Number(r.max_capacity),
    roleArn: r.role_arn as string,
    suspended: JSON.parse(r.suspended as string),
    createdAt: new Date(r.created_at as string),
  };
}

export function toPolicy(r: SqlRow): ScalingPolicy {
  const common = {
    ...keyOf(r),
    name: r.name as string,
    arn: r.arn as string,
    alarms: JSON.parse(r.alarms as string),
    createdAt: new Date(r.created_at as string),
  };
  const configuration = JSON.parse(r.configuration as string);
  return r.policy_type === 'StepScaling'
    ? { ...common, type: 'StepScaling', stepScaling: configuration }
    : { ...common, type: 'TargetTrackingScaling', targetTracking: configuration };
}

/** The policy's configuration, whichever type it is, as stored. */
export const configurationOf = (p: PolicyConfiguration) =>
  JSON.stringify(p.type === 'StepScaling' ? p.stepScaling : p.targetTracking);

export function toActivity(r: SqlRow): ScalingActivity {
  return {
    ...keyOf(r),
    activityId: r.activity_id as string,
    description: r.description as string,
    cause: r.cause as string,
    statusCode: r.status_code as ScalingActivity['statusCode'],
    ...(r.status_message != null && { statusMessage: r.status_message as string }),
    startTime: new Date(r.start_time as string),
    ...(r.end_time != null && { endTime: new Date(r.end_time as string) }),
    fromCapacity: Number(r.from_capacity),
    toCapacity: Number(r.to_capacity),
    ...(r.policy_name != null && { policyName: r.policy_name as string }),
  };
}

/** `AND column IN (?, ?, …)` for a list given, or nothing. */
export function inList(column: string, values: readonly string[] | undefined): { sql: string; params: SqlValue[] } {
  if (!values || values.length === 0) return { sql: '', params: [] };
  return { sql: ` AND ${column} IN (${values.map(() => '?').join(', ')})`, params: [...values] };
}
