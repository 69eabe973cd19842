import { GodwitError } from '../core/errors.js';
import type { ExperimentRecord } from './experiment-records.js';

/**
 * The errors of the experiments capability. Each names the experiment so a front door can restate
 * it (the SageMaker door answers `ResourceNotFound`, `ConflictException`, `ResourceInUse` and
 * `ValidationException` as SageMaker does); messages use SageMaker's wording where it has one.
 */
export function experimentExists(name: string): GodwitError {
  return new GodwitError('E_EXPERIMENT_EXISTS', `Cannot create already existing inference experiment "${name}".`, {
    hint: 'Pick another name, or delete the finished experiment first: godwit endpoints shadow delete NAME.',
  });
}

export function experimentNotFound(name: string): GodwitError {
  return new GodwitError('E_EXPERIMENT_NOT_FOUND', `Could not find inference experiment "${name}".`, {
    hint: 'See the experiments there are with: godwit endpoints shadow list',
  });
}

/** A call the experiment's status does not allow (SageMaker's ConflictException). */
export function wrongState(
  e: Pick<ExperimentRecord, 'name' | 'status'>,
  action: string,
  allowed: readonly string[],
): GodwitError {
  return new GodwitError(
    'E_EXPERIMENT_STATE',
    `Cannot ${action} inference experiment "${e.name}" in status ${e.status}; it must be ${allowed.join(' or ')}.`,
    { hint: `See where it is with: godwit endpoints shadow describe ${e.name}` },
  );
}

export function overlapping(endpoint: string, other: Pick<ExperimentRecord, 'name' | 'startTime' | 'endTime'>): GodwitError {
  return new GodwitError(
    'E_EXPERIMENT_OVERLAP',
    `Endpoint "${endpoint}" already has inference experiment "${other.name}" scheduled from ${other.startTime.toISOString()} to ${other.endTime.toISOString()}; an endpoint runs one experiment at a time.`,
    { hint: `Schedule this one after it ends, or stop it first: godwit endpoints shadow stop ${other.name}` },
  );
}

/** SageMaker's field-rule wording, every problem at once. */
export function invalid(problems: readonly string[], hint: string): GodwitError {
  const n = problems.length;
  return new GodwitError(
    'E_EXPERIMENT_VALIDATION',
    `${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`,
    {
      hint,
    },
  );
}
