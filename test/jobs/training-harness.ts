import type { JobKindSpec, JobPlan } from '../../src/jobs/job-kind.js';
import { type ImageResolver, planTraining } from '../../src/jobs/kinds/training-plan.js';
import type { StoreOptions } from '../../src/store/index.js';
import type { TestS3Server } from '../helpers/s3-server.js';
import { type KindRun, kindHarness } from './kind-harness.js';

export interface TrainingHarness {
  readonly root: string;
  readonly s3: TestS3Server;
  readonly storeOptions: StoreOptions;
  readonly spec: JobKindSpec;
  /** Plans the job as the job service does (validation first). */
  plan(request: Record<string, unknown>): Promise<JobPlan>;
  /** Plans the job (with `resolve` in place of the image map when given), runs it through the executor, reads its result. */
  run(request: Record<string, unknown>, resolve?: ImageResolver): Promise<TrainingRun>;
  close(): Promise<void>;
}

export type TrainingRun = KindRun;

/** The kind harness for training (buckets `data` and `models`), with the image map replaceable per run. */
export async function trainingHarness(): Promise<TrainingHarness> {
  const h = await kindHarness('training', ['data', 'models']);
  return {
    root: h.root,
    s3: h.s3,
    storeOptions: h.storeOptions,
    spec: h.spec,
    async plan(request) {
      const { job, context } = await h.prepare(request);
      return h.spec.plan(job, context);
    },
    async run(request, resolve) {
      const { job, context } = await h.prepare(request);
      const plan = resolve ? await planTraining(job, context, resolve) : await h.spec.plan(job, context);
      return h.execute(job, context, plan);
    },
    close: () => h.close(),
  };
}
