import { GodwitError } from '../core/errors.js';
import type { JobKind } from './job-records.js';

/** How SageMaker's messages and the CLI name each kind. */
const LABEL: Record<JobKind, string> = { training: 'Training job', processing: 'Processing job', transform: 'Transform job' };

/** An error about one job, carrying kind and name so the SageMaker door can name it by ARN. */
export class JobError extends GodwitError {
  constructor(
    code: 'E_JOB_EXISTS' | 'E_JOB_NOT_FOUND' | 'E_JOB_NOT_RUNNING',
    message: string,
    readonly kind: JobKind,
    readonly jobName: string,
    hint: string,
  ) {
    super(code, message, { hint });
  }
}

export function jobExists(kind: JobKind, name: string): JobError {
  return new JobError(
    'E_JOB_EXISTS',
    `${LABEL[kind]} "${name}" already exists.`,
    kind,
    name,
    'Job names are unique per kind and kept after the job ends: pick another name.',
  );
}

export function jobNotFound(kind: JobKind, name: string): JobError {
  return new JobError(
    'E_JOB_NOT_FOUND',
    `${LABEL[kind]} "${name}" does not exist.`,
    kind,
    name,
    `See the ${kind} jobs there are with List${LABEL[kind].replace(' job', '')}Jobs.`,
  );
}

export function jobNotRunning(kind: JobKind, name: string, status: string): JobError {
  return new JobError(
    'E_JOB_NOT_RUNNING',
    `${LABEL[kind]} "${name}" has already ended (status ${status}); only a job InProgress can be stopped.`,
    kind,
    name,
    'There is nothing to stop; describe the job to see how it ended.',
  );
}

/** A re-attached job whose run another Godwit process executes: this server cannot end it. */
export function jobRunElsewhere(kind: JobKind, name: string, runId: string): JobError {
  return new JobError(
    'E_JOB_NOT_RUNNING',
    `${LABEL[kind]} "${name}" runs in another Godwit process (run ${runId}); this server only watches it.`,
    kind,
    name,
    `Stop it from the server that started it, or stop the run there (godwit runs show ${runId} names its process).`,
  );
}
