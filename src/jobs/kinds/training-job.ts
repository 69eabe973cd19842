/**
 * The training kind of SageMaker job: `CreateTrainingJob` checked as SageMaker checks it
 * (training-request.ts, training-channels.ts), run as a one-step Godwit run of a `training` step
 * under SageMaker's training contract (training-plan.ts, the image through training-image.ts),
 * and read back as DescribeTrainingJob reports it (training-result.ts, training-describe.ts).
 */
import type { JobKindSpec } from '../job-kind.js';
import { describeTraining, summarizeTraining } from './training-describe.js';
import { planTraining } from './training-plan.js';
import { readTrainingRequest } from './training-request.js';
import { trainingResult } from './training-result.js';

export const trainingJob: JobKindSpec = {
  kind: 'training',
  fields: { name: 'TrainingJobName', arn: 'TrainingJobArn', status: 'TrainingJobStatus' },
  validate(request) {
    readTrainingRequest(request);
    return request;
  },
  plan: (job, context) => planTraining(job, context),
  result: (job, run, context) => trainingResult(job, run, context),
  describe: describeTraining,
  summary: summarizeTraining,
};

export default trainingJob;
