/**
 * The importer step by step: Tuning, Lambda and Callback, refused step types, policies,
 * expressions and code fetched from file://.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { importSageMakerDefinition } from '../../src/import/sagemaker/index.js';
import { scratchDir } from '../helpers/scratch.js';
import { definition, IMAGE, importError, processing, training } from './sagemaker-definitions.js';

describe('SageMaker import: steps and expressions', () => {
  test('a training step: hyperparameters decoded, the to_string join unwrapped, the channel a step output', async () => {
    const { ir } = await importSageMakerDefinition(
      definition([processing('prep'), training('train')], [{ Name: 'Rounds', Type: 'Integer', DefaultValue: 10 }]),
    );
    const train = ir.steps[1];
    assert.ok(train.type === 'training');
    assert.deepEqual(train.hyperparameters, { eta: 0.2, deep: true, name: 'abc', rounds: { kind: 'Parameter', name: 'Rounds' } });
    assert.deepEqual(train.inputs, [{ name: 'train', source: { kind: 'StepOutput', step: 'prep', output: 'out' } }]);
    assert.deepEqual(train.process?.command, ['python3', 'train.py']);
    assert.equal(train.timeoutSeconds, 600);
    assert.deepEqual(ir.parameters, [{ name: 'Rounds', type: 'integer', default: 10 }]);
  });

  test('a Tuning step trains once with the middle of each range and the first categorical value', async () => {
    const tuning = {
      Name: 'tune',
      Type: 'Tuning',
      Arguments: {
        HyperParameterTuningJobConfig: {
          Strategy: 'Bayesian',
          HyperParameterTuningJobObjective: { Type: 'Minimize', MetricName: 'validation:rmse' },
          ParameterRanges: {
            ContinuousParameterRanges: [{ Name: 'eta', MinValue: '0.1', MaxValue: '0.5', ScalingType: 'Auto' }],
            IntegerParameterRanges: [{ Name: 'depth', MinValue: '2', MaxValue: '9' }],
            CategoricalParameterRanges: [{ Name: 'booster', Values: ['gbtree', 'dart'] }],
          },
        },
        TrainingJobDefinition: {
          AlgorithmSpecification: {
            TrainingImage: IMAGE,
            TrainingInputMode: 'File',
            ContainerEntrypoint: ['python3', 'train.py'],
          },
          StaticHyperParameters: { rounds: '50' },
        },
      },
    };
    const register = {
      Name: 'register',
      Type: 'RegisterModel',
      Arguments: {
        ModelPackageGroupName: 'g',
        InferenceSpecification: {
          Containers: [
            {
              Image: IMAGE,
              ModelDataUrl: {
                'Std:Join': {
                  On: '/',
                  Values: [
                    's3:/',
                    'bucket',
                    'tune',
                    { Get: 'Steps.tune.TrainingJobSummaries[0].TrainingJobName' },
                    'output/model.tar.gz',
                  ],
                },
              },
            },
          ],
        },
      },
    };
    const { ir, notes } = await importSageMakerDefinition(definition([tuning, register]));
    const train = ir.steps[0];
    assert.ok(train.type === 'training');
    assert.deepEqual(train.hyperparameters, { rounds: 50, eta: 0.3, depth: 6, booster: 'gbtree' });
    const reg = ir.steps[1];
    assert.ok(reg.type === 'register-model');
    assert.deepEqual(reg.model, { kind: 'StepOutput', step: 'tune', output: 'model' });
    assert.match(
      notes.find((n) => n.feature === 'Tuning')?.detail ?? '',
      /eta=0.3, depth=6, booster=gbtree.*Minimize validation:rmse/,
    );
  });

  test("ModelStep(model.register())'s repack training is folded: the registered model is the trained one", async () => {
    const repack = {
      Name: 'm-RepackModel-0',
      Type: 'Training',
      Arguments: {
        AlgorithmSpecification: { TrainingImage: IMAGE, TrainingInputMode: 'File' },
        InputDataConfig: [
          {
            ChannelName: 'training',
            DataSource: {
              S3DataSource: { S3Uri: { Get: 'Steps.train.ModelArtifacts.S3ModelArtifacts' }, S3DataType: 'S3Prefix' },
            },
          },
        ],
        HyperParameters: {
          inference_script: '"inference.py"',
          model_archive: '"model.tar.gz"',
          sagemaker_program: '"_repack_model.py"',
          sagemaker_submit_directory: '"s3://b/sourcedir.tar.gz"',
        },
      },
    };
    const register = {
      Name: 'm-RegisterModel',
      Type: 'RegisterModel',
      DependsOn: ['m-RepackModel-0'],
      Arguments: {
        ModelPackageGroupName: 'g',
        InferenceSpecification: {
          Containers: [{ Image: IMAGE, ModelDataUrl: { Get: 'Steps.m-RepackModel-0.ModelArtifacts.S3ModelArtifacts' } }],
        },
      },
    };
    const { ir, notes } = await importSageMakerDefinition(
      definition([processing('prep'), training('train'), repack, register], [{ Name: 'Rounds', Type: 'Integer' }]),
    );
    assert.deepEqual(
      ir.steps.map((s) => s.name),
      ['prep', 'train', 'm-RegisterModel'],
    );
    const reg = ir.steps[2];
    assert.ok(reg.type === 'register-model');
    assert.deepEqual(reg.model, { kind: 'StepOutput', step: 'train', output: 'model' });
    assert.deepEqual(reg.dependsOn, ['train']);
    assert.ok(notes.some((n) => n.step === 'm-RepackModel-0' && n.feature === 'RepackModel' && n.outcome === 'approximated'));
  });

  test('a Lambda is dropped (its dependents wait for what it waited for); a Callback becomes a callback step', async () => {
    const lambda = {
      Name: 'notify',
      Type: 'Lambda',
      Arguments: { payload: 1 },
      FunctionArn: 'arn:aws:lambda:us-east-1:1:function:f',
      DependsOn: ['prep'],
    };
    const callback = {
      Name: 'approve',
      Type: 'Callback',
      Arguments: { x: 1 },
      SqsQueueUrl: 'https://sqs',
      DependsOn: ['notify'],
    };
    const after = processing('after', { DependsOn: ['approve'] });
    const { ir, notes } = await importSageMakerDefinition(definition([processing('prep'), lambda, callback, after]));
    assert.deepEqual(
      ir.steps.map((s) => [s.name, s.type, s.dependsOn]),
      [
        ['prep', 'processing', undefined],
        ['approve', 'callback', ['prep']],
        ['after', 'processing', ['approve']],
      ],
    );
    assert.deepEqual(
      notes.filter((n) => n.feature === 'Lambda' || n.feature === 'Callback').map((n) => [n.step, n.outcome]),
      [
        ['notify', 'dropped'],
        ['approve', 'mapped'],
      ],
    );
  });

  test("reading a Lambda's OutputParameters is refused, naming the reader, the field and the Lambda", async () => {
    const lambda = { Name: 'lookup', Type: 'Lambda', Arguments: {}, FunctionArn: 'arn:aws:lambda:us-east-1:1:function:f' };
    const reader = processing('use', {}, { Environment: { THRESHOLD: { Get: "Steps.lookup.OutputParameters['threshold']" } } });
    const err = await importError(definition([lambda, reader]));
    assert.equal(err.code, 'E_IMPORT');
    assert.match(
      err.message,
      /step "use", Arguments\.Environment\.THRESHOLD: reads output parameter "threshold" of Lambda step "lookup"/,
    );
    assert.match(err.hint ?? '', /property file/);
  });

  for (const type of ['EMR', 'ClarifyCheck']) {
    test(`a ${type} step is refused with the reason`, async () => {
      const err = await importError(definition([{ Name: 'check', Type: type, Arguments: {} }]));
      assert.equal(err.code, 'E_IMPORT');
      assert.match(err.message, new RegExp(`step "check", Type: a ${type} step needs .*which Godwit does not run`));
      assert.ok(err.hint);
    });
  }

  test('a QualityCheck step that is not a data-quality check, or has no readable dataset_format, is refused with the way out', async () => {
    const modelQuality = await importError(
      definition([{ Name: 'mq', Type: 'QualityCheck', CheckType: 'MODEL_QUALITY', Arguments: {} }]),
    );
    assert.match(modelQuality.message, /step "mq", CheckType: a MODEL_QUALITY quality check is not a data-quality baseline/);
    assert.match(modelQuality.hint ?? '', /godwit monitor model-quality baseline/);
    const input = { InputName: 'baseline_dataset_input', S3Input: { S3Uri: 's3://b/train.csv' } };
    const noFormat = await importError(
      definition([
        {
          Name: 'dq',
          Type: 'QualityCheck',
          CheckType: 'DATA_QUALITY',
          Arguments: { ProcessingInputs: [input], Environment: { dataset_format: '{"avro": {}}' } },
        },
      ]),
    );
    assert.match(
      noFormat.message,
      /step "dq", Arguments\.Environment\.dataset_format: dataset_format \{"avro": \{\}\} is not CSV/,
    );
  });

  test('CacheConfig, RetryPolicies and DependsOn become the step policies', async () => {
    const step = processing('prep', {
      CacheConfig: { Enabled: true, ExpireAfter: 'PT12H' },
      RetryPolicies: [
        { ExceptionType: ['Step.THROTTLING'], IntervalSeconds: 5, BackoffRate: 1.5, MaxAttempts: 3 },
        { ExceptionType: ['SageMaker.CAPACITY_ERROR'], IntervalSeconds: 5, BackoffRate: 1.5, MaxAttempts: 3, ExpireAfterMin: 60 },
      ],
    });
    const { ir, notes } = await importSageMakerDefinition(definition([step]));
    assert.deepEqual(ir.steps[0].cache, { enabled: true, expireAfter: 'PT12H' });
    assert.deepEqual(ir.steps[0].retry, { maxAttempts: 4, backoff: { initialSeconds: 5, rate: 1.5 }, on: ['infrastructure'] });
    assert.ok(notes.some((n) => n.feature === 'RetryPolicies.ExpireAfterMin' && n.outcome === 'dropped'));
  });

  test('Execution variables, Std:Join and Std:JsonGet become IR references', async () => {
    const fail = {
      Name: 'stop',
      Type: 'Fail',
      Arguments: {
        ErrorMessage: {
          'Std:Join': {
            On: ' ',
            Values: [
              { Get: 'Execution.PipelineExecutionArn' },
              { 'Std:JsonGet': { PropertyFile: { Get: 'Steps.prep.PropertyFiles.Report' }, Path: 'a.b' } },
            ],
          },
        },
      },
    };
    const prep = {
      ...processing('prep'),
      PropertyFiles: [{ PropertyFileName: 'Report', OutputName: 'out', FilePath: 'r.json' }],
    };
    const { ir, notes } = await importSageMakerDefinition(definition([prep, fail]));
    assert.deepEqual(ir.steps[1], {
      name: 'stop',
      type: 'fail',
      message: {
        kind: 'Join',
        on: ' ',
        values: [
          { kind: 'ExecutionVariable', name: 'ExecutionId' },
          { kind: 'JsonGet', step: 'prep', propertyFile: 'Report', path: 'a.b' },
        ],
      },
    });
    assert.ok(notes.some((n) => n.feature === 'Execution.PipelineExecutionArn' && n.outcome === 'approximated'));
  });

  test('a processing script at a file:// URI is fetched into the files, and the code input becomes process.code', async () => {
    const dir = scratchDir('smimport-code-');
    await writeFile(join(dir, 'prep.py'), 'print("hi")\n');
    const step = processing(
      'prep',
      {},
      {
        AppSpecification: { ImageUri: IMAGE, ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/prep.py'] },
        ProcessingInputs: [
          {
            InputName: 'code',
            S3Input: {
              S3Uri: pathToFileURL(join(dir, 'prep.py')).href,
              LocalPath: '/opt/ml/processing/input/code',
              S3DataType: 'S3Prefix',
              S3InputMode: 'File',
            },
          },
        ],
      },
    );
    const { ir, files } = await importSageMakerDefinition(definition([step]));
    const prep = ir.steps[0];
    assert.ok(prep.type === 'processing');
    assert.deepEqual(prep.inputs, []);
    assert.deepEqual(prep.process, { command: ['python3'], contract: 'sagemaker', image: IMAGE, code: 'code/prep/prep.py' });
    assert.equal(Buffer.from(files['code/prep/prep.py']).toString(), 'print("hi")\n');
  });

  test("a FrameworkProcessor's code tarball and entrypoint script are fetched and read from the pipeline's folder", async () => {
    const dir = scratchDir('smimport-code-');
    await writeFile(join(dir, 'runproc.sh'), 'tar -xzf /opt/ml/processing/input/code/sourcedir.tar.gz\n');
    await writeFile(join(dir, 'sourcedir.tar.gz'), 'not really gzip, fetched as bytes');
    const input = (name: string, file: string, local: string) => ({
      InputName: name,
      S3Input: { S3Uri: pathToFileURL(join(dir, file)).href, LocalPath: local, S3DataType: 'S3Prefix', S3InputMode: 'File' },
    });
    const step = processing(
      'prep',
      {},
      {
        AppSpecification: {
          ImageUri: IMAGE,
          ContainerEntrypoint: ['/bin/bash', '/opt/ml/processing/input/entrypoint/runproc.sh'],
        },
        ProcessingInputs: [
          input('code', 'sourcedir.tar.gz', '/opt/ml/processing/input/code/'),
          input('entrypoint', 'runproc.sh', '/opt/ml/processing/input/entrypoint'),
        ],
      },
    );
    const { ir, files } = await importSageMakerDefinition(definition([step]));
    const prep = ir.steps[0];
    assert.ok(prep.type === 'processing');
    assert.deepEqual(prep.inputs, [
      { name: 'code', source: 'code/prep/sourcedir.tar.gz' },
      { name: 'entrypoint', source: 'code/prep/runproc.sh' },
    ]);
    assert.deepEqual(prep.process.command, ['/bin/bash', '/opt/ml/processing/input/entrypoint/runproc.sh']);
    assert.deepEqual(Object.keys(files).sort(), ['code/prep/runproc.sh', 'code/prep/sourcedir.tar.gz']);
  });

  test('an s3:// script with no store given stays an input, with a note', async () => {
    const step = processing(
      'prep',
      {},
      {
        AppSpecification: { ImageUri: IMAGE, ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/prep.py'] },
        ProcessingInputs: [
          { InputName: 'code', S3Input: { S3Uri: 's3://bucket/code/prep.py', LocalPath: '/opt/ml/processing/input/code' } },
        ],
      },
    );
    const { ir, notes, files } = await importSageMakerDefinition(definition([step]));
    const prep = ir.steps[0];
    assert.ok(prep.type === 'processing');
    // /opt/ml/processing/input/code is where an input named code goes by default.
    assert.deepEqual(prep.inputs, [{ name: 'code', source: 's3://bucket/code/prep.py' }]);
    assert.deepEqual(files, {});
    const said = notes.filter((n) => n.feature === 'ProcessingInputs.code');
    assert.equal(said.length, 1, 'tried as process.code, then as an input: said once');
    assert.match(said[0].detail, /s3:\/\/bucket\/code\/prep.py was not fetched/);
  });
});
