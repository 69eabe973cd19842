/**
 * Retry policies as SageMaker Pipelines can hold them: a processing job and a training job
 * retried on infrastructure failures with backoff, a model registration retried with the default
 * backoff. KFP retries every failure alike and refuses a policy limited to some kinds; see
 * retry-on-failure.pipeline.ts for the policy KFP takes.
 */
import { param, pipeline, processing, registerModel, training } from 'godwit';

const data = param.string('input_data', 's3://godwit-examples/retry/data.csv');

const prep = processing('prep', {
  command: ['python3'],
  code: 'steps/prep.py',
  inputs: { raw: data },
  outputs: { train: 'dataset' },
  retry: { maxAttempts: 4, on: ['infrastructure'], backoff: { initialSeconds: 5, rate: 2 } },
});

const train = training('train', {
  algorithm: 'linear-learner',
  hyperparameters: { predictor_type: 'regressor', epochs: 5 },
  inputs: { train: prep.output('train') },
  retry: { maxAttempts: 3, on: ['infrastructure', 'interrupted'] },
});

const register = registerModel('register', {
  model: train.output('model'),
  modelPackageGroup: 'retry-models',
  retry: { maxAttempts: 2, on: ['infrastructure'] },
});

export default pipeline('retry', {
  description: 'Golden case: retry policies on jobs and on a registration.',
  parameters: [data],
  steps: [register],
});
