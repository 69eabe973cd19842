import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GodwitConfig } from '../../src/config/config.js';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { JOB_KINDS, type JobKindSpec, type JobPlan, type PlanContext } from '../../src/jobs/job-kind.js';
import type { JobKind, JobRecord } from '../../src/jobs/job-records.js';
import { loadRunReport } from '../../src/runs/run-report.js';
import { type RunOutcome, startRun } from '../../src/runtime/executor.js';
import { openLocalServices } from '../../src/runtime/local-services.js';
import type { Services } from '../../src/runtime/step-context.js';
import type { StoreOptions } from '../../src/store/index.js';
import { PYTHON } from '../contracts/helpers.js';
import { startS3rver, type TestS3Server } from '../helpers/s3-server.js';
import { scratchDir } from '../helpers/scratch.js';

export interface KindHarness {
  readonly root: string;
  readonly s3: TestS3Server;
  readonly storeOptions: StoreOptions;
  readonly spec: JobKindSpec;
  readonly services: Services;
  /** Validates, checks, plans, runs the plan through the executor and reads the result, as the job service does. */
  run(request: Record<string, unknown>): Promise<KindRun>;
  /** The job record a validated request becomes, and its plan context (its staging folder made). */
  prepare(request: Record<string, unknown>): Promise<{ job: JobRecord; context: PlanContext }>;
  /** Runs a plan through the executor and reads the result, as the job service does. */
  execute(job: JobRecord, context: PlanContext, plan: JobPlan): Promise<KindRun>;
  /** The job record as the service keeps it once `run` has ended (for describe and summary). */
  ended(r: KindRun, status: JobRecord['status']): JobRecord;
  close(): Promise<void>;
}

export interface KindRun {
  readonly outcome: RunOutcome;
  readonly job: JobRecord;
  readonly result: Readonly<Record<string, unknown>>;
  /** The step's log (its last attempt). */
  readonly log: string;
  readonly context: PlanContext;
}

/** A home, a real S3 server (buckets `data` and `results`, or `buckets`) and one job kind, run as the job service runs it. */
export async function kindHarness(kind: JobKind, buckets: readonly string[] = ['data', 'results']): Promise<KindHarness> {
  const root = scratchDir(`godwit-${kind}-job-`);
  const home = godwitHome(join(root, 'home'));
  const s3 = await startS3rver([...buckets]);
  const storeOptions: StoreOptions = {
    s3: { endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true },
    env: { ...process.env, ...s3.env },
    home: home.root,
  };
  const local = await openLocalServices(home, undefined, systemClock);
  const services: Services = { ...local, inputStores: storeOptions };
  const spec = (await JOB_KINDS[kind]?.()) as JobKindSpec;
  const config: GodwitConfig = {
    home: home.root,
    server: { port: 0 },
    s3: storeOptions.s3 ?? {},
    gcs: {},
    warehouses: {},
    profiles: {},
    files: [],
  };
  const harness: KindHarness = {
    root,
    s3,
    storeOptions,
    spec,
    services,
    async run(request) {
      const { job, context } = await harness.prepare(request);
      await spec.check?.(job.request, context);
      return harness.execute(job, context, await spec.plan(job, context));
    },
    async prepare(request) {
      const validated = spec.validate(request);
      const name = String(validated[spec.fields.name]);
      const now = new Date();
      const job: JobRecord = {
        kind,
        name,
        request: validated,
        status: 'InProgress',
        transitions: [],
        createdAt: now,
        lastModifiedAt: now,
        result: {},
        tags: [],
      };
      const context: PlanContext = {
        home,
        config,
        storeOptions,
        stagingDir: join(root, 'staging', name),
        models: local.metadata.endpoints,
      };
      await mkdir(context.stagingDir, { recursive: true });
      return { job, context };
    },
    async execute(job, context, plan) {
      const outcome = await startRun(
        plan.ir,
        plan.parameters,
        { baseDir: plan.baseDir },
        { services, concurrency: 1, stepEnv: { GODWIT_PYTHON: PYTHON, ...s3.env } },
      );
      const report = await loadRunReport(services, outcome.runId);
      const result = await spec.result(job, report, context);
      const logPath = report.steps[0]?.attemptsDetail.at(-1)?.logPath;
      const log = logPath ? await readFile(logPath, 'utf8').catch(() => '') : '';
      return { outcome, job, result, log, context };
    },
    ended(r, status) {
      const end = new Date();
      return {
        ...r.job,
        status,
        result: r.result,
        runId: r.outcome.runId,
        startedAt: r.job.createdAt,
        endedAt: end,
        lastModifiedAt: end,
      };
    },
    close: () => local.close(),
  };
  return harness;
}
