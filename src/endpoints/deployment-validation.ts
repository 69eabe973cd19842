import type { AlarmService } from '../alarms/alarm-records.js';
import type { CapacitySize, DeploymentConfig } from './deployment-config.js';
import type { VariantSpec } from './endpoint-records.js';
import { Problems } from './endpoint-validation.js';

const BG = 'deploymentConfig.blueGreenUpdatePolicy';
const ROLLING = 'deploymentConfig.rollingUpdatePolicy';
const ROUTING = `${BG}.trafficRoutingConfiguration`;

/**
 * SageMaker's rules for a `DeploymentConfig`, in its words and field paths, all problems at once
 * (`E_ENDPOINT_VALIDATION` → `ValidationException`): bounds of every interval and timeout, one
 * update policy, the size each traffic routing type needs, 1–10 rollback alarms. `greenVariants`
 * is the new config's production variants: a canary is at most 50 % of the new fleet's capacity,
 * a linear step 10–50 %, a rolling batch at most 50 %. Alarms are checked separately
 * (`checkRollbackAlarms`), since that needs the alarms capability.
 */
export function checkDeploymentConfig(config: DeploymentConfig, greenVariants: readonly VariantSpec[]): void {
  const p = new Problems();
  const capacity = fleetCapacity(greenVariants);
  if (config.blueGreen && config.rolling)
    p.say('Only one update policy may be given: BlueGreenUpdatePolicy or RollingUpdatePolicy.');
  if (!config.blueGreen && !config.rolling) p.say('DeploymentConfig needs a BlueGreenUpdatePolicy or a RollingUpdatePolicy.');
  const bg = config.blueGreen;
  if (bg) {
    const routing = bg.trafficRouting;
    within(p, `${ROUTING}.waitIntervalInSeconds`, routing.waitIntervalInSeconds, 0, 3600);
    within(p, `${BG}.terminationWaitInSeconds`, bg.terminationWaitInSeconds, 0, 3600);
    if (bg.maximumExecutionTimeoutInSeconds !== undefined)
      within(p, `${BG}.maximumExecutionTimeoutInSeconds`, bg.maximumExecutionTimeoutInSeconds, 600, 14400);
    if (!['ALL_AT_ONCE', 'CANARY', 'LINEAR'].includes(routing.type))
      p.value(`${ROUTING}.type`, routing.type, 'Member must satisfy enum value set: [ALL_AT_ONCE, CANARY, LINEAR]');
    if (routing.type === 'CANARY') size(p, `${ROUTING}.canarySize`, 'CanarySize', routing.canarySize, capacity, 0, 50);
    if (routing.type === 'LINEAR')
      size(p, `${ROUTING}.linearStepSize`, 'LinearStepSize', routing.linearStepSize, capacity, 10, 50);
  }
  const rolling = config.rolling;
  if (rolling) {
    within(p, `${ROLLING}.waitIntervalInSeconds`, rolling.waitIntervalInSeconds, 0, 3600);
    if (rolling.maximumExecutionTimeoutInSeconds !== undefined)
      within(p, `${ROLLING}.maximumExecutionTimeoutInSeconds`, rolling.maximumExecutionTimeoutInSeconds, 600, 28800);
    size(p, `${ROLLING}.maximumBatchSize`, 'MaximumBatchSize', rolling.maximumBatchSize, capacity, 0, 50);
    if (rolling.rollbackMaximumBatchSize)
      size(
        p,
        `${ROLLING}.rollbackMaximumBatchSize`,
        'RollbackMaximumBatchSize',
        rolling.rollbackMaximumBatchSize,
        capacity,
        0,
        100,
      );
  }
  if (config.autoRollback) p.count('deploymentConfig.autoRollbackConfiguration.alarms', config.autoRollback.alarms, 1, 10);
  p.throwIfAny('See docs/deployment.md for the fields of a DeploymentConfig and their bounds.');
}

/** Every rollback alarm must exist when the update is asked for, as SageMaker checks with DescribeAlarms. */
export async function checkRollbackAlarms(
  config: DeploymentConfig,
  alarms: Pick<AlarmService, 'get'> | undefined,
): Promise<void> {
  const names = config.autoRollback?.alarms ?? [];
  const p = new Problems();
  for (const [i, name] of names.entries()) {
    const found = alarms ? await alarms.get(name) : undefined;
    if (!found)
      p.value(
        `deploymentConfig.autoRollbackConfiguration.alarms.${i + 1}.member.alarmName`,
        name,
        'The CloudWatch alarm does not exist',
      );
  }
  p.throwIfAny('Create the alarm first (PutMetricAlarm, or godwit alarm create), then update the endpoint.');
}

/** The new fleet's capacity: its production variants' instance counts together. */
export function fleetCapacity(variants: readonly VariantSpec[]): number {
  return variants.reduce((sum, v) => sum + (v.serverless ? 1 : v.initialInstanceCount), 0);
}

/** The share (0–1] of the new fleet, and of traffic, that a capacity size stands for. */
export function shareOf(size: CapacitySize, capacity: number): number {
  const share = size.type === 'CAPACITY_PERCENT' ? size.value / 100 : size.value / Math.max(1, capacity);
  return Math.min(1, share);
}

function within(p: Problems, path: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min) p.value(path, value, `Member must have value greater than or equal to ${min}`);
  else if (value > max) p.value(path, value, `Member must have value less than or equal to ${max}`);
}

function size(
  p: Problems,
  path: string,
  field: string,
  s: CapacitySize | undefined,
  capacity: number,
  minPercent: number,
  maxPercent: number,
): void {
  if (!s) {
    p.say(`${field} is required for this update policy (${path}).`);
    return;
  }
  if (s.type !== 'INSTANCE_COUNT' && s.type !== 'CAPACITY_PERCENT') {
    p.value(`${path}.type`, s.type, 'Member must satisfy enum value set: [INSTANCE_COUNT, CAPACITY_PERCENT]');
    return;
  }
  if (!Number.isInteger(s.value) || s.value < 1) {
    p.value(`${path}.value`, s.value, 'Member must have value greater than or equal to 1');
    return;
  }
  const percent = s.type === 'CAPACITY_PERCENT' ? s.value : (100 * s.value) / Math.max(1, capacity);
  if (percent > maxPercent || percent < minPercent) {
    const given = s.type === 'CAPACITY_PERCENT' ? `${s.value}%` : `${s.value} instance(s)`;
    p.say(
      `${field} ${given} at '${path}' must be ${minPercent > 0 ? `${minPercent}% to ` : 'at most '}${maxPercent}% of the new fleet's capacity of ${capacity} instance(s).`,
    );
  }
}
