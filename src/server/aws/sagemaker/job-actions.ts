import { jobArn } from '../../../core/arns.js';
import { JobError } from '../../../jobs/job-errors.js';
import type { JobKind, JobQuery, JobRecord, JobStatus } from '../../../jobs/job-records.js';
import { loadJobKind } from '../../../jobs/load-job-kind.js';
import type { ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { type Input, optionalEnum, optionalString, optionalTime, requiredString } from '../aws-input.js';
import { tags } from './hosting-input.js';
import { sortedPage } from './list-request.js';

/** `Training`, `Processing`, `Transform`: how SageMaker's action and field names spell each kind. */
const TITLE: Record<JobKind, string> = { training: 'Training', processing: 'Processing', transform: 'Transform' };
const STATUSES: readonly JobStatus[] = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'];

type Action = (input: Input, context: ServerContext, req: ServerRequest) => Promise<unknown>;

/**
 * Create/Describe/Stop/List for every kind of job: the same mapping onto the job service, with
 * the kind's spec (`JOB_KINDS`) shaping what is kind-specific: its request checks, its Describe
 * response and its list summaries. A name in use is SageMaker's `ResourceInUse`; an unknown job
 * `ResourceNotFound`; stopping one that has ended a `ValidationException`.
 */
export function createJobAction(kind: JobKind): Action {
  return async (input, { jobs }, req) => {
    const spec = await loadJobKind(kind);
    const given = tags(input).map((t) => ({ key: t.Key, value: t.Value }));
    // A principal's job runs as it (its run's startedBy); the local user's is unchanged.
    const caller = req.caller?.kind === 'principal' ? req.caller : undefined;
    const job = await inJobTerms(req.region, () => jobs.create(kind, input, given, caller));
    return { [spec.fields.arn]: jobArn(req.region, kind, job.name) };
  };
}

export function describeJobAction(kind: JobKind): Action {
  return async (input, { jobs }, req) => {
    const spec = await loadJobKind(kind);
    const job = await inJobTerms(req.region, () => jobs.get(kind, requiredString(input, spec.fields.name)));
    return spec.describe(job, req.region);
  };
}

export function stopJobAction(kind: JobKind): Action {
  return async (input, { jobs }, req) => {
    const spec = await loadJobKind(kind);
    await inJobTerms(req.region, () => jobs.stop(kind, requiredString(input, spec.fields.name)));
    return {};
  };
}

/**
 * `List…Jobs`: NameContains, StatusEquals, creation and modification times filtered by the jobs
 * catalog's query (in SQL), then SortBy Name|CreationTime|Status and paging.
 */
export function listJobsAction(kind: JobKind): Action {
  return async (input, { jobs }, req) => {
    const spec = await loadJobKind(kind);
    const query: JobQuery = {
      nameContains: optionalString(input, 'NameContains'),
      statusEquals: optionalEnum(input, 'StatusEquals', STATUSES),
      createdAfter: optionalTime(input, 'CreationTimeAfter'),
      createdBefore: optionalTime(input, 'CreationTimeBefore'),
      modifiedAfter: optionalTime(input, 'LastModifiedTimeAfter'),
      modifiedBefore: optionalTime(input, 'LastModifiedTimeBefore'),
    };
    const { items, nextToken } = sortedPage(input, await jobs.list(kind, query), {
      name: (j: JobRecord) => j.name,
      sortBy: { CreationTime: (j) => j.createdAt.getTime(), Name: (j) => j.name, Status: (j) => j.status },
    });
    return { [`${TITLE[kind]}JobSummaries`]: items.map((j) => spec.summary(j, req.region)), NextToken: nextToken };
  };
}

/** Restates a name in use as SageMaker does; the rest reads as the door's other errors do. */
async function inJobTerms<T>(region: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof JobError && err.code === 'E_JOB_EXISTS') {
      const arn = jobArn(region, err.kind, err.jobName);
      throw new AwsError(
        'ResourceInUse',
        `${TITLE[err.kind]} job names must be unique within an AWS account and region, and a ${err.kind} job with this name already exists (${arn})`,
      );
    }
    if (err instanceof JobError && err.code === 'E_JOB_NOT_FOUND')
      throw new AwsError('ResourceNotFound', `Requested resource not found: ${jobArn(region, err.kind, err.jobName)}`);
    throw err;
  }
}
