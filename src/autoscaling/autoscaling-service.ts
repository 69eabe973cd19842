import { randomUUID } from 'node:crypto';
import type { AlarmService } from '../alarms/alarm-records.js';
import { arn, DEFAULT_REGION } from '../core/arns.js';
import type { Clock } from '../core/clock.js';
import type { EndpointCatalog } from '../endpoints/endpoint-records.js';
import { invalidScaling, targetNotFound } from './autoscaling-errors.js';
import { checkTargetKey, lowestCapacity, variantOf } from './scalable-target-rules.js';
import { scaleTo } from './scale-variant.js';
import type {
  AutoscalingCatalog,
  PolicyAlarm,
  PolicyConfiguration,
  PolicyFilter,
  ScalableTarget,
  ScalingPolicy,
  SuspendedState,
  TargetFilter,
  TargetKey,
} from './scaling-records.js';
import { derivedAlarms } from './target-tracking.js';

/** What the autoscaling library works with: its own records, the endpoints it scales, the alarms its policies use. */
export interface AutoscalingDeps {
  readonly autoscaling: AutoscalingCatalog;
  readonly endpoints: EndpointCatalog;
  readonly alarms: AlarmService;
  readonly clock: Clock;
}

/** The service-linked role AWS uses when RegisterScalableTarget names none. */
export const SERVICE_LINKED_ROLE = arn(
  'iam',
  '',
  'role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
);

const NOT_SUSPENDED: SuspendedState = {
  dynamicScalingInSuspended: false,
  dynamicScalingOutSuspended: false,
  scheduledScalingSuspended: false,
};

export interface Registration extends TargetKey {
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
  readonly roleArn?: string;
  readonly suspended?: Partial<SuspendedState>;
}

/**
 * RegisterScalableTarget: registers a variant (which must exist) or updates a registered one;
 * min and max are required the first time. A variant whose count lies outside the new bounds is
 * scaled into them at once, as AWS does ("minimum capacity was set to 2").
 */
export async function registerTarget(deps: AutoscalingDeps, input: Registration): Promise<ScalableTarget> {
  checkTargetKey(input);
  const before = await deps.autoscaling.getTarget(input);
  const minCapacity = input.minCapacity ?? before?.minCapacity;
  const maxCapacity = input.maxCapacity ?? before?.maxCapacity;
  if (minCapacity === undefined || maxCapacity === undefined) {
    throw invalidScaling('MinCapacity and MaxCapacity are required to register a new scalable target.');
  }
  const floor = await lowestCapacity(deps.endpoints, input);
  if (minCapacity < floor) {
    throw invalidScaling(
      `MinCapacity ${minCapacity} must be at least 1 for a SageMaker variant.`,
      'Only an asynchronous endpoint (AsyncInferenceConfig) can scale to 0 instances: its requests wait in its queue.',
    );
  }
  if (maxCapacity < minCapacity) {
    throw invalidScaling(`Maximum capacity ${maxCapacity} cannot be less than minimum capacity ${minCapacity}.`);
  }
  const current = await variantOf(deps.endpoints, input);
  const { target } = await deps.autoscaling.putTarget({
    serviceNamespace: input.serviceNamespace,
    resourceId: input.resourceId,
    scalableDimension: input.scalableDimension,
    minCapacity,
    maxCapacity,
    roleArn: input.roleArn ?? before?.roleArn ?? SERVICE_LINKED_ROLE,
    suspended: { ...(before?.suspended ?? NOT_SUSPENDED), ...input.suspended },
  });
  if (current.instanceCount < minCapacity) {
    await scaleTo(deps, target, minCapacity, `minimum capacity was set to ${minCapacity}`);
  } else if (current.instanceCount > maxCapacity) {
    await scaleTo(deps, target, maxCapacity, `maximum capacity was set to ${maxCapacity}`);
  }
  return target;
}

/** DeregisterScalableTarget: the target goes, with its policies and the alarms they made. */
export async function deregisterTarget(deps: AutoscalingDeps, key: TargetKey): Promise<void> {
  const policies = await deps.autoscaling.deleteTarget(key);
  await deps.alarms.delete(policies.flatMap((p) => p.alarms.map((a) => a.alarmName)));
}

/** The policy's ARN: `arn:aws:autoscaling:…:scalingPolicy:<uuid>:resource/sagemaker/<resource id>:policyName/<name>`. */
export function policyArn(key: TargetKey, name: string, id = randomUUID()): string {
  return arn(
    'autoscaling',
    DEFAULT_REGION,
    `scalingPolicy:${id}:resource/${key.serviceNamespace}/${key.resourceId}:policyName/${name}`,
  );
}

/**
 * PutScalingPolicy: creates or replaces a policy on a registered target (its ARN is kept on
 * replace). A target-tracking policy gets the alarms AWS derives, made through the alarm service
 * (so DescribeAlarms lists them) with the policy's ARN as their action; a replaced policy's alarms
 * keep their names, and those it no longer needs (scale-in disabled) are deleted.
 */
export async function putPolicy(
  deps: AutoscalingDeps,
  key: TargetKey,
  name: string,
  configuration: PolicyConfiguration,
): Promise<ScalingPolicy> {
  checkTargetKey(key);
  checkPolicyName(name);
  if (!(await deps.autoscaling.getTarget(key))) throw targetNotFound(key);
  const before = await deps.autoscaling.getPolicy(key, name);
  const policyArnValue = before?.arn ?? policyArn(key, name);
  const alarms: PolicyAlarm[] = [];
  if (configuration.type === 'TargetTrackingScaling') {
    const ids = {
      high: suffixOf(before?.alarms, 'AlarmHigh') ?? randomUUID(),
      low: suffixOf(before?.alarms, 'AlarmLow') ?? randomUUID(),
    };
    for (const definition of derivedAlarms(key, policyArnValue, configuration.targetTracking, ids)) {
      const record = await deps.alarms.put(definition);
      alarms.push({ alarmName: record.name, alarmArn: record.arn });
    }
  }
  const stale = (before?.alarms ?? []).filter((a) => !alarms.some((b) => b.alarmName === a.alarmName));
  if (stale.length > 0) await deps.alarms.delete(stale.map((a) => a.alarmName));
  return deps.autoscaling.putPolicy({ ...key, name, arn: policyArnValue, alarms, ...configuration });
}

/** DeleteScalingPolicy: the policy and the alarms it made (a step policy's alarms are the user's and stay). */
export async function deletePolicy(deps: AutoscalingDeps, key: TargetKey, name: string): Promise<void> {
  const removed = await deps.autoscaling.deletePolicy(key, name);
  if (removed.alarms.length > 0) await deps.alarms.delete(removed.alarms.map((a) => a.alarmName));
}

/**
 * DescribeScalingPolicies: a target-tracking policy lists the alarms it made, a step policy the
 * alarms whose actions name it.
 */
export async function describePolicies(deps: AutoscalingDeps, filter: PolicyFilter): Promise<ScalingPolicy[]> {
  const policies = await deps.autoscaling.listPolicies(filter);
  return Promise.all(
    policies.map(async (p) => {
      if (p.type !== 'StepScaling') return p;
      const users = await deps.alarms.list({ actionPrefix: p.arn });
      return { ...p, alarms: users.map((a) => ({ alarmName: a.name, alarmArn: a.arn })) };
    }),
  );
}

export const describeTargets = (deps: Pick<AutoscalingDeps, 'autoscaling'>, filter: TargetFilter) =>
  deps.autoscaling.listTargets(filter);

export const describeActivities = (deps: Pick<AutoscalingDeps, 'autoscaling'>, filter: TargetFilter) =>
  deps.autoscaling.listActivities(filter);

function checkPolicyName(name: string): void {
  if (
    name.length < 1 ||
    name.length > 256 ||
    !/^[\u0020-\uD7FF\uE000-\uFFFD]+$/.test(name) ||
    name.includes(':') ||
    name.includes('/')
  ) {
    throw invalidScaling(
      `1 validation error detected: Value '${name}' at 'policyName' failed to satisfy constraint: Member must have length between 1 and 256 and contain no ':' or '/'`,
    );
  }
}

/** The UUID at the end of a derived alarm's name (`…-AlarmHigh-<uuid>`), to keep names across replaces. */
function suffixOf(alarms: readonly PolicyAlarm[] | undefined, kind: string): string | undefined {
  const found = alarms?.find((a) => a.alarmName.includes(`-${kind}-`));
  return found?.alarmName.slice(found.alarmName.lastIndexOf(`-${kind}-`) + kind.length + 2);
}
