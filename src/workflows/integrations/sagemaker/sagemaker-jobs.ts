import { jobArn } from '../../../core/arns.js';
import type { Clock } from '../../../core/clock.js';
import { JobError } from '../../../jobs/job-errors.js';
import type { JobKind, JobRecord, JobTag } from '../../../jobs/job-records.js';
import type { JobService } from '../../../jobs/job-service.js';
import { loadJobKind } from '../../../jobs/load-job-kind.js';
import type { Json } from '../../asl/asl-types.js';
import { StatesError } from '../../asl/states-error.js';
import type { TaskCall } from '../../engine/task-integration.js';
import type { ServiceAction } from '../service-integration.js';
import { parametersObject } from '../task-input.js';
import { waitForEnd } from '../wait-for-end.js';
import { inStatesTerms, type TaskRoles } from './sagemaker-api.js';

/** The tag a job created by a Task carries: the call's idempotency token, so a repeated call finds its job. */
export const TASK_TOKEN_TAG = 'godwit:workflow-task';

const ENDED = new Set(['Completed', 'Failed', 'Stopped']);

export interface JobTaskDeps {
  readonly jobs: JobService;
  readonly clock: Clock;
  readonly region: string;
  /** The execution's role as a principal, and its IAM check; absent, jobs are the local user's. */
  readonly roles?: TaskRoles;
}

/**
 * `createTrainingJob`, `createProcessingJob`, `createTransformJob` (and `.sync`): the request goes
 * to the job service as the SageMaker door's Create…Job sends it (the kind's validate, check and
 * plan), tagged with the call's idempotency token. Request-response answers `{ <Kind>JobArn }`;
 * `.sync` waits for the end and answers Describe…Job's response, or fails `States.TaskFailed`
 * with that response as the cause when the job failed or was stopped. Exactly once: a repeated
 * call whose job exists with the same token re-attaches to it.
 */
export function jobAction(kind: JobKind, deps: JobTaskDeps): ServiceAction {
  return {
    suffixes: ['', '.sync'],
    delivery: 'exactly-once',
    async invoke(call) {
      const spec = await loadJobKind(kind);
      const job = await inStatesTerms(() => createOrAttach(kind, call, deps));
      if (call.pattern !== 'sync') return { [spec.fields.arn]: jobArn(deps.region, kind, job.name) };
      const stop = () => deps.jobs.stop(kind, job.name).catch(() => {});
      const ended = ENDED.has(job.status) ? job : await waitForEnd(deps.jobs.waitFor(kind, job.name), call, deps.clock, stop);
      const described = spec.describe(ended, deps.region) as Json;
      if (ended.status === 'Completed') return described;
      throw new StatesError('States.TaskFailed', JSON.stringify(described));
    },
  };
}

async function createOrAttach(kind: JobKind, call: TaskCall, deps: JobTaskDeps): Promise<JobRecord> {
  const spec = await loadJobKind(kind);
  const request = parametersObject(call);
  const tags: JobTag[] = [
    ...tagsOf(request.Tags).filter((t) => t.key !== TASK_TOKEN_TAG),
    { key: TASK_TOKEN_TAG, value: call.idempotencyToken },
  ];
  // As AWS runs the job as the execution's role: its IAM right to create the job, then the job acts as it.
  const caller = await deps.roles?.callerOf(call.roleArn);
  if (caller) await deps.roles?.authorize(caller, `sagemaker:Create${spec.fields.arn.replace(/Arn$/, '')}`, request);
  try {
    return await deps.jobs.create(kind, request, tags, caller);
  } catch (err) {
    if (!(err instanceof JobError && err.code === 'E_JOB_EXISTS')) throw err;
    const existing = await deps.jobs.get(kind, String(request[spec.fields.name]));
    if (existing.tags.some((t) => t.key === TASK_TOKEN_TAG && t.value === call.idempotencyToken)) return existing;
    throw Object.assign(new Error(`${err.message} (started by another task or client)`), { type: 'ResourceInUse' });
  }
}

function tagsOf(value: Json | undefined): JobTag[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((t) =>
    t && typeof t === 'object' && !Array.isArray(t) && typeof t.Key === 'string'
      ? [{ key: t.Key, value: typeof t.Value === 'string' ? t.Value : '' }]
      : [],
  );
}
