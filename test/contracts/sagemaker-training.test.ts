import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { param, pipeline, processing, training } from '../../src/pipeline/dsl/index.js';
import type { ContractJob } from '../../src/runtime/contracts/container-contract.js';
import { decodeHyperparameters, encodeHyperparameters } from '../../src/runtime/contracts/hyperparameters.js';
import { sagemakerTrainingContract } from '../../src/runtime/contracts/sagemaker-training-contract.js';
import { bwrapSkip, type ContractHarness, contractHarness, hasPython, MODES } from './helpers.js';

const checker = readFileSync(new URL('./scripts/check_training_env.py', import.meta.url), 'utf8');

const untarred: string[] = [];
after(() => {
  for (const dir of untarred) rmSync(dir, { recursive: true, force: true });
});

function untar(archive: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'godwit-untar-'));
  untarred.push(dir);
  const r = spawnSync('tar', ['-xzf', archive, '-C', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return dir;
}

describe('hyperparameters.json', () => {
  test('holds script-mode values JSON-encoded, as the SageMaker SDK sends them', () => {
    const encoded = encodeHyperparameters(
      { lr: 0.00001, depth: 5, objective: 'reg:squarederror', early: true },
      { program: 'train.py', submitDirectory: '/opt/ml/code', jobName: 'p-train-1' },
    );
    assert.deepEqual(encoded, {
      lr: '0.00001',
      depth: '5',
      objective: '"reg:squarederror"',
      early: 'true',
      sagemaker_container_log_level: '20',
      sagemaker_job_name: '"p-train-1"',
      sagemaker_program: '"train.py"',
      sagemaker_submit_directory: '"/opt/ml/code"',
    });
  });

  test('holds each value as Python str() for a command without code', () => {
    assert.deepEqual(encodeHyperparameters({ lr: 0.00001, early: true, name: 'x' }, undefined), {
      lr: '1e-05',
      early: 'True',
      name: 'x',
    });
  });

  test('decodes as the training toolkit does: JSON where it parses, the text where it does not', () => {
    const decoded = Object.fromEntries(decodeHyperparameters({ a: '5', b: '"x"', c: 'plain text', d: '1.0' }));
    assert.deepEqual(decoded, {
      a: { t: 'int', v: '5' },
      b: { t: 'str', v: 'x' },
      c: { t: 'str', v: 'plain text' },
      d: { t: 'float', v: 1 },
    });
  });
});

describe('the SageMaker training contract function', () => {
  const job: ContractJob = {
    kind: 'training',
    jobName: 'p-train-20260101-000000-abc123',
    runId: 'run-20260101-000000-abc123',
    pipeline: 'p',
    step: 'train',
    at: (p) => p,
    inputs: [
      { name: 'validation', containerPath: '/opt/ml/input/data/validation', source: 'file:///v/', files: ['v.csv'] },
      { name: 'train', containerPath: '/opt/ml/input/data/train', source: 'file:///t/', files: ['t.csv'] },
    ],
    outputs: [{ name: 'model', containerPath: '/opt/ml/model', uri: 'file:///store/model/' }],
    hyperparameters: { n: 3, lr: 0.00001, flag: false },
    program: 'train.py',
    codeDir: '/opt/ml/code',
    entrypoint: ['python3', 'train.py'],
    args: [],
    env: {},
    instanceType: 'ml.m5.xlarge',
    instanceCount: 1,
    volumeSizeGB: 30,
    cpus: 4,
    hostEnv: { AWS_REGION: 'eu-west-1' },
    sandboxed: true,
  };

  test('sets the toolkit variables, with hyperparameters as sorted arguments', () => {
    const { env, args, cwd, files } = sagemakerTrainingContract(job);
    assert.deepEqual(args, ['--flag', 'False', '--lr', '1e-05', '-n', '3']);
    assert.equal(cwd, '/opt/ml/code');
    assert.equal(env.SM_USER_ARGS, '["--flag","False","--lr","1e-05","-n","3"]');
    assert.equal(env.SM_HPS, '{"flag":false,"lr":1e-05,"n":3}');
    assert.equal(env.SM_HP_FLAG, 'false');
    assert.equal(env.SM_CHANNELS, '["train","validation"]');
    assert.equal(env.SM_CHANNEL_TRAIN, '/opt/ml/input/data/train');
    assert.equal(env.SM_MODEL_DIR, '/opt/ml/model');
    assert.equal(env.SM_NUM_CPUS, '4');
    assert.equal(env.SM_CURRENT_INSTANCE_TYPE, 'ml.m5.xlarge');
    assert.equal(env.SM_MODULE_NAME, 'train');
    assert.equal(env.SM_FRAMEWORK_MODULE, '');
    assert.equal(env.SAGEMAKER_PROGRAM, 'train.py');
    assert.equal(env.SAGEMAKER_REGION, 'eu-west-1');
    assert.equal(env.TRAINING_JOB_ARN, 'arn:aws:sagemaker:eu-west-1:000000000000:training-job/p-train-20260101-000000-abc123');
    assert.deepEqual(Object.keys(JSON.parse(env.SM_TRAINING_ENV)), [
      'additional_framework_parameters',
      'channel_input_dirs',
      'current_host',
      'current_instance_group',
      'current_instance_group_hosts',
      'current_instance_type',
      'distribution_hosts',
      'distribution_instance_groups',
      'framework_module',
      'hosts',
      'hyperparameters',
      'input_config_dir',
      'input_data_config',
      'input_dir',
      'instance_groups',
      'instance_groups_dict',
      'is_hetero',
      'is_master',
      'is_modelparallel_enabled',
      'is_smddpmprun_installed',
      'is_smddprun_installed',
      'job_name',
      'log_level',
      'master_hostname',
      'model_dir',
      'module_dir',
      'module_name',
      'network_interface_name',
      'num_cpus',
      'num_gpus',
      'num_neurons',
      'output_data_dir',
      'output_dir',
      'output_intermediate_dir',
      'resource_config',
      'topology',
      'user_entry_point',
    ]);
    const byPath = Object.fromEntries(files.map((f) => [f.path, JSON.parse(f.content)]));
    assert.deepEqual(byPath['/opt/ml/input/config/inputdataconfig.json'].train, {
      TrainingInputMode: 'File',
      S3DistributionType: 'FullyReplicated',
      RecordWrapperType: 'None',
    });
    assert.equal(byPath['/opt/ml/input/config/resourceconfig.json'].current_host, 'algo-1');
    assert.equal(byPath['/opt/ml/input/config/hyperparameters.json'].sagemaker_program, '"train.py"');
  });
});

describe("the training contract's inputdataconfig.json from the inputs' channel settings", () => {
  test('each channel as its settings give it, defaults for the rest; nothing of them in the environment', () => {
    const job: ContractJob = {
      kind: 'training',
      jobName: 'p-train',
      runId: 'run-1',
      pipeline: 'p',
      step: 'train',
      at: (p) => p,
      inputs: [
        {
          name: 'train',
          containerPath: '/opt/ml/input/data/train',
          source: 'file:///t/',
          files: [],
          channel: { contentType: 'text/csv', distribution: 'ShardedByS3Key', compression: 'None', inputMode: 'FastFile' },
        },
        { name: 'test', containerPath: '/opt/ml/input/data/test', source: 'file:///x/', files: [] },
      ],
      outputs: [],
      hyperparameters: {},
      entrypoint: ['python3', 'train.py'],
      args: [],
      env: {},
      instanceType: 'ml.m5.xlarge',
      instanceCount: 1,
      volumeSizeGB: 30,
      cpus: 1,
      hostEnv: {},
      sandboxed: true,
    };
    const { env, files } = sagemakerTrainingContract(job);
    const config = JSON.parse(files.find((f) => f.path === '/opt/ml/input/config/inputdataconfig.json')?.content ?? '{}');
    assert.deepEqual(config, {
      train: {
        ContentType: 'text/csv',
        TrainingInputMode: 'FastFile',
        S3DistributionType: 'ShardedByS3Key',
        RecordWrapperType: 'None',
        CompressionType: 'None',
      },
      test: { TrainingInputMode: 'File', S3DistributionType: 'FullyReplicated', RecordWrapperType: 'None' },
    });
    assert.deepEqual(JSON.parse(env.SM_INPUT_DATA_CONFIG ?? '{}'), config);
    assert.ok(!Object.keys(env).some((k) => k.startsWith('GODWIT_')), Object.keys(env).join(', '));
  });
});

describe('SageMaker training contract', { skip: !hasPython && 'no /usr/bin/python3' }, () => {
  let h: ContractHarness;
  before(async () => {
    h = await contractHarness();
    await h.file('check_training_env.py', checker);
    await h.file('data/train/train.csv', '1,2,3\n');
    await h.file('data/validation.csv', '4,5,6\n');
  });
  after(async () => h.close());

  const depth = param.integer('depth', 6);
  const train = training('train', {
    process: { command: ['python3'], code: 'check_training_env.py', contract: 'sagemaker' },
    hyperparameters: {
      lr: 0.00001,
      depth,
      objective: 'reg:squarederror',
      early_stopping: true,
      'max-leaves': 31,
      é: 'ünïcode',
      n: 3,
    },
    inputs: { train: 'data/train', validation: 'data/validation.csv' },
    outputs: { output: 'fileset' },
    resources: { instanceType: 'ml.m5.xlarge', instanceCount: 1 },
  });
  const p = pipeline('sm-train', { parameters: [depth], steps: [train] });

  for (const { mode, skip } of MODES) {
    test(`gives the script the toolkit's SM_* environment, files and --name value arguments (${mode})`, { skip }, async () => {
      const outcome = await h.run(p, { depth: 7 }, mode);
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const model = await h.artifactDir(outcome.runId, 'train', 'model');
      const report = JSON.parse(await readFile(join(untar(join(model, 'model.tar.gz')), 'report.json'), 'utf8'));
      assert.deepEqual(report.problems, []);
      assert.equal(report.argv0, 'check_training_env.py');
      assert.deepEqual(report.data, { train: ['train.csv'], validation: ['validation.csv'] });
      assert.equal(report.hyperparameters.depth, '7');
      assert.equal(report.hyperparameters.objective, '"reg:squarederror"');
      if (mode === 'bwrap') {
        assert.equal(report.model_dir, '/opt/ml/model');
        assert.equal(report.opt_ml_visible, true);
      } else {
        assert.ok(report.model_dir.startsWith(h.home.runsDir), report.model_dir);
      }
      const output = await h.artifactDir(outcome.runId, 'train', 'output');
      assert.equal(readFileSync(join(untar(join(output, 'output.tar.gz')), 'extra.txt'), 'utf8'), 'output data\n');
    });
  }

  test('a later processing step receives the model as model.tar.gz and opens it as SageMaker scripts do', {
    skip: bwrapSkip,
  }, async () => {
    await h.file(
      'evaluate.py',
      `import json, os, tarfile
tarfile.open('/opt/ml/processing/model/model.tar.gz').extractall('/tmp/model')
report = json.load(open('/tmp/model/report.json'))
os.makedirs('/opt/ml/processing/evaluation', exist_ok=True)
json.dump({'problems': len(report['problems'])}, open('/opt/ml/processing/evaluation/evaluation.json', 'w'))
`,
    );
    const evaluate = processing('evaluate', {
      command: ['python3'],
      code: 'evaluate.py',
      contract: 'sagemaker',
      inputs: { model: { source: train.output('model'), destination: '/opt/ml/processing/model' } },
      outputs: { evaluation: { type: 'metrics', source: '/opt/ml/processing/evaluation' } },
    });
    const outcome = await h.run(pipeline('sm-eval', { parameters: [depth], steps: [evaluate] }), {}, 'bwrap');
    assert.equal(outcome.status, 'succeeded', outcome.error);
    const evaluation = await h.artifactDir(outcome.runId, 'evaluate', 'evaluation');
    assert.deepEqual(JSON.parse(await readFile(join(evaluation, 'evaluation.json'), 'utf8')), { problems: 0 });
  });
});
