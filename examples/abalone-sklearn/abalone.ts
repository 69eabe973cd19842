/**
 * The abalone pipeline over Python scripts written for the clouds' script modes: preprocess →
 * train (XGBoost) → evaluate → condition (test MSE ≤ threshold) → register, else fail.
 * pipeline.ts builds it for SageMaker's container contract, pipeline-vertex.ts for Vertex AI's;
 * only the training script and the contract differ. See README.md.
 */
import { condition, fail, join, lte, param, pipeline, processing, propertyFile, registerModel, training } from 'godwit';

export interface AbaloneOptions {
  readonly name: string;
  readonly contract: 'sagemaker' | 'vertex';
  /** The training script, relative to this folder. */
  readonly trainCode: string;
  readonly processingImage: string;
  readonly trainingImage: string;
  /** What the training script fits, for the description; XGBoost unless said. */
  readonly algorithm?: string;
  /** Where the approved model is registered; `AbaloneXGBoostModels` unless said. */
  readonly modelPackageGroup?: string;
}

export function abalonePipeline(o: AbaloneOptions) {
  const inputData = param.string('input_data', '../abalone/data/abalone.csv', 'The raw abalone CSV: a path or URI.');
  const instanceType = param.string('instance_type', 'ml.m5.xlarge');
  const numRound = param.integer('num_round', 50, 'XGBoost boosting rounds.');
  const maxDepth = param.integer('max_depth', 5);
  const approval = param.string('model_approval_status', 'PendingManualApproval');
  const mseThreshold = param.float('mse_threshold', 6.0, 'Register the model only if its test MSE is at most this.');

  const preprocess = processing('preprocess', {
    image: o.processingImage,
    command: ['python3'],
    code: 'code/preprocess.py',
    contract: o.contract,
    args: ['--input-dir', '/opt/ml/processing/input', '--output-dir', '/opt/ml/processing'],
    inputs: { raw: { source: inputData, destination: '/opt/ml/processing/input' } },
    outputs: {
      train: { type: 'dataset', source: '/opt/ml/processing/train' },
      validation: { type: 'dataset', source: '/opt/ml/processing/validation' },
      test: { type: 'dataset', source: '/opt/ml/processing/test' },
    },
    resources: { instanceType, instanceCount: 1 },
  });

  const train = training('train', {
    process: { image: o.trainingImage, command: ['python3'], code: o.trainCode, contract: o.contract },
    hyperparameters: { objective: 'reg:squarederror', num_round: numRound, max_depth: maxDepth, eta: 0.2 },
    inputs: {
      train: { source: preprocess.output('train'), type: 'dataset' },
      validation: { source: preprocess.output('validation'), type: 'dataset' },
    },
    metricDefinitions: [
      { name: 'train:rmse', regex: 'train-rmse:([0-9\\.]+)' },
      { name: 'validation:rmse', regex: 'validation-rmse:([0-9\\.]+)' },
    ],
    resources: { instanceType, instanceCount: 1 },
  });

  const report = propertyFile('EvaluationReport', 'evaluation', 'evaluation.json');
  const evaluate = processing('evaluate', {
    image: o.trainingImage,
    command: ['python3'],
    code: 'code/evaluate.py',
    contract: o.contract,
    args: [
      '--model-dir',
      '/opt/ml/processing/model',
      '--test-dir',
      '/opt/ml/processing/test',
      '--output-dir',
      '/opt/ml/processing/evaluation',
    ],
    inputs: {
      model: { source: train.output('model'), type: 'model', destination: '/opt/ml/processing/model' },
      test: { source: preprocess.output('test'), type: 'dataset', destination: '/opt/ml/processing/test' },
    },
    outputs: { evaluation: { type: 'metrics', source: '/opt/ml/processing/evaluation' } },
    propertyFiles: [report],
    resources: { instanceType, instanceCount: 1 },
  });

  const register = registerModel('register', {
    model: train.output('model'),
    modelPackageGroup: o.modelPackageGroup ?? 'AbaloneXGBoostModels',
    approvalStatus: approval,
    metrics: evaluate.output('evaluation'),
    image: o.trainingImage,
    contentTypes: ['text/csv'],
    responseTypes: ['text/csv'],
  });
  const tooHigh = fail('mse-too-high', { message: join(['Test MSE is above', mseThreshold], ' ') });
  const check = condition('check-mse', {
    if: lte(evaluate.jsonGet(report, 'regression_metrics.mse.value'), mseThreshold),
    then: [register],
    else: [tooHigh],
  });

  return pipeline(o.name, {
    description: `Abalone age from physical measurements: scikit-learn preprocessing and ${o.algorithm ?? 'XGBoost'}, in ${o.contract === 'sagemaker' ? 'SageMaker' : 'Vertex AI'} script mode.`,
    parameters: [inputData, instanceType, numRound, maxDepth, approval, mseThreshold],
    steps: [preprocess, train, evaluate, check],
  });
}
