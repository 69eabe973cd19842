import { GodwitError } from '../core/errors.js';
import type { TargetKey } from './scaling-records.js';

/** AWS's words for a target nobody registered (the door answers it as `ObjectNotFoundException`). */
export function targetNotFound(key: TargetKey): GodwitError {
  return new GodwitError(
    'E_SCALABLE_TARGET_NOT_FOUND',
    `No scalable target registered for service namespace: ${key.serviceNamespace}, resource ID: ${key.resourceId}, scalable dimension: ${key.scalableDimension}`,
    {
      hint: 'Register it first (RegisterScalableTarget, or: godwit endpoints autoscaling register ENDPOINT --variant V --min N --max M).',
    },
  );
}

export function policyNotFound(key: TargetKey, name: string): GodwitError {
  return new GodwitError(
    'E_SCALING_POLICY_NOT_FOUND',
    `No scaling policy found for service namespace: ${key.serviceNamespace}, resource ID: ${key.resourceId}, scalable dimension: ${key.scalableDimension}, policy name: ${name}`,
    { hint: 'List the policies with: godwit endpoints autoscaling describe ENDPOINT' },
  );
}

/** A field Application Auto Scaling refuses, in its words (`ValidationException` at the door). */
export function invalidScaling(message: string, hint?: string): GodwitError {
  return new GodwitError('E_AUTOSCALING_INVALID', message, hint === undefined ? {} : { hint });
}
