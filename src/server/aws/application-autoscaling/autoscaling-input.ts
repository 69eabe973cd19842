import type { AutoscalingDeps } from '../../../autoscaling/autoscaling-service.js';
import type { TargetKey } from '../../../autoscaling/scaling-records.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { type Input, optionalString, requiredString } from '../aws-input.js';
import { page } from '../pagination.js';

/** The target triple every action names. */
export function keyOf(input: Input): TargetKey {
  return {
    serviceNamespace: requiredString(input, 'ServiceNamespace'),
    resourceId: requiredString(input, 'ResourceId'),
    scalableDimension: requiredString(input, 'ScalableDimension'),
  };
}

/** The library's dependencies from the server's services: the catalog that wakes the endpoint host, the server's clock. */
export function depsOf(context: ServerContext): AutoscalingDeps {
  const { metadata } = context.services;
  return { autoscaling: metadata.autoscaling, endpoints: metadata.endpoints, alarms: metadata.alarms, clock: context.clock };
}

/** `MaxResults` (1–50, default 50) and `NextToken` paging; a token Godwit did not write is InvalidNextTokenException. */
export function paged<T>(items: readonly T[], keyOfItem: (item: T) => string, input: Input): { items: T[]; nextToken?: string } {
  const max = input.MaxResults;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 50)) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${String(max)}' at 'maxResults' failed to satisfy constraint: Member must be an integer from 1 to 50`,
    );
  }
  try {
    return page(items, keyOfItem, optionalString(input, 'NextToken'), (max as number | undefined) ?? 50);
  } catch (err) {
    if (err instanceof AwsError) throw new AwsError('InvalidNextTokenException', 'The NextToken is not valid for this request.');
    throw err;
  }
}

/** An optional list of strings (`ResourceIds`, `PolicyNames`). */
export function stringList(input: Input, field: string): string[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must be a list of strings`,
    );
  }
  return value as string[];
}
