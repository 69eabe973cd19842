import { asOwnGodwitError } from '../../../core/errors.js';
import { TargetFailure } from '../target-invoker.js';

const INVALID = new Set([
  'E_WORKFLOW_INPUT',
  'E_WORKFLOW_EXISTS',
  'E_VALIDATION',
  'E_WORKFLOW_RESOURCE_UNMAPPED',
  'E_ASL_INVALID',
]);

/**
 * A service's error as a delivery failure: a resource that is not there (`…_NOT_FOUND`) is
 * `NO_RESOURCE` and input the service refuses is `INVALID_PARAMETER`, neither worth retrying
 * (EventBridge sends those to the dead-letter queue at once); anything else may pass and is retried.
 */
export function asTargetFailure(err: unknown): TargetFailure {
  if (err instanceof TargetFailure) return err;
  const g = asOwnGodwitError(err);
  // The target's role lacks the right (EventBridge's NO_PERMISSIONS): retrying does not give it one.
  if (g?.code === 'E_ACCESS_DENIED') return new TargetFailure('NO_PERMISSIONS', g.message, { retriable: false, cause: err });
  if (g?.code.endsWith('_NOT_FOUND')) return new TargetFailure('NO_RESOURCE', g.message, { retriable: false, cause: err });
  if (g && INVALID.has(g.code)) return new TargetFailure('INVALID_PARAMETER', g.message, { retriable: false, cause: err });
  return new TargetFailure('TARGET_ERROR', (err as Error)?.message ?? String(err), { retriable: true, cause: err });
}
