/**
 * A pipeline that touches every cloud binding `godwit migrate` rewrites: bucket URIs (parameter
 * defaults, input sources, arguments, environment, a Join), instance types (literal, parameter,
 * registration lists, a GPU), images (framework, profile, private ECR, public), container
 * contracts (a neutral script, one reading SM_* variables), a Redshift SQL step, a function step,
 * and policies KFP cannot state.
 */
import { join } from 'node:path';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import type { MigrationOptions } from '../../src/migrate/migration.js';
import type { PipelineIR } from '../../src/pipeline/ir.js';

export const BASE = '/project/pipelines';
export const OUT = '/project/pipelines/gcp';

export const FILES: Record<string, string> = {
  'steps/prep.py': "import os\nsrc = os.environ.get('GODWIT_INPUT_RAW', '/opt/ml/processing/input/raw')\n",
  'steps/train.py': "import os\nmodel_dir = os.environ['SM_MODEL_DIR']\ntrain = os.environ['SM_CHANNEL_TRAIN']\n",
  'sql/load.sql':
    "COPY staging.orders FROM 's3://acme-raw/orders/' IAM_ROLE default FORMAT AS CSV IGNOREHEADER 1;\nVACUUM staging.orders;\n",
};

export const SAGEMAKER_SKLEARN = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.0-1-cpu-py3';
export const PRIVATE_ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com/acme/feature-builder:2.3';

export const AWS_PIPELINE: PipelineIR = {
  apiVersion: 'godwit/v1',
  kind: 'Pipeline',
  name: 'churn',
  parameters: [
    { name: 'input_data', type: 'string', default: 's3://acme-raw/churn/customers.csv' },
    { name: 'local_data', type: 'string', default: 'data/sample.csv' },
    { name: 'instance_type', type: 'string', default: 'ml.m5.xlarge' },
    { name: 'gpu_type', type: 'string', default: 'ml.g4dn.xlarge' },
    { name: 'threshold', type: 'float', default: 0.8 },
  ],
  steps: [
    {
      name: 'load',
      type: 'processing',
      process: { command: ['psql'], code: 'sql/load.sql', image: 'postgres:16' },
      inputs: [],
      outputs: [{ name: 'done', type: 'fileset' }],
    },
    {
      name: 'prep',
      type: 'processing',
      process: {
        command: ['python3'],
        code: 'steps/prep.py',
        image: SAGEMAKER_SKLEARN,
        args: [
          '--lookup',
          's3://acme-raw/lookup/regions.csv',
          { kind: 'Join', on: '/', values: ['s3://acme-raw/churn', { kind: 'ExecutionVariable', name: 'ExecutionId' }] },
        ],
        env: { CONFIG_URI: 's3://acme-config/churn.json' },
      },
      dependsOn: ['load'],
      inputs: [
        { name: 'raw', type: 'dataset', source: { kind: 'Parameter', name: 'input_data' } },
        { name: 'sample', type: 'dataset', source: { kind: 'Parameter', name: 'local_data' } },
      ],
      outputs: [{ name: 'train', type: 'dataset' }],
      resources: { instanceType: { kind: 'Parameter', name: 'instance_type' }, instanceCount: 1, volumeSizeGB: 50 },
      timeoutSeconds: 3600,
    },
    {
      name: 'features',
      type: 'processing',
      process: { command: ['python3'], image: PRIVATE_ECR, contract: 'sagemaker' },
      inputs: [{ name: 'train', type: 'dataset', source: { kind: 'StepOutput', step: 'prep', output: 'train' } }],
      outputs: [{ name: 'features', type: 'dataset' }],
      resources: { instanceType: 'ml.c5.2xlarge' },
    },
    {
      name: 'train',
      type: 'training',
      process: {
        command: ['python3'],
        code: 'steps/train.py',
        image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
      },
      inputs: [{ name: 'train', type: 'dataset', source: { kind: 'StepOutput', step: 'features', output: 'features' } }],
      outputs: [{ name: 'model', type: 'model' }],
      hyperparameters: { max_depth: 5, lookup: 's3://acme-raw/lookup/' },
      checkpoint: { uri: 's3://acme-raw/checkpoints/churn' },
      resources: { instanceType: { kind: 'Parameter', name: 'gpu_type' }, instanceCount: 2 },
      cache: { enabled: true, expireAfter: 'P7D' },
      retry: { maxAttempts: 3, on: ['interrupted'] },
    },
    {
      name: 'score',
      type: 'function',
      handler: { module: 'steps/score.ts', export: 'score' },
      inputs: [{ name: 'model', type: 'model', source: { kind: 'StepOutput', step: 'train', output: 'model' } }],
      outputs: [{ name: 'report', type: 'metrics' }],
      propertyFiles: [{ name: 'Report', output: 'report', path: 'report.json' }],
    },
    {
      name: 'good-enough',
      type: 'condition',
      condition: {
        op: 'gte',
        left: { kind: 'JsonGet', step: 'score', propertyFile: 'Report', path: 'auc' },
        right: { kind: 'Parameter', name: 'threshold' },
      },
      then: ['register'],
      else: ['too-low'],
    },
    {
      name: 'register',
      type: 'register-model',
      model: { kind: 'StepOutput', step: 'train', output: 'model' },
      modelPackageGroup: 'churn-models',
      approvalStatus: 'PendingManualApproval',
      image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
      inferenceInstances: ['ml.m5.large', 'ml.inf1.xlarge'],
    },
    {
      name: 'too-low',
      type: 'fail',
      message: { kind: 'Join', on: ' ', values: ['AUC below', { kind: 'Parameter', name: 'threshold' }] },
    },
  ],
};

/** Options for aws → gcp with a bucket pair for acme-raw (acme-config has none). */
export function awsToGcp(files: Record<string, string> = FILES): MigrationOptions {
  return {
    from: 'aws',
    to: 'gcp',
    fromProfile: BUILTIN_PROFILES.aws,
    toProfile: BUILTIN_PROFILES.gcp,
    bucketMap: [['s3://acme-raw', 'gs://acme-raw-eu']],
    baseDir: BASE,
    outDir: OUT,
    file: join(BASE, 'churn.ts'),
    readText: (p) => files[p],
  };
}
