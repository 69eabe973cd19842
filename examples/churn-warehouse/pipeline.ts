/**
 * Customer churn from the warehouse: generate raw exports → COPY them into the warehouse →
 * CTAS + materialized view of per-customer features → UNLOAD train/test → train a linear learner
 * → evaluate (AUC) → register if good enough, else fail. The SQL is Redshift's dialect, in sql/;
 * see README.md.
 */
import { condition, fail, gte, join, param, pipeline, processing, propertyFile, registerModel, sql, training } from 'godwit';

const customers = param.integer('customers', 5000, 'How many customers to generate (about 20 usage rows each).');
const seed = param.integer('seed', 42, 'The generator seed: the same seed gives the same data.');
const aucThreshold = param.float('auc_threshold', 0.75, 'Register the model only if its test AUC is at least this.');
const modelApprovalStatus = param.string('model_approval_status', 'PendingManualApproval');

// The bucket the raw exports land in; sql/load-raw.sql COPYs from the same prefix.
const RAW_PREFIX = 's3://godwit-churn/raw/';

const generate = processing('generate', {
  command: ['node'],
  code: 'steps/generate.mjs',
  args: ['--customers', customers, '--seed', seed, '--upload', RAW_PREFIX],
  outputs: { raw: { type: 'dataset', source: '/opt/ml/processing/raw' } },
});

const load = sql('load-raw', {
  dialect: 'redshift',
  file: 'sql/load-raw.sql',
  outputs: { customers: { table: 'churn.raw_customers' }, usage: { table: 'churn.raw_usage' } },
  dependsOn: [generate],
});

const transform = sql('transform', {
  dialect: 'redshift',
  file: 'sql/transform.sql',
  reads: { customers: load.table('customers'), usage: load.table('usage') },
  outputs: {
    features: { table: 'churn.customer_features' },
    // Headerless CSV with the label first: what the linear learner (and SageMaker's built-ins) read.
    train: { unload: { table: 'churn.train_split' }, format: 'csv', header: false },
    test: { unload: { table: 'churn.test_split' }, format: 'csv', header: false },
  },
});

const train = training('train', {
  algorithm: 'linear-learner',
  hyperparameters: {
    predictor_type: 'binary_classifier',
    wd: 0.001,
    // The decision threshold maximises F1 on the training rows (churners are ~17%).
    binary_classifier_model_selection_criteria: 'f_beta',
  },
  inputs: { train: { source: transform.output('train'), type: 'dataset' } },
});

const evaluationReport = propertyFile('EvaluationReport', 'evaluation', 'evaluation.json');

const evaluate = processing('evaluate', {
  command: ['node'],
  code: 'steps/evaluate.mjs',
  inputs: {
    model: { source: train.output('model'), type: 'model', destination: '/opt/ml/processing/model' },
    test: { source: transform.output('test'), type: 'dataset', destination: '/opt/ml/processing/test' },
  },
  outputs: { evaluation: { type: 'metrics', source: '/opt/ml/processing/evaluation' } },
  propertyFiles: [evaluationReport],
});

const register = registerModel('register', {
  model: train.output('model'),
  modelPackageGroup: 'ChurnModelPackageGroup',
  approvalStatus: modelApprovalStatus,
  metrics: evaluate.output('evaluation'),
  contentTypes: ['text/csv'],
  responseTypes: ['text/csv'],
  inferenceInstances: ['ml.t2.medium', 'ml.m5.large'],
  transformInstances: ['ml.m5.large'],
});

const aucTooLow = fail('auc-too-low', {
  message: join(['Execution failed due to test AUC <', aucThreshold], ' '),
});

const checkAuc = condition('check-auc', {
  if: gte(evaluate.jsonGet(evaluationReport, 'binary_classification_metrics.auc.value'), aucThreshold),
  then: [register],
  else: [aucTooLow],
});

export default pipeline('churn-warehouse', {
  description: 'Customer churn from a warehouse: COPY, CTAS, a materialized view, UNLOAD, then train, evaluate and register.',
  parameters: [customers, seed, aucThreshold, modelApprovalStatus],
  steps: [generate, load, transform, train, evaluate, checkAuc],
});
