import { deregisterTarget, describeTargets, registerTarget } from '../../../autoscaling/autoscaling-service.js';
import type { SuspendedState } from '../../../autoscaling/scaling-records.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { epochSeconds, type Input, optionalString, requiredString } from '../aws-input.js';
import { depsOf, keyOf, paged, stringList } from './autoscaling-input.js';

/** RegisterScalableTarget: registers or updates; answers the target's ARN. */
export async function registerScalableTarget(input: Input, context: ServerContext) {
  const target = await registerTarget(depsOf(context), {
    ...keyOf(input),
    ...capacity(input, 'MinCapacity'),
    ...capacity(input, 'MaxCapacity'),
    ...(optionalString(input, 'RoleARN') !== undefined && { roleArn: optionalString(input, 'RoleARN') }),
    ...(input.SuspendedState !== undefined && { suspended: suspendedOf(input.SuspendedState) }),
  });
  return { ScalableTargetARN: target.arn };
}

export async function describeScalableTargets(input: Input, context: ServerContext) {
  const targets = await describeTargets(depsOf(context), {
    serviceNamespace: requiredString(input, 'ServiceNamespace'),
    ...(stringList(input, 'ResourceIds') !== undefined && { resourceIds: stringList(input, 'ResourceIds') }),
    ...(optionalString(input, 'ScalableDimension') !== undefined && {
      scalableDimension: optionalString(input, 'ScalableDimension'),
    }),
  });
  const { items, nextToken } = paged(targets, (t) => `${t.resourceId} ${t.scalableDimension}`, input);
  return {
    ScalableTargets: items.map((t) => ({
      ServiceNamespace: t.serviceNamespace,
      ResourceId: t.resourceId,
      ScalableDimension: t.scalableDimension,
      MinCapacity: t.minCapacity,
      MaxCapacity: t.maxCapacity,
      RoleARN: t.roleArn,
      CreationTime: epochSeconds(t.createdAt),
      SuspendedState: {
        DynamicScalingInSuspended: t.suspended.dynamicScalingInSuspended,
        DynamicScalingOutSuspended: t.suspended.dynamicScalingOutSuspended,
        ScheduledScalingSuspended: t.suspended.scheduledScalingSuspended,
      },
      ScalableTargetARN: t.arn,
    })),
    ...(nextToken && { NextToken: nextToken }),
  };
}

export async function deregisterScalableTarget(input: Input, context: ServerContext) {
  await deregisterTarget(depsOf(context), keyOf(input));
  return {};
}

function capacity(input: Input, field: 'MinCapacity' | 'MaxCapacity'): Record<string, number> {
  const value = input[field];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${String(value)}' at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must be a non-negative integer`,
    );
  }
  return { [field === 'MinCapacity' ? 'minCapacity' : 'maxCapacity']: value };
}

function suspendedOf(value: unknown): Partial<SuspendedState> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AwsError('ValidationException', "'suspendedState' must be an object.");
  }
  const v = value as Record<string, unknown>;
  const flag = (field: string) => {
    if (v[field] === undefined) return undefined;
    if (typeof v[field] !== 'boolean')
      throw new AwsError('ValidationException', `'suspendedState.${field}' must be true or false.`);
    return v[field] as boolean;
  };
  const out: { -readonly [K in keyof SuspendedState]?: boolean } = {};
  const inSuspended = flag('DynamicScalingInSuspended');
  const outSuspended = flag('DynamicScalingOutSuspended');
  const scheduled = flag('ScheduledScalingSuspended');
  if (inSuspended !== undefined) out.dynamicScalingInSuspended = inSuspended;
  if (outSuspended !== undefined) out.dynamicScalingOutSuspended = outSuspended;
  if (scheduled !== undefined) out.scheduledScalingSuspended = scheduled;
  return out;
}
