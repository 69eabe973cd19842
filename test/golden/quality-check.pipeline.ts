/**
 * A Model Monitor data-quality baseline of a training set, then a check of a newer data set
 * against it that does not fail the run on violations (SageMaker's QualityCheckStep with a
 * supplied baseline and FailOnViolation false); a processing step reads the calculated baseline.
 */
import { param, pipeline, processing, qualityCheck } from 'godwit';

const latest = param.string('latest_data', 's3://ml-data/abalone/latest/', 'The newest data set to check.');

const baseline = qualityCheck('baseline', {
  dataset: 's3://ml-data/abalone/train.csv',
  format: 'csv',
  header: true,
  resources: { instanceType: 'ml.m5.xlarge', instanceCount: 1 },
});

const drift = qualityCheck('drift', {
  dataset: latest,
  format: 'jsonl',
  baseline: { statistics: baseline.output('statistics'), constraints: baseline.output('constraints') },
  failOnViolation: false,
  registerNewBaseline: true,
  modelPackageGroup: 'AbaloneModels',
});

const publish = processing('publish', {
  command: ['python3'],
  code: 'steps/publish.py',
  inputs: { statistics: baseline.output('statistics'), constraints: baseline.output('constraints') },
  dependsOn: [drift],
});

export default pipeline('quality-check', {
  description: 'Golden case: a data-quality baseline and a check against it.',
  parameters: [latest],
  steps: [baseline, drift, publish],
});
