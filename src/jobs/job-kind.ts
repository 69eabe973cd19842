/**
 * How one kind of SageMaker job becomes local work and reads back. Each kind (`training`,
 * `processing`, `transform`) is one `JobKindSpec` in `src/jobs/kinds/`, listed in `JOB_KINDS`;
 * the job service (`job-service.ts`) and the SageMaker door's job actions are the same code for
 * every kind and ask the kind for everything kind-specific.
 */
import type { GodwitConfig } from '../config/config.js';
import type { GodwitHome } from '../core/home.js';
import type { EndpointCatalog } from '../endpoints/endpoint-records.js';
import type { Caller } from '../governance/governance-records.js';
import type { ParameterValue, PipelineIR } from '../pipeline/ir.js';
import type { RunReport } from '../runs/run-report.js';
import type { StoreOptions } from '../store/index.js';
import type { JobKind, JobRecord } from './job-records.js';

/** What a job runs as: a one-step pipeline (the step named after the job) and its parameters. */
export interface JobPlan {
  readonly ir: PipelineIR;
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  /** The folder relative paths in the IR resolve against (a staging folder of the job's own). */
  readonly baseDir: string;
  /** At most this many steps at once (a pipeline's `ParallelismConfiguration`); default: the server's limit. */
  readonly concurrency?: number;
  /**
   * Who the run acts as: the request's authenticated caller (recorded as `startedBy`; its sql
   * steps read through the caller's views); the local user when absent.
   */
  readonly caller?: Caller;
}

/** What planning may use: where Godwit lives, its configuration (the image map), how to open stores. */
export interface PlanContext {
  readonly home: GodwitHome;
  readonly config: GodwitConfig;
  readonly storeOptions: StoreOptions;
  /** A folder that is the job's own, for staged code (`sourcedir.tar.gz` unpacked) and the like. */
  readonly stagingDir: string;
  /** The server's URL, for steps that call back into Godwit (S3 endpoint and the like). */
  readonly serverUrl?: string;
  /** The endpoints catalog's models (CreateModel's), for a transform job's `ModelName`. */
  readonly models?: Pick<EndpointCatalog, 'getModel'>;
}

export interface JobKindSpec {
  readonly kind: JobKind;
  /** The Create action's name field and the names SageMaker uses in Describe: `TrainingJobName`, `TrainingJobArn`, `TrainingJobStatus`. */
  readonly fields: { readonly name: string; readonly arn: string; readonly status: string };
  /**
   * Checks a Create request's shape and values: an `AwsError('ValidationException', …)` naming
   * the field (an unmapped image names the image and how to map it). Returns the request to keep.
   */
  validate(request: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>>;
  /**
   * Checks what `validate` cannot see without I/O or configuration, before the job is recorded:
   * a transform job's `ModelName` in the endpoints catalog, a processing job's image in the image
   * map. A refusal is the Create call's `ValidationException`, and no job exists afterwards.
   */
  check?(request: Readonly<Record<string, unknown>>, context: PlanContext): Promise<void>;
  /** The run that does the job. Errors are the job's `FailureReason` (it still exists, `Failed`). */
  plan(job: JobRecord, context: PlanContext): Promise<JobPlan>;
  /**
   * What the finished (or stopped, or failed) run gives Describe, in SageMaker's field names:
   * `ModelArtifacts`, `FinalMetricDataList`, `BillableTimeInSeconds`, `TrainingTimeInSeconds`, …
   * It also does what the service does once the container has exited, through `context`'s stores:
   * a training job's `model.tar.gz` is written to `<S3OutputPath>/<job>/output/`, a processing
   * job's outputs to their `S3Uri`s. Called once per run end.
   */
  result(job: JobRecord, run: RunReport, context: PlanContext): Promise<Readonly<Record<string, unknown>>>;
  /** The whole Describe response for `job` (request fields echoed, status, times, result). */
  describe(job: JobRecord, region: string): Readonly<Record<string, unknown>>;
  /** One entry of the List response's summaries (`TrainingJobSummaries`, …). */
  summary(job: JobRecord, region: string): Readonly<Record<string, unknown>>;
}

/** The kinds, each loaded on first use (one line per kind, added by its owner). */
export const JOB_KINDS: Partial<Record<JobKind, () => Promise<JobKindSpec>>> = {
  // training: CreateTrainingJob (src/jobs/kinds/training-job.ts)
  training: async () => (await import('./kinds/training-job.js')).trainingJob,
  // processing: CreateProcessingJob (src/jobs/kinds/processing-job.ts)
  processing: async () => (await import('./kinds/processing-job.js')).processingJob,
  // transform: CreateTransformJob (src/jobs/kinds/transform-job.ts)
  transform: async () => (await import('./kinds/transform-job.js')).transformJob,
};
