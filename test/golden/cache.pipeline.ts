/**
 * Step caching: two steps cached with different lifetimes (SageMaker keeps them; KFP, which has
 * no cache lifetime, and Step Functions, which has no cache, say in a warning what they do
 * instead), one never cached.
 */
import { param, pipeline, processing, training } from 'godwit';

const data = param.string('input_data', 's3://godwit-examples/cache/data.csv');

const prep = processing('prep', {
  command: ['node'],
  code: 'steps/prep.mjs',
  inputs: { raw: data },
  outputs: { train: 'dataset' },
  cache: { enabled: true, expireAfter: 'P30D' },
});

const train = training('train', {
  algorithm: 'linear-learner',
  hyperparameters: { predictor_type: 'regressor' },
  inputs: { train: prep.output('train') },
  cache: { enabled: true, expireAfter: 'P7D' },
});

const report = processing('report', {
  command: ['node'],
  code: 'steps/report.mjs',
  inputs: { model: { source: train.output('model'), type: 'model' } },
  outputs: { summary: 'metrics' },
  cache: { enabled: false },
});

export default pipeline('cache', {
  description: 'Golden case: cached, expiring and uncached steps.',
  parameters: [data],
  steps: [report],
});
