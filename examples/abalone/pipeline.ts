/**
 * The SageMaker Pipelines abalone example, ported to Godwit: preprocess → train → evaluate →
 * condition (MSE ≤ threshold) → register + batch transform, else fail. See README.md.
 */
import {
  condition,
  fail,
  join,
  lte,
  param,
  pipeline,
  processing,
  propertyFile,
  registerModel,
  training,
  transform,
} from 'godwit';

const inputData = param.string('input_data', 'data/abalone.csv', 'The raw abalone CSV: a path or URI.');
const processingInstanceType = param.string('processing_instance_type', 'ml.m5.xlarge');
const trainingInstanceType = param.string('training_instance_type', 'ml.m5.xlarge');
const modelApprovalStatus = param.string('model_approval_status', 'PendingManualApproval');
const mseThreshold = param.float('mse_threshold', 6.0, 'Register the model only if its test MSE is at most this.');

const preprocess = processing('preprocess', {
  command: ['node'],
  code: 'steps/preprocess.mjs',
  args: ['--seed', '42'],
  inputs: { raw: { source: inputData, destination: '/opt/ml/processing/input' } },
  outputs: {
    train: { type: 'dataset', source: '/opt/ml/processing/train' },
    validation: { type: 'dataset', source: '/opt/ml/processing/validation' },
    test: { type: 'dataset', source: '/opt/ml/processing/test' },
    batch: { type: 'dataset', source: '/opt/ml/processing/batch' },
  },
  resources: { instanceType: processingInstanceType, instanceCount: 1 },
});

const train = training('train', {
  algorithm: 'linear-learner',
  hyperparameters: { predictor_type: 'regressor', wd: 0.01 },
  inputs: {
    train: { source: preprocess.output('train'), type: 'dataset' },
    validation: { source: preprocess.output('validation'), type: 'dataset' },
  },
  resources: { instanceType: trainingInstanceType, instanceCount: 1 },
  cache: { enabled: true, expireAfter: 'P30D' },
});

const evaluationReport = propertyFile('EvaluationReport', 'evaluation', 'evaluation.json');

const evaluate = processing('evaluate', {
  command: ['node'],
  code: 'steps/evaluate.mjs',
  inputs: {
    model: { source: train.output('model'), type: 'model', destination: '/opt/ml/processing/model' },
    test: { source: preprocess.output('test'), type: 'dataset', destination: '/opt/ml/processing/test' },
  },
  outputs: { evaluation: { type: 'metrics', source: '/opt/ml/processing/evaluation' } },
  propertyFiles: [evaluationReport],
  resources: { instanceType: processingInstanceType, instanceCount: 1 },
});

const register = registerModel('register', {
  model: train.output('model'),
  modelPackageGroup: 'AbaloneModelPackageGroup',
  approvalStatus: modelApprovalStatus,
  metrics: evaluate.output('evaluation'),
  contentTypes: ['text/csv'],
  responseTypes: ['text/csv'],
  inferenceInstances: ['ml.t2.medium', 'ml.m5.large'],
  transformInstances: ['ml.m5.large'],
});

const batchTransform = transform('batch-transform', {
  model: train.output('model'),
  input: preprocess.output('batch'),
  contentType: 'text/csv',
  splitType: 'Line',
  resources: { instanceType: 'ml.m5.xlarge', instanceCount: 1 },
});

const mseTooHigh = fail('mse-too-high', {
  message: join(['Execution failed due to MSE >', mseThreshold], ' '),
});

const checkMse = condition('check-mse', {
  if: lte(evaluate.jsonGet(evaluationReport, 'regression_metrics.mse.value'), mseThreshold),
  then: [register, batchTransform],
  else: [mseTooHigh],
});

export default pipeline('abalone', {
  description: 'Predict the age of abalone from physical measurements (the SageMaker Pipelines example).',
  parameters: [inputData, processingInstanceType, trainingInstanceType, modelApprovalStatus, mseThreshold],
  steps: [preprocess, train, evaluate, checkMse],
});
