import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import type { TargetProfile } from '../../src/compile/target.js';
import type { GodwitError } from '../../src/core/errors.js';
import { BucketMap, parseBucketPair } from '../../src/migrate/bucket-map.js';
import { mapImage } from '../../src/migrate/images.js';
import { isMachineType, mapMachineType } from '../../src/migrate/machine-types.js';
import { migrateIr } from '../../src/migrate/migrate-pipeline.js';
import type { ProcessingStep, RegisterModelStep, TrainingStep } from '../../src/pipeline/ir.js';
import { validatePipeline } from '../../src/pipeline/validate.js';
import { AWS_PIPELINE, awsToGcp, PRIVATE_ECR, SAGEMAKER_SKLEARN } from './fixture.js';

const { aws, gcp } = BUILTIN_PROFILES;
const migrated = () => migrateIr(AWS_PIPELINE, awsToGcp());
const step = <T>(name: string) => migrated().ir.steps.find((s) => s.name === name) as T;
const report = (name: string) => migrated().report.steps.find((s) => s.step === name)!;

describe('bucket prefixes', () => {
  test('pairs from --bucket-map and the profiles; longest prefix wins, on path boundaries', () => {
    const map = BucketMap.fromProfiles('aws', 'gcp', aws, gcp, [
      ['s3://acme-raw', 'gs://acme-raw-eu'],
      ['gs://acme-special', 's3://acme-raw/special'],
    ]);
    assert.deepEqual(map.map('s3://acme-raw/churn/a.csv'), { uri: 'gs://acme-raw-eu/churn/a.csv', mapped: true });
    assert.deepEqual(map.map('s3://acme-raw/special/x'), { uri: 'gs://acme-special/x', mapped: true });
    assert.deepEqual(map.map('s3://acme-rawer/x'), { uri: 'gs://acme-rawer/x', mapped: false });
    assert.deepEqual(map.map('s3://sagemaker-us-east-1-123456789012/godwit/abalone/x'), {
      uri: 'gs://my-project-godwit/godwit/abalone/x',
      mapped: true,
    });
    assert.deepEqual(map.map('s3://sagemaker-us-east-1-123456789012/other'), {
      uri: 'gs://my-project-godwit/other',
      mapped: true,
    });
    assert.equal(map.map('gs://already/there'), undefined);
    assert.equal(map.map('data/local.csv'), undefined);
    assert.deepEqual(map.assumedBuckets, ['s3://acme-rawer']);
  });

  test('a --bucket-map entry that pairs no s3:// with a gs:// prefix is refused', () => {
    assert.deepEqual(parseBucketPair('s3://a/x=gs://b/y'), ['s3://a/x', 'gs://b/y']);
    assert.throws(
      () => parseBucketPair('s3://a'),
      (e: GodwitError) => e.code === 'E_MIGRATE_BUCKET_MAP',
    );
    assert.throws(
      () => new BucketMap('aws', 'gcp', [['s3://a', 's3://b']]),
      (e: GodwitError) => e.code === 'E_MIGRATE_BUCKET_MAP' && /s3:\/\/bucket\/prefix=gs:\/\/bucket\/prefix/.test(e.hint ?? ''),
    );
  });

  test('every bucket URI in the pipeline moves: parameter defaults, sources, args, env, Joins, hyperparameters, checkpoints', () => {
    const { ir, report: r } = migrated();
    assert.equal(ir.parameters.find((p) => p.name === 'input_data')?.default, 'gs://acme-raw-eu/churn/customers.csv');
    const prep = ir.steps.find((s) => s.name === 'prep') as ProcessingStep;
    assert.deepEqual(prep.process.args, [
      '--lookup',
      'gs://acme-raw-eu/lookup/regions.csv',
      { kind: 'Join', on: '/', values: ['gs://acme-raw-eu/churn', { kind: 'ExecutionVariable', name: 'ExecutionId' }] },
    ]);
    assert.deepEqual(prep.process.env, { CONFIG_URI: 'gs://acme-config/churn.json' });
    const train = ir.steps.find((s) => s.name === 'train') as TrainingStep;
    assert.equal(train.hyperparameters?.lookup, 'gs://acme-raw-eu/lookup/');
    assert.equal(train.checkpoint?.uri, 'gs://acme-raw-eu/checkpoints/churn');
    assert.ok(!JSON.stringify(ir).includes('s3://'));
    assert.ok(r.human.some((h) => h.startsWith('No bucket pair covers s3://acme-config: its URIs now name gs://acme-config.')));
  });
});

describe('instance types and machine types', () => {
  test('the profile map first, then the built-in table, keeping vCPUs and never less memory', () => {
    const cases: [string, string, string][] = [
      ['ml.m5.xlarge', 'n1-standard-4', 'profile "gcp" machineTypes'],
      ['ml.m5.4xlarge', 'n2-standard-16', 'the built-in table'],
      ['ml.c5.2xlarge', 'n2-standard-8', 'the built-in table'],
      ['ml.r5.large', 'n2-highmem-2', 'the built-in table'],
      ['ml.t3.medium', 'e2-medium', 'the built-in table (burstable)'],
      ['ml.m6i.2xlarge', 'n2-standard-8', 'the built-in table'],
    ];
    for (const [type, machine, via] of cases)
      assert.deepEqual(mapMachineType(type, 'aws', aws, gcp), { type: machine, via }, type);
    assert.equal(mapMachineType('ml.inf1.xlarge', 'aws', aws, gcp), undefined);
  });

  test('a GPU instance keeps its CPU shape and asks for the accelerator', () => {
    const gpu = mapMachineType('ml.p3.2xlarge', 'aws', aws, gcp);
    assert.equal(gpu?.type, 'n1-standard-8');
    assert.match(gpu?.human ?? '', /NVIDIA V100/);
  });

  test('back to AWS: the inverted profile map, then the table', () => {
    assert.equal(mapMachineType('n1-standard-4', 'gcp', gcp, aws)?.type, 'ml.m5.xlarge');
    assert.equal(mapMachineType('n2-highmem-8', 'gcp', gcp, aws)?.type, 'ml.r5.2xlarge');
    assert.equal(mapMachineType('c2-standard-16', 'gcp', gcp, aws)?.type, 'ml.c5.4xlarge');
    assert.equal(mapMachineType('e2-medium', 'gcp', gcp, aws)?.type, 'ml.t3.medium');
    assert.equal(mapMachineType('n2-standard-6', 'gcp', gcp, aws), undefined);
  });

  test('a custom profile map wins over the table', () => {
    const mine: TargetProfile = { ...gcp, name: 'mine', machineTypes: { 'ml.m5.4xlarge': 'n2d-standard-16' } };
    assert.deepEqual(mapMachineType('ml.m5.4xlarge', 'aws', aws, mine), {
      type: 'n2d-standard-16',
      via: 'profile "mine" machineTypes',
    });
  });

  test('in the pipeline: literal types, parameter defaults that feed resources, registration lists', () => {
    const { ir, report: r } = migrated();
    assert.equal(ir.parameters.find((p) => p.name === 'instance_type')?.default, 'n1-standard-4');
    assert.equal(ir.parameters.find((p) => p.name === 'gpu_type')?.default, 'n1-standard-4');
    assert.ok(r.human.some((h) => h.startsWith('gpu_type: ml.g4dn.xlarge has a NVIDIA T4 GPU')));
    assert.equal((ir.steps.find((s) => s.name === 'features') as ProcessingStep).resources?.instanceType, 'n2-standard-8');
    const register = ir.steps.find((s) => s.name === 'register') as RegisterModelStep;
    assert.deepEqual(register.inferenceInstances, ['n1-standard-2', 'ml.inf1.xlarge']);
    assert.ok(
      report('register').human.includes(
        'inferenceInstances[1]: Godwit has no machine type for "ml.inf1.xlarge"; it was kept. Choose one, or add it to machineTypes of profile "gcp".',
      ),
    );
    assert.ok(
      isMachineType('ml.g5.12xlarge', 'aws') && isMachineType('n2-highmem-16', 'gcp') && !isMachineType('ml.m5.xlarge', 'gcp'),
    );
  });
});

describe('images', () => {
  test('framework images ↔ Vertex AI prebuilt containers, keeping the version', () => {
    assert.deepEqual(mapImage(SAGEMAKER_SKLEARN, 'aws', aws, gcp), {
      image: 'us-docker.pkg.dev/vertex-ai/training/sklearn-cpu.1-0:latest',
      why: 'the scikit-learn 1.0 framework image ↔ Vertex AI prebuilt container',
      human: undefined,
    });
    const tf = mapImage('763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-training:2.13.0-cpu-py310', 'aws', aws, gcp);
    assert.equal(tf.image, 'us-docker.pkg.dev/vertex-ai/training/tf-cpu.2-13.py310:latest');
    assert.match(tf.human ?? '', /does not know whether Vertex AI publishes/);
    const back = mapImage('us-docker.pkg.dev/vertex-ai/training/xgboost-cpu.1-7:latest', 'gcp', gcp, aws);
    assert.equal(back.image, '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1');
    assert.equal(back.human, undefined);
  });

  test("a profile's image maps to the other profile's; private registries need a human; public images stay", () => {
    assert.equal(mapImage(aws.images.godwit, 'aws', aws, gcp).image, gcp.images.godwit);
    const ecr = mapImage(PRIVATE_ECR, 'aws', aws, gcp);
    assert.equal(ecr.image, PRIVATE_ECR);
    assert.match(
      ecr.human ?? '',
      /push it to Artifact Registry \(e\.g\. us-central1-docker\.pkg\.dev\/my-project\/acme\/feature-builder:2\.3\)/,
    );
    assert.deepEqual(mapImage('python:3.11-slim', 'aws', aws, gcp), {
      image: 'python:3.11-slim',
      why: 'a public image, pullable from either cloud',
    });
    assert.match(mapImage('europe-docker.pkg.dev/acme/ml/trainer:1', 'gcp', gcp, aws).human ?? '', /push it to Amazon ECR/);
  });
});

describe('container contracts', () => {
  test('a script that reads no SageMaker-only variable moves to the Vertex contract, its default folders written out', () => {
    const prep = step<ProcessingStep>('prep');
    assert.equal(prep.process.contract, 'vertex');
    assert.deepEqual(
      prep.inputs.map((i) => i.destination),
      ['/opt/ml/processing/input/raw', '/opt/ml/processing/input/sample'],
    );
    assert.deepEqual(
      prep.outputs.map((o) => o.source),
      ['/opt/ml/processing/output/train'],
    );
  });

  test('a script that reads SM_* keeps the SageMaker contract, and the report says what to port', () => {
    const train = step<TrainingStep>('train');
    assert.equal(train.process?.contract, undefined);
    assert.equal(train.inputs[0].destination, undefined);
    assert.ok(
      report('train').human.some((h) =>
        h.startsWith('process.contract: the script reads SM_CHANNEL_TRAIN, SM_MODEL_DIR, which only the SageMaker contract sets'),
      ),
    );
  });
});

describe('policies and steps KFP cannot run', () => {
  test('cache expiry, timeouts and retry filters are removed and reported; disk size removed; several instances asked about', () => {
    const train = step<TrainingStep>('train');
    assert.deepEqual(train.cache, { enabled: true });
    assert.deepEqual(train.retry, { maxAttempts: 3 });
    const prep = step<ProcessingStep>('prep');
    assert.equal(prep.timeoutSeconds, undefined);
    assert.deepEqual(prep.resources, { instanceType: { kind: 'Parameter', name: 'instance_type' }, instanceCount: 1 });
    assert.ok(
      report('prep').changes.some((c) => c.field === 'resources.volumeSizeGB' && c.was === '50' && c.became === '(removed)'),
    );
    assert.ok(report('train').human.some((h) => h.startsWith('resources.instanceCount is 2: a KFP task is one container.')));
  });

  test('a function step is kept and flagged', () => {
    const r = report('score');
    assert.equal(r.became, 'in-process function (local runs only; no KFP task)');
    assert.match(r.human[0], /runs only locally: the KFP compiler refuses it/);
    assert.deepEqual(step<{ handler: object }>('score').handler, { module: '../steps/score.ts', export: 'score' });
  });
});

describe('SQL steps and paths', () => {
  test('a Redshift .sql file is translated beside the pipeline and the step points at the copy', () => {
    const { ir, files, report: r } = migrated();
    const load = ir.steps.find((s) => s.name === 'load') as ProcessingStep;
    assert.equal(load.process.code, 'load.bigquery.sql');
    assert.deepEqual(
      files.map((f) => f.path),
      ['load.bigquery.sql'],
    );
    assert.match(
      files[0].content,
      /LOAD DATA INTO staging\.orders\nFROM FILES \(\n {2}format = 'CSV',\n {2}uris = \['gs:\/\/acme-raw-eu\/orders\/\*'\],\n {2}skip_leading_rows = 1\n\);/,
    );
    assert.deepEqual(
      r.sql.map((s) => [s.step, s.source, s.output]),
      [['load', '../sql/load.sql', 'load.bigquery.sql']],
    );
    assert.ok(report('load').human.some((h) => h.startsWith('process.command: the step runs psql on SQL that is now BigQuery')));
  });

  test('relative paths are rebased onto the output folder; the result is a valid pipeline', () => {
    const { ir } = migrated();
    assert.equal(ir.parameters.find((p) => p.name === 'local_data')?.default, '../data/sample.csv');
    assert.equal((ir.steps.find((s) => s.name === 'prep') as ProcessingStep).process.code, '../steps/prep.py');
    assert.deepEqual(validatePipeline(ir), []);
  });

  test('names, references, conditions and algorithm settings are untouched', () => {
    const { ir } = migrated();
    assert.deepEqual(
      ir.steps.map((s) => s.name),
      AWS_PIPELINE.steps.map((s) => s.name),
    );
    assert.deepEqual(
      ir.steps.find((s) => s.name === 'good-enough'),
      AWS_PIPELINE.steps.find((s) => s.name === 'good-enough'),
    );
    assert.deepEqual(
      ir.steps.find((s) => s.name === 'too-low'),
      AWS_PIPELINE.steps.find((s) => s.name === 'too-low'),
    );
    assert.equal((ir.steps.find((s) => s.name === 'train') as TrainingStep).hyperparameters?.max_depth, 5);
  });
});
