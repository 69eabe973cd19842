import {
  deletePolicy,
  deregisterTarget,
  describeActivities,
  describePolicies,
  putPolicy,
  registerTarget,
} from '../../autoscaling/autoscaling-service.js';
import { policyConfigurationShape } from '../../autoscaling/policy-aws-shape.js';
import { variantOf } from '../../autoscaling/scalable-target-rules.js';
import type { PolicyConfiguration, ScalingPolicy } from '../../autoscaling/scaling-records.js';
import { GodwitError } from '../../core/errors.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { table } from '../format.js';
import type { TargetCall } from './endpoint-autoscaling.js';
import { integer } from './endpoint-flags.js';

/** `register ENDPOINT --min N --max N`. */
export async function register({ deps, key, values, io }: TargetCall): Promise<number> {
  const target = await registerTarget(deps, {
    ...key,
    ...(values.min !== undefined && { minCapacity: integer(values.min, '--min') }),
    ...(values.max !== undefined && { maxCapacity: integer(values.max, '--max') }),
  });
  if (values.json) json(io, target);
  else write(io.stdout, `Registered ${target.resourceId}: ${target.minCapacity} to ${target.maxCapacity} instances.`);
  return EXIT.ok;
}

export async function deregister({ deps, key, values, io }: TargetCall): Promise<number> {
  await deregisterTarget(deps, key);
  if (values.json) json(io, { deregistered: key.resourceId });
  else write(io.stdout, `Deregistered ${key.resourceId}, with its scaling policies and their alarms.`);
  return EXIT.ok;
}

/** `policy ENDPOINT --name P (--target N | --config FILE | --delete)`. */
export async function policy(
  { deps, key, values, io }: TargetCall,
  configuration: PolicyConfiguration | undefined,
): Promise<number> {
  const name = values.name;
  if (name === undefined) throw new UsageError('Name the policy with --name.');
  if (!configuration) {
    await deletePolicy(deps, key, name);
    if (values.json) json(io, { deleted: name });
    else write(io.stdout, `Deleted scaling policy "${name}" of ${key.resourceId}.`);
    return EXIT.ok;
  }
  const made = await putPolicy(deps, key, name, configuration);
  if (values.json) json(io, made);
  else {
    const alarms = made.alarms.map((a) => `  ${a.alarmName}`).join('\n');
    write(
      io.stdout,
      `Scaling policy "${name}" (${made.type}) on ${key.resourceId}: ${made.arn}${alarms ? `\nAlarms:\n${alarms}` : ''}`,
    );
  }
  return EXIT.ok;
}

/** `describe ENDPOINT`: the target, its policies, their alarms' states, the variant's count now. */
export async function describe({ deps, metadata, key, values, io }: TargetCall): Promise<number> {
  const target = await deps.autoscaling.getTarget(key);
  if (!target) {
    throw new GodwitError('E_SCALABLE_TARGET_NOT_FOUND', `${key.resourceId} is not registered for autoscaling.`, {
      hint: `Register it: godwit endpoints autoscaling register ${key.resourceId.split('/')[1]} --min 1 --max 4`,
    });
  }
  const policies = await describePolicies(deps, { serviceNamespace: key.serviceNamespace, resourceIds: [key.resourceId] });
  const alarmNames = policies.flatMap((p) => p.alarms.map((a) => a.alarmName));
  const states = alarmNames.length > 0 ? await metadata.alarms.states(alarmNames) : new Map();
  const count = (await variantOf(metadata.endpoints, key).catch(() => undefined))?.instanceCount;
  if (values.json) {
    json(io, {
      target,
      instanceCount: count ?? null,
      policies: policies.map((p) => ({ ...p, ...policyConfigurationShape(p) })),
      alarmStates: Object.fromEntries(states),
    });
    return EXIT.ok;
  }
  const lines = [`${target.resourceId}: ${count ?? '?'} instances now, ${target.minCapacity} to ${target.maxCapacity} allowed.`];
  if (policies.length === 0) lines.push('No scaling policies.');
  for (const p of policies) {
    lines.push(`Policy "${p.name}": ${summaryOf(p)}`);
    for (const a of p.alarms) lines.push(`  alarm ${a.alarmName}: ${states.get(a.alarmName) ?? '?'}`);
  }
  write(io.stdout, lines.join('\n'));
  return EXIT.ok;
}

/** `activities ENDPOINT`: newest first. */
export async function activities({ deps, key, values, io }: TargetCall): Promise<number> {
  const found = await describeActivities(deps, { serviceNamespace: key.serviceNamespace, resourceIds: [key.resourceId] });
  if (values.json) json(io, found);
  else if (found.length === 0) write(io.stdout, `No scaling activities for ${key.resourceId}.`);
  else {
    const rows = found.map((a) => [
      a.startTime.toISOString().slice(0, 19),
      a.statusCode,
      `${a.fromCapacity} → ${a.toCapacity}`,
      a.cause,
      a.statusMessage ?? '',
    ]);
    write(io.stdout, table(['START', 'STATUS', 'INSTANCES', 'CAUSE', 'MESSAGE'], rows));
  }
  return EXIT.ok;
}

function summaryOf(p: ScalingPolicy): string {
  if (p.type === 'TargetTrackingScaling') {
    const c = p.targetTracking;
    const metric = c.customMetric
      ? `${c.customMetric.namespace} ${c.customMetric.metricName} (${c.customMetric.statistic})`
      : c.predefinedMetric?.type;
    return `target tracking, ${metric} at ${c.targetValue}; cooldowns out ${c.scaleOutCooldown} s, in ${c.scaleInCooldown} s${c.disableScaleIn ? '; scale-in disabled' : ''}`;
  }
  const c = p.stepScaling;
  const steps = c.stepAdjustments.map(
    (s) => `[${s.lowerBound ?? '-∞'}, ${s.upperBound ?? '∞'}) ${s.scalingAdjustment >= 0 ? '+' : ''}${s.scalingAdjustment}`,
  );
  return `step scaling, ${c.adjustmentType} ${steps.join(' ')}; cooldown ${c.cooldown} s; ${c.metricAggregationType}`;
}
