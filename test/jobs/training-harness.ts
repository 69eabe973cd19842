import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GodwitConfig } from '../../src/config/config.js';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { JOB_KINDS, type JobKindSpec, type PlanContext } from '../../src/jobs/job-kind.js';
import type { JobRecord } from '../../src/jobs/job-records.js';
import type { ImageResolver } from '../../src/jobs/kinds/training-image.js';
import { planTraining } from '../../src/jobs/kinds/training-plan.js';
import { loadRunReport } from '../../src/runs/run-report.js';
import { type RunOutcome, startRun } from '../../src/runtime/executor.js';
import { openLocalServices } from '../../src/runtime/local-services.js';
import type { StoreOptions } from '../../src/store/index.js';
import { PYTHON } from '../contracts/helpers.js';
import { startS3rver, type TestS3Server } from '../helpers/s3-server.js';
import { scratchDir } from '../helpers/scratch.js';

export interface TrainingHarness {
  readonly root: string;
  readonly s3: TestS3Server;
  readonly storeOptions: StoreOptions;
  readonly spec: JobKindSpec;
  /** Plans the job (with `resolve` in place of the image map when given), runs it through the executor, reads its result. */
  run(request: Record<string, unknown>, resolve?: ImageResolver): Promise<TrainingRun>;
  close(): Promise<void>;
}

export interface TrainingRun {
  readonly outcome: RunOutcome;
  readonly job: JobRecord;
  readonly result: Readonly<Record<string, unknown>>;
  /** The step's log (its last attempt). */
  readonly log: string;
  readonly context: PlanContext;
}

/** A home, a real S3 server (buckets `data` and `models`) and the training kind, run as the job service runs it. */
export async function trainingHarness(): Promise<TrainingHarness> {
  const root = scratchDir('godwit-training-job-');
  const home = godwitHome(join(root, 'home'));
  const s3 = await startS3rver(['data', 'models']);
  const storeOptions: StoreOptions = {
    s3: { endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true },
    env: { ...process.env, ...s3.env },
    home: home.root,
  };
  const local = await openLocalServices(home, undefined, systemClock);
  const services = { ...local, inputStores: storeOptions };
  const spec = (await JOB_KINDS.training?.()) as JobKindSpec;
  const config: GodwitConfig = {
    home: home.root,
    server: { port: 0 },
    s3: storeOptions.s3 ?? {},
    gcs: {},
    warehouses: {},
    profiles: {},
    files: [],
  };
  return {
    root,
    s3,
    storeOptions,
    spec,
    async run(request, resolve) {
      const validated = spec.validate(request);
      const name = String(validated.TrainingJobName);
      const now = new Date();
      const job: JobRecord = {
        kind: 'training',
        name,
        request: validated,
        status: 'InProgress',
        transitions: [],
        createdAt: now,
        lastModifiedAt: now,
        result: {},
        tags: [],
      };
      const context: PlanContext = { home, config, storeOptions, stagingDir: join(root, 'staging', name) };
      await mkdir(context.stagingDir, { recursive: true });
      const plan = resolve ? await planTraining(job, context, resolve) : await spec.plan(job, context);
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
    close: () => local.close(),
  };
}
