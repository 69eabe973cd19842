import { listRunSummaries, loadRunReport, type RunReport, type RunSummary } from '../../../runs/index.js';
import type { ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import {
  epochSeconds,
  type Input,
  optionalEnum,
  optionalInteger,
  optionalString,
  optionalTime,
  requiredString,
} from '../aws-input.js';
import { page, SORT_ORDERS, sorted } from '../pagination.js';
import { executionArn, parseExecutionArn, pipelineArn, pipelineName } from './sagemaker-arns.js';
import { executionStatus, failureReason, stepSummary } from './sagemaker-statuses.js';

/** Runs as SageMaker pipeline executions: a pipeline is a name that has runs in this home. */
export async function listPipelineExecutions(input: Input, { services, pipelines }: ServerContext, req: ServerRequest) {
  const pipeline = pipelineName(requiredString(input, 'PipelineName'));
  const after = optionalTime(input, 'CreatedAfter');
  const before = optionalTime(input, 'CreatedBefore');
  const sortBy = optionalEnum(input, 'SortBy', ['CreationTime', 'PipelineExecutionArn'] as const) ?? 'CreationTime';
  const order = optionalEnum(input, 'SortOrder', SORT_ORDERS);
  const max = optionalInteger(input, 'MaxResults', 1, 100, 10);
  const runs = await listRunSummaries(services.metadata.store, { pipeline, limit: Number.MAX_SAFE_INTEGER });
  if (runs.length === 0) await pipelines.get(pipeline).catch(() => Promise.reject(noPipeline(pipeline)));
  const arnOf = (r: RunSummary) => executionArn(req.region, r.pipeline, r.id);
  const inRange = runs.filter((r) => (!after || new Date(r.startedAt) > after) && (!before || new Date(r.startedAt) < before));
  const byValue = sortBy === 'CreationTime' ? (r: RunSummary) => r.startedAt : arnOf;
  const { items, nextToken } = page(
    sorted(inRange, byValue, (r) => r.id, order),
    (r) => r.id,
    optionalString(input, 'NextToken'),
    max,
  );
  const summaries = [];
  for (const r of items) {
    const record = await pipelines.findExecution(pipeline, r.id);
    summaries.push({
      PipelineExecutionArn: arnOf(r),
      PipelineExecutionDisplayName: record?.displayName ?? r.id,
      PipelineExecutionStatus: record ? await pipelines.status(record, r.status) : executionStatus(r.status),
      PipelineExecutionFailureReason: failureReason(r, record !== undefined),
      StartTime: epochSeconds(r.startedAt),
    });
  }
  return { PipelineExecutionSummaries: summaries, NextToken: nextToken };
}

export async function describePipelineExecution(input: Input, context: ServerContext, req: ServerRequest) {
  const arn = requiredString(input, 'PipelineExecutionArn');
  const run = await execution(arn, context);
  const record = await context.pipelines.findExecution(run.pipeline, run.id);
  const lastStepEnd = run.steps.map((s) => s.endedAt?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0);
  const lastChange = Math.max(lastStepEnd, new Date(run.startedAt).getTime(), record?.lastModifiedAt.getTime() ?? 0);
  return {
    PipelineArn: pipelineArn(req.region, run.pipeline),
    PipelineExecutionArn: executionArn(req.region, run.pipeline, run.id),
    PipelineExecutionDisplayName: record?.displayName ?? run.id,
    PipelineExecutionDescription: record?.description,
    PipelineExecutionStatus: record ? await context.pipelines.status(record, run.status) : executionStatus(run.status),
    FailureReason: failureReason(run, record !== undefined),
    CreationTime: epochSeconds(run.startedAt),
    LastModifiedTime: epochSeconds(run.endedAt ?? new Date(lastChange)),
    ParallelismConfiguration: record?.maxParallelSteps ? { MaxParallelExecutionSteps: record.maxParallelSteps } : undefined,
    PipelineVersionId: record?.version,
    // SageMaker's UserContext: a principal's execution names its IAM identity; the local user's names none, as before.
    ...createdBy(run.startedBy),
  };
}

/** `CreatedBy` for a run a principal started, its ARN in `IamIdentity` (Godwit keeps no record of who stopped or retried it). */
function createdBy(startedBy: string | undefined) {
  if (startedBy === undefined || !/^arn:aws:iam::\d{12}:(user|role)\//.test(startedBy)) return {};
  return { CreatedBy: { IamIdentity: { Arn: startedBy } } };
}

export async function listPipelineExecutionSteps(input: Input, context: ServerContext, req: ServerRequest) {
  const run = await execution(requiredString(input, 'PipelineExecutionArn'), context);
  const order = optionalEnum(input, 'SortOrder', SORT_ORDERS);
  const max = optionalInteger(input, 'MaxResults', 1, 100, 10);
  // SageMaker lists the steps that started; a branch not taken and steps never reached are absent.
  const started = run.steps.filter((s) => s.status !== 'skipped' && s.status !== 'not-run');
  // Steps that started in the same millisecond keep the order the run lists them in (a condition before the steps it guards).
  const position = new Map(run.steps.map((s, i) => [s.name, String(i).padStart(8, '0')]));
  const byStart = sorted(
    started,
    (s) => s.startedAt?.getTime() ?? 0,
    (s) => position.get(s.name) ?? s.name,
    order,
  );
  const { items, nextToken } = page(byStart, (s) => s.name, optionalString(input, 'NextToken'), max);
  const callbacks = await context.pipelines.callbacksOf(
    run.id,
    items.filter((s) => s.type === 'callback').map((s) => s.name),
  );
  return {
    PipelineExecutionSteps: items.map((s) => stepSummary(s, run, req.region, callbacks.get(s.name))),
    NextToken: nextToken,
  };
}

/** The run an execution ARN names; a run of another pipeline under that id is not it. */
async function execution(arn: string, { services }: ServerContext): Promise<RunReport> {
  const { pipeline, runId } = parseExecutionArn(arn);
  const run = await loadRunReport(services, runId).catch((err) => {
    if ((err as { code?: string }).code === 'E_RUN_NOT_FOUND') throw noExecution(arn);
    throw err;
  });
  if (run.pipeline !== pipeline) throw noExecution(arn);
  return run;
}

const noExecution = (arn: string) => new AwsError('ResourceNotFound', `Pipeline execution ${arn} does not exist.`);

const noPipeline = (name: string) =>
  new AwsError(
    'ResourceNotFound',
    `Pipeline ${name} does not exist: no run of a pipeline named "${name}" is recorded in this home.`,
  );
