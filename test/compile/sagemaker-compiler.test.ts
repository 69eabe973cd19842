/**
 * The SageMaker Pipelines compiler on small pipelines: one behaviour per test, each checked
 * against the JSON shapes the SageMaker Python SDK writes for the same thing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { compileSageMaker } from '../../src/compile/sagemaker/sagemaker-compiler.js';
import type { TargetProfile } from '../../src/compile/target.js';
import { GodwitError } from '../../src/core/errors.js';
import { LINEAR_LEARNER_METRIC_DEFINITIONS } from '../../src/ml/linear-learner/report.js';
import {
  and,
  condition,
  eq,
  execution,
  fail,
  fn,
  gt,
  gte,
  isIn,
  join,
  lt,
  lte,
  not,
  or,
  param,
  pipeline,
  processing,
  propertyFile,
  registerModel,
  type Step,
  training,
  transform,
} from '../../src/pipeline/dsl/index.js';
import type { PipelineIR } from '../../src/pipeline/ir.js';
import { IR_SCHEMA } from '../../src/pipeline/schema.js';

// biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
type Json = any;

const aws = BUILTIN_PROFILES.aws;
const compile = (ir: PipelineIR, profile: TargetProfile = aws) => compileSageMaker(ir, profile);
const definition = (ir: PipelineIR): Json => compile(ir).document;
/** Every step of a definition, branches included, by name. */
function steps(doc: Json): Map<string, Json> {
  const out = new Map<string, Json>();
  const visit = (list: Json[]) => {
    for (const s of list) {
      out.set(s.Name, s);
      if (s.Type === 'Condition') visit([...s.Arguments.IfSteps, ...s.Arguments.ElseSteps]);
    }
  };
  visit(doc.Steps);
  return out;
}
function rejects(ir: PipelineIR, pattern: RegExp, hint?: RegExp): void {
  assert.throws(
    () => compile(ir),
    (err: unknown) => {
      assert.ok(err instanceof GodwitError, String(err));
      assert.equal(err.code, 'E_COMPILE_UNSUPPORTED');
      assert.match(err.message, pattern);
      assert.match(err.message, /sagemaker target cannot express/);
      if (hint) assert.match(err.hint ?? '', hint);
      return true;
    },
  );
}

const prep = processing('prep', {
  command: ['python3'],
  code: 'steps/prep.py',
  inputs: { raw: 's3://bucket/raw.csv' },
  outputs: { train: 'dataset', report: 'metrics' },
  propertyFiles: [propertyFile('Report', 'report', 'report.json')],
});
const train = training('train', { algorithm: 'linear-learner', inputs: { train: prep.output('train') } });
const one = (name: string, ...s: Step[]) => pipeline(name, { steps: s }).ir;

describe('SageMaker: conditions', () => {
  const i1 = param.integer('MyInt1');
  const i2 = param.integer('MyInt2');
  const str = param.string('MyStr');
  const compileCondition = (c: Parameters<typeof condition>[1]['if']) =>
    definition(pipeline('c', { parameters: [i1, i2, str], steps: [condition('check', { if: c })] }).ir).Steps[0].Arguments
      .Conditions;

  test('writes every comparison, In, Not and Or as the SDK does, and flattens a top-level and', () => {
    const got = compileCondition(
      and(
        eq(i1, i2),
        gt(execution.startTime, '2020-12-01'),
        gte(execution.startTime, str),
        lt(execution.startTime, '2020-12-01'),
        lte(execution.startTime, str),
        isIn(str, ['abc', 'def']),
        not(eq(i1, i2)),
        or(gt(execution.startTime, '2020-12-01'), isIn(str, ['abc', execution.id])),
      ),
    );
    const p = (name: string) => ({ Get: `Parameters.${name}` });
    const start = { Get: 'Execution.StartDateTime' };
    assert.deepEqual(got, [
      { Type: 'Equals', LeftValue: p('MyInt1'), RightValue: p('MyInt2') },
      { Type: 'GreaterThan', LeftValue: start, RightValue: '2020-12-01' },
      { Type: 'GreaterThanOrEqualTo', LeftValue: start, RightValue: p('MyStr') },
      { Type: 'LessThan', LeftValue: start, RightValue: '2020-12-01' },
      { Type: 'LessThanOrEqualTo', LeftValue: start, RightValue: p('MyStr') },
      { Type: 'In', QueryValue: p('MyStr'), Values: ['abc', 'def'] },
      { Type: 'Not', Condition: { Type: 'Equals', LeftValue: p('MyInt1'), RightValue: p('MyInt2') } },
      {
        Type: 'Or',
        Conditions: [
          { Type: 'GreaterThan', LeftValue: start, RightValue: '2020-12-01' },
          { Type: 'In', QueryValue: p('MyStr'), Values: ['abc', { Get: 'Execution.PipelineExecutionId' }] },
        ],
      },
    ]);
  });

  test('rewrites an and nested under or into an equivalent list of clauses', () => {
    const [a, b, c] = [eq(i1, 1), eq(i1, 2), eq(str, 'x')];
    const got = compileCondition(or(and(a, b), c));
    const cmp = (left: string, right: number | string) => ({
      Type: 'Equals',
      LeftValue: { Get: `Parameters.${left}` },
      RightValue: right,
    });
    // (a ∧ b) ∨ c  ≡  (a ∨ c) ∧ (b ∨ c)
    assert.deepEqual(got, [
      { Type: 'Or', Conditions: [cmp('MyInt1', 1), cmp('MyStr', 'x')] },
      { Type: 'Or', Conditions: [cmp('MyInt1', 2), cmp('MyStr', 'x')] },
    ]);
  });

  test('rewrites not(and(...)) into or(not ...)', () => {
    const got = compileCondition(not(and(eq(i1, 1), isIn(str, ['a']))));
    assert.deepEqual(got, [
      {
        Type: 'Or',
        Conditions: [
          { Type: 'Not', Condition: { Type: 'Equals', LeftValue: { Get: 'Parameters.MyInt1' }, RightValue: 1 } },
          { Type: 'Not', Condition: { Type: 'In', QueryValue: { Get: 'Parameters.MyStr' }, Values: ['a'] } },
        ],
      },
    ]);
  });

  test('nests branch steps in IfSteps and ElseSteps, not at the top level', () => {
    const stop = fail('stop', { message: 'no' });
    const doc = definition(
      one('b', prep, condition('check', { if: lte(prep.jsonGet('Report', 'a.b'), 1), then: [train], else: [stop] })),
    );
    assert.deepEqual(
      doc.Steps.map((s: Json) => s.Name),
      ['prep', 'check'],
    );
    assert.deepEqual(
      doc.Steps[1].Arguments.IfSteps.map((s: Json) => s.Name),
      ['train'],
    );
    assert.deepEqual(doc.Steps[1].Arguments.ElseSteps, [{ Name: 'stop', Type: 'Fail', Arguments: { ErrorMessage: 'no' } }]);
  });
});

describe('SageMaker: references', () => {
  test('writes each reference kind as a Get, Std:Join or Std:JsonGet', () => {
    const threshold = param.float('threshold', 0.5);
    const label = param.string('label', 'x');
    const scored = transform('score', { model: train.output('model'), input: prep.output('train') });
    const trainOut = training('train2', {
      algorithm: 'linear-learner',
      inputs: { train: prep.output('train') },
      outputs: { output: 'fileset' },
    });
    const use = processing('use', {
      command: ['python3'],
      image: 'my-image',
      args: [
        join(['--run', execution.id, execution.pipelineName, execution.startTime], '='),
        prep.jsonGet('Report', 'scores[0].value'),
        train.metric('validation:mse'),
        threshold,
      ],
      env: { LABEL: label },
      inputs: {
        a: prep.output('train'),
        b: train.output('model'),
        c: trainOut.output('output'),
        d: scored.output('predictions'),
      },
    });
    const doc = definition(pipeline('refs', { parameters: [threshold, label], steps: [use] }).ir);
    const s = steps(doc).get('use').Arguments;
    assert.deepEqual(s.AppSpecification.ContainerArguments, [
      {
        'Std:Join': {
          On: '=',
          Values: [
            '--run',
            { Get: 'Execution.PipelineExecutionId' },
            { Get: 'Execution.PipelineName' },
            { Get: 'Execution.StartDateTime' },
          ],
        },
      },
      { 'Std:JsonGet': { PropertyFile: { Get: 'Steps.prep.PropertyFiles.Report' }, Path: 'scores[0].value' } },
      { Get: "Steps.train.FinalMetricDataList['validation:mse'].Value" },
      { Get: 'Parameters.threshold' },
    ]);
    assert.deepEqual(s.Environment, { LABEL: { Get: 'Parameters.label' } });
    assert.deepEqual(
      s.ProcessingInputs.map((i: Json) => i.S3Input.S3Uri),
      [
        { Get: "Steps.prep.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri" },
        { Get: 'Steps.train.ModelArtifacts.S3ModelArtifacts' },
        {
          'Std:Join': {
            On: '/',
            Values: [
              { Get: 'Steps.train2.OutputDataConfig.S3OutputPath' },
              { Get: 'Steps.train2.TrainingJobName' },
              'output',
              'output.tar.gz',
            ],
          },
        },
        { Get: 'Steps.score.TransformOutput.S3OutputPath' },
      ],
    );
    // The built-in's metric definitions are SageMaker's own, matching the log lines Godwit's image prints.
    assert.deepEqual(
      steps(doc).get('train').Arguments.AlgorithmSpecification.MetricDefinitions,
      LINEAR_LEARNER_METRIC_DEFINITIONS.map((d) => ({ Name: d.Name, Regex: d.Regex })),
    );
    assert.ok(LINEAR_LEARNER_METRIC_DEFINITIONS.some((d) => d.Name === 'validation:mse'));
  });

  test('gives InputPath / OutputPath as the container folders, and processing outputs a per-run S3 location', () => {
    const step = processing('io', {
      command: ['python3'],
      image: 'img',
      args: [{ kind: 'InputPath', name: 'raw' }, join(['--out=', { kind: 'OutputPath', name: 'out' }])],
      inputs: { raw: { source: 's3://b/raw', destination: '/opt/ml/processing/raw' } },
      outputs: { out: 'dataset' },
    });
    const s = definition(one('io', step)).Steps[0].Arguments;
    assert.deepEqual(s.AppSpecification.ContainerArguments, [
      '/opt/ml/processing/raw',
      { 'Std:Join': { On: '', Values: ['--out=', '/opt/ml/processing/output/out'] } },
    ]);
    assert.deepEqual(s.ProcessingOutputConfig.Outputs[0].S3Output, {
      S3Uri: {
        'Std:Join': {
          On: '/',
          Values: [
            's3:/',
            'sagemaker-us-east-1-123456789012',
            'godwit',
            'io',
            { Get: 'Execution.PipelineExecutionId' },
            'io',
            'output',
            'out',
          ],
        },
      },
      LocalPath: '/opt/ml/processing/output/out',
      S3UploadMode: 'EndOfJob',
    });
  });

  test('refuses InputPath outside args and env', () => {
    const bad = fail('bad', { message: { kind: 'InputPath', name: 'x' } });
    rejects(one('bad', bad), /InputPath\("x"\) outside a step's args or env/);
  });
});

describe('SageMaker: training', () => {
  test("runs a built-in algorithm in Godwit's image, hyperparameters as strings, parameters made strings as the SDK does", () => {
    const rate = param.float('rate', 0.1);
    const kind = param.string('kind', 'regressor');
    const t = training('t', {
      algorithm: 'linear-learner',
      hyperparameters: { predictor_type: kind, learning_rate: rate, epochs: 10, normalize: true },
      inputs: { train: 's3://b/train/' },
      timeoutSeconds: 3600,
      resources: { instanceType: 'ml.c5.xlarge', instanceCount: 2, volumeSizeGB: 50 },
    });
    const args = definition(pipeline('t', { parameters: [rate, kind], steps: [t] }).ir).Steps[0].Arguments;
    const { MetricDefinitions, ...spec } = args.AlgorithmSpecification;
    assert.deepEqual(spec, {
      TrainingInputMode: 'File',
      TrainingImage: aws.images['linear-learner'],
      ContainerEntrypoint: ['godwit', 'algorithm', 'linear-learner'],
    });
    assert.equal(MetricDefinitions.length, LINEAR_LEARNER_METRIC_DEFINITIONS.length);
    assert.deepEqual(args.HyperParameters, {
      predictor_type: { Get: 'Parameters.kind' },
      learning_rate: { 'Std:Join': { On: '', Values: [{ Get: 'Parameters.rate' }] } },
      epochs: '10',
      normalize: 'True',
    });
    assert.deepEqual(args.StoppingCondition, { MaxRuntimeInSeconds: 3600 });
    assert.deepEqual(args.ResourceConfig, { VolumeSizeInGB: 50, InstanceCount: 2, InstanceType: 'ml.c5.xlarge' });
    assert.deepEqual(args.InputDataConfig[0].DataSource.S3DataSource.S3Uri, 's3://b/train/');
    assert.equal(args.InputDataConfig[0].ContentType, undefined, 'an untyped input gets no content type');
  });

  test('runs a script in SageMaker script mode: JSON-encoded hyperparameters, sagemaker_program and sourcedir.tar.gz', () => {
    const t = training('fit', {
      process: { command: ['python3'], code: 'src/', entryPoint: 'train.py' },
      hyperparameters: { objective: 'reg', rounds: 50 },
      inputs: { train: { source: prep.output('train'), type: 'dataset' } },
    });
    const result = compile(one('script', t));
    const args: Json = steps(result.document).get('fit').Arguments;
    const sourcedir = 's3://sagemaker-us-east-1-123456789012/godwit/script/code/fit/sourcedir.tar.gz';
    assert.deepEqual(args.HyperParameters, {
      objective: '"reg"',
      rounds: '50',
      sagemaker_submit_directory: `"${sourcedir}"`,
      sagemaker_program: '"train.py"',
      sagemaker_container_log_level: '20',
      sagemaker_region: '"us-east-1"',
    });
    assert.equal(args.AlgorithmSpecification.TrainingImage, aws.images.python3);
    assert.equal(args.AlgorithmSpecification.ContainerEntrypoint, undefined);
    assert.deepEqual(
      result.uploads.find((u) => u.uri === sourcedir),
      { local: 'src/', uri: sourcedir, for: 'step "fit", process.code (packed as sourcedir.tar.gz)' },
    );
  });

  test('refuses args in script mode, a Vertex-contract script, and a channel moved elsewhere', () => {
    rejects(
      one('a', training('t', { process: { command: ['python3'], code: 'train.py', args: ['--x'] } })),
      /process\.args with a script/,
      /hyperparameters/,
    );
    rejects(
      one('v', training('t', { process: { command: ['python3'], code: 'train.py', contract: 'vertex' } })),
      /contract "vertex"/,
      /godwit migrate/,
    );
    rejects(
      one('v2', processing('p', { command: ['python3'], code: 'p.py', contract: 'vertex' })),
      /contract "vertex"/,
      /godwit migrate/,
    );
    rejects(
      one('d', training('t', { algorithm: 'linear-learner', inputs: { train: { source: 's3://b/x', destination: '/data' } } })),
      /input "train" at destination "\/data"/,
    );
  });
});

describe('SageMaker: metrics, spot and checkpoints', () => {
  test("defines a script's metrics and refuses reading one it does not define", () => {
    const fit = training('fit', {
      process: { command: ['python3'], code: 'train.py' },
      metricDefinitions: [{ name: 'rmse', regex: 'rmse=([0-9.]+)' }],
    });
    const gate = condition('gate', { if: lt(fit.metric('rmse'), 1) });
    const args = steps(definition(one('m', gate))).get('fit').Arguments;
    assert.deepEqual(args.AlgorithmSpecification.MetricDefinitions, [{ Name: 'rmse', Regex: 'rmse=([0-9.]+)' }]);
    const bad = condition('gate', { if: lt(train.metric('made:up'), 1) });
    rejects(one('m', bad), /Step "train" uses the metric "made:up", which it does not define/, /metricDefinitions/);
  });

  test('refuses a metric of a step that is not a training job', () => {
    rejects(one('m', condition('gate', { if: lt(prep.metric('x'), 1) })), /metric "x" of step "prep" \(processing\)/, /JsonGet/);
  });

  test('refuses metric definitions on a processing step', () => {
    const p = processing('p', { command: ['node'], image: 'i', metricDefinitions: [{ name: 'x', regex: 'x=(\\d+)' }] });
    rejects(one('m', p), /metricDefinitions on a processing step/, /property file/);
  });

  test('runs spot training with a wait bound and keeps checkpoints per execution', () => {
    const t = training('t', {
      algorithm: 'linear-learner',
      inputs: { train: 's3://b/t' },
      spot: { maxWaitSeconds: 7200, interruptions: [30] },
      checkpoint: { uri: 'checkpoints/t', localPath: '/opt/ml/checkpoints' },
    });
    const args = definition(one('spot', t)).Steps[0].Arguments;
    assert.equal(args.EnableManagedSpotTraining, true);
    assert.deepEqual(args.StoppingCondition, { MaxRuntimeInSeconds: 7200, MaxWaitTimeInSeconds: 7200 });
    assert.deepEqual(args.CheckpointConfig, {
      S3Uri: {
        'Std:Join': {
          On: '/',
          Values: [
            's3:/',
            'sagemaker-us-east-1-123456789012',
            'godwit',
            'spot',
            { Get: 'Execution.PipelineExecutionId' },
            't',
            'checkpoints',
          ],
        },
      },
      LocalPath: '/opt/ml/checkpoints',
    });
    const timed = training('t', { algorithm: 'linear-learner', spot: {}, checkpoint: { uri: 's3://b/ckpt' } }).withTimeout(600);
    const timedArgs = definition(one('spot', timed)).Steps[0].Arguments;
    assert.deepEqual(timedArgs.StoppingCondition, { MaxRuntimeInSeconds: 600, MaxWaitTimeInSeconds: 600 });
    assert.deepEqual(timedArgs.CheckpointConfig, { S3Uri: 's3://b/ckpt' });
    assert.equal(definition(one('od', train)).Steps[1].Arguments.EnableManagedSpotTraining, undefined);
  });

  test('accepts retry on interrupted, which managed spot training performs', () => {
    const t = training('t', { algorithm: 'linear-learner', spot: {} }).withRetry({
      maxAttempts: 2,
      on: ['infrastructure', 'interrupted'],
    });
    assert.equal(definition(one('i', t)).Steps[0].RetryPolicies.length, 2);
    rejects(
      one('i', training('g', { algorithm: 'linear-learner', checkpoint: { uri: 'gs://b/c' } })),
      /checkpoint\.uri "gs:\/\/b\/c"/,
    );
  });
});

describe('SageMaker: transform and registration', () => {
  test('splits a transform into a Model step and a Transform step, both in the branch, both with its dependencies', () => {
    const gate = fail('gate', { message: 'x' });
    const t = transform('score', {
      model: train.output('model'),
      input: 's3://b/batch/',
      contentType: 'text/csv',
      dependsOn: [prep],
    }).withRetry({
      maxAttempts: 3,
      on: ['infrastructure'],
    });
    const doc = definition(one('tr', condition('check', { if: eq(1, 1), then: [t], else: [gate] })));
    const [model, job] = doc.Steps.find((s: Json) => s.Name === 'check').Arguments.IfSteps;
    assert.equal(model.Name, 'score-create-model');
    assert.equal(model.Type, 'Model');
    assert.deepEqual(model.DependsOn, ['prep']);
    assert.deepEqual(model.Arguments, {
      ExecutionRoleArn: aws.role,
      PrimaryContainer: {
        Image: aws.images['linear-learner'],
        Environment: {},
        ModelDataUrl: { Get: 'Steps.train.ModelArtifacts.S3ModelArtifacts' },
      },
    });
    assert.equal(model.RetryPolicies.length, 1, 'a model step takes step retry policies only');
    assert.equal(job.Name, 'score');
    assert.equal(job.Type, 'Transform');
    assert.deepEqual(job.DependsOn, ['prep']);
    assert.equal(job.RetryPolicies.length, 2);
    assert.deepEqual(job.Arguments.ModelName, { Get: 'Steps.score-create-model.ModelName' });
    assert.deepEqual(job.Arguments.TransformInput, {
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://b/batch/' } },
      ContentType: 'text/csv',
    });
  });

  test('refuses a transform whose model step name is taken or too long', () => {
    const taken = fail('score-create-model', { message: 'x' });
    rejects(
      one('n', taken, transform('score', { model: 's3://b/m.tar.gz', input: 's3://b/in' })),
      /model step "score-create-model" has the name of another step/,
    );
    rejects(
      one('n', transform('t'.repeat(60), { model: 's3://b/m.tar.gz', input: 's3://b/in' })),
      /the step name "t{60}-create-model"/,
    );
  });

  test('refuses a batch capture destination that is not on S3', () => {
    const t = transform('score', { model: 's3://b/m.tar.gz', input: 's3://b/in', dataCapture: { destination: 'capture/' } });
    rejects(one('n', t), /the data capture destination "capture\/"/);
  });

  test('registers with an explicit image and metrics given as a URI', () => {
    const r = registerModel('reg', {
      model: 's3://b/model.tar.gz',
      modelPackageGroup: 'G',
      image: 'serve:1',
      metrics: 's3://b/metrics.json',
      approvalStatus: 'Approved',
    });
    const args = definition(one('r', r)).Steps[0].Arguments;
    assert.deepEqual(args, {
      ModelPackageGroupName: 'G',
      ModelMetrics: { ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: 's3://b/metrics.json' } } },
      InferenceSpecification: { Containers: [{ Image: 'serve:1', Environment: {}, ModelDataUrl: 's3://b/model.tar.gz' }] },
      ModelApprovalStatus: 'Approved',
    });
  });
});

describe('SageMaker: retry, cache and timeouts', () => {
  test("maps infrastructure retries to the SDK's step and job retry policies", () => {
    const p = prep.withRetry({ maxAttempts: 4, backoff: { initialSeconds: 5, rate: 1.5 }, on: ['infrastructure'] });
    const s = definition(one('r', p)).Steps[0];
    const timing = { BackoffRate: 1.5, IntervalSeconds: 5, MaxAttempts: 3 };
    assert.deepEqual(s.RetryPolicies, [
      { ...timing, ExceptionType: ['Step.SERVICE_FAULT', 'Step.THROTTLING'] },
      { ...timing, ExceptionType: ['SageMaker.JOB_INTERNAL_ERROR', 'SageMaker.CAPACITY_ERROR', 'SageMaker.RESOURCE_LIMIT'] },
    ]);
  });

  test('writes no policy for a single attempt, and the SDK defaults when no backoff is given', () => {
    assert.equal(definition(one('r', prep.withRetry({ maxAttempts: 1 }))).Steps[0].RetryPolicies, undefined);
    const s = definition(one('r', prep.withRetry({ maxAttempts: 2, on: ['infrastructure'] }))).Steps[0];
    assert.deepEqual(s.RetryPolicies[0], {
      BackoffRate: 2,
      IntervalSeconds: 1,
      MaxAttempts: 1,
      ExceptionType: ['Step.SERVICE_FAULT', 'Step.THROTTLING'],
    });
  });

  /** The step envelopes and the warnings of compiling `ir`. */
  const weakened = (ir: PipelineIR) => {
    const result = compile(ir);
    return { steps: (result.document as Json).Steps as Json[], warnings: result.warnings.map((w) => `${w.step}: ${w.message}`) };
  };

  test('keeps of a retry what SageMaker can express and warns about the rest', () => {
    const byDefault = weakened(one('r', prep.withRetry({ maxAttempts: 3 })));
    assert.equal(byDefault.steps[0].RetryPolicies, undefined, 'SageMaker retries no failure of the job itself');
    assert.deepEqual(byDefault.warnings, [
      "prep: a retry on [error, timeout] (the default) cannot be expressed (SageMaker retries only faults of SageMaker itself, not a job's own failure or timeout), so such a failure fails the step at once.",
    ]);
    const mixed = weakened(one('r', prep.withRetry({ maxAttempts: 3, on: ['infrastructure', 'timeout'] })));
    assert.deepEqual(
      mixed.steps[0].RetryPolicies.map((p: Json) => p.MaxAttempts),
      [2, 2],
    );
    assert.match(mixed.warnings[0], /a retry on \[timeout\] cannot be expressed/);
    const many = weakened(
      one('r', prep.withRetry({ maxAttempts: 22, on: ['infrastructure'], backoff: { initialSeconds: 1.5, maxSeconds: 60 } })),
    );
    assert.deepEqual(many.steps[0].RetryPolicies[0], {
      BackoffRate: 2,
      IntervalSeconds: 2,
      MaxAttempts: 20,
      ExceptionType: ['Step.SERVICE_FAULT', 'Step.THROTTLING'],
    });
    assert.deepEqual(many.warnings, [
      'prep: 21 retries cannot be expressed (SageMaker allows at most 20), so it retries 20 times.',
      'prep: the longest retry interval (60s) cannot be expressed (SageMaker retry policies have no maximum interval), so the intervals keep growing.',
      'prep: a first retry interval of 1.5s cannot be expressed (SageMaker takes whole seconds), so it waits 2s.',
    ]);
    const failing = weakened(one('r', fail('f', { message: 'x' }).withRetry({ maxAttempts: 2, on: ['infrastructure'] })));
    assert.equal(failing.steps[0].RetryPolicies, undefined);
    assert.deepEqual(failing.warnings, [
      'f: a retry cannot be expressed on a Fail step (SageMaker retries job, model and registration steps only), so it is tried once.',
    ]);
  });

  test('writes CacheConfig on job steps; elsewhere, or with no expiry, the step always runs, with a warning', () => {
    const s = definition(one('c', prep.withCache({ enabled: true, expireAfter: 'PT12H' }))).Steps[0];
    assert.deepEqual(s.CacheConfig, { Enabled: true, ExpireAfter: 'PT12H' });
    const t = transform('score', { model: 's3://b/m.tar.gz', input: 's3://b/in' }).withCache({
      enabled: true,
      expireAfter: 'P1D',
    });
    const [model, job] = definition(one('c', t)).Steps;
    assert.equal(model.CacheConfig, undefined, 'the model step has no cache');
    assert.deepEqual(job.CacheConfig, { Enabled: true, ExpireAfter: 'P1D' });
    assert.deepEqual(definition(one('c', prep.withCache({ enabled: false }))).Steps[0].CacheConfig, { Enabled: false });
    const forever = weakened(one('c', prep.withCache({ enabled: true })));
    assert.deepEqual(forever.steps[0].CacheConfig, { Enabled: false });
    assert.deepEqual(forever.warnings, [
      'prep: caching with no expiry cannot be expressed (SageMaker requires ExpireAfter), so caching is off for this step: it always runs.',
    ]);
    const reg = registerModel('reg', { model: 's3://b/m.tar.gz', modelPackageGroup: 'G' }).withCache({ enabled: true });
    const registered = weakened(one('c', reg));
    assert.equal(registered.steps[0].CacheConfig, undefined);
    assert.match(registered.warnings[0], /^reg: caching cannot be expressed on a RegisterModel step .* so it always runs\.$/);
  });

  test('puts timeouts in the job request; where SageMaker has none the step runs without one, with a warning', () => {
    const s = definition(one('t', prep.withTimeout(600))).Steps[0];
    assert.deepEqual(s.Arguments.StoppingCondition, { MaxRuntimeInSeconds: 600 });
    const timed = weakened(one('t', transform('score', { model: 's3://b/m', input: 's3://b/in' }).withTimeout(60)));
    const untimed = weakened(one('t', transform('score', { model: 's3://b/m', input: 's3://b/in' })));
    assert.deepEqual(timed.steps, untimed.steps);
    assert.deepEqual(timed.warnings, [
      'score: the timeout of 60s cannot be expressed (SageMaker bounds only processing and training jobs), so this Transform step runs without one.',
    ]);
  });
});

describe('SageMaker: what cannot be compiled', () => {
  test('refuses an in-process function step, saying why and what to do', () => {
    const f = fn('tidy', { run: async () => ({}) });
    rejects(one('f', f), /Step "tidy" uses an in-process function step/, /exist only locally.*processing step/);
  });

  test('refuses names SageMaker does not accept instead of renaming them', () => {
    const bad = param.string('bad name', 'x');
    assert.throws(() => compile(pipeline('n', { parameters: [bad], steps: [prep] }).ir), /the parameter name "bad name"/);
    rejects(one('n', fail('a.b', { message: 'x' })), /the step name "a\.b"/);
  });

  test('refuses a command with no image, and a GCP profile', () => {
    rejects(
      one('i', processing('p', { command: ['ruby'], code: 'x.rb' })),
      /command "ruby" with no container image/,
      /images\.ruby/,
    );
    assert.throws(
      () => compile(one('g', prep), BUILTIN_PROFILES.gcp),
      (err: unknown) =>
        err instanceof GodwitError && err.code === 'E_COMPILE_PROFILE' && /needs an s3:\/\/ root/.test(err.message),
    );
  });
});

describe('SageMaker: uploads', () => {
  test('lists every local file a job reads, with where it goes and who needs it', () => {
    const data = param.string('data', 'data/in.csv');
    const p = processing('p', {
      command: ['node'],
      code: 'steps/pkg',
      entryPoint: 'main.mjs',
      inputs: { a: data, b: 'local/b.csv', c: 'file:///abs/c.csv', d: 's3://already/there' },
    });
    const q = processing('q', { command: ['node'], code: 'steps/q.mjs', inputs: { same: data } });
    const result = compile(pipeline('up', { parameters: [data], steps: [p, q] }).ir);
    const root = 's3://sagemaker-us-east-1-123456789012/godwit/up';
    assert.deepEqual(result.uploads, [
      {
        local: 'data/in.csv',
        uri: `${root}/parameters/data/in.csv`,
        for: 'parameter "data" (default, read by step "p", inputs.a.source; step "q", inputs.same.source)',
      },
      { local: 'steps/pkg', uri: `${root}/code/p`, for: 'step "p", process.code' },
      { local: 'local/b.csv', uri: `${root}/p/input/b/b.csv`, for: 'step "p", inputs.b.source' },
      { local: '/abs/c.csv', uri: `${root}/p/input/c/c.csv`, for: 'step "p", inputs.c.source' },
      { local: 'steps/q.mjs', uri: `${root}/code/q/q.mjs`, for: 'step "q", process.code' },
    ]);
    const args = steps(result.document).get('p').Arguments;
    assert.deepEqual(args.AppSpecification.ContainerEntrypoint, ['node', '/opt/ml/processing/input/code/main.mjs']);
    assert.deepEqual(
      args.ProcessingInputs.map((i: Json) => [i.InputName, i.S3Input.S3Uri]),
      [
        ['a', { Get: 'Parameters.data' }],
        ['b', `${root}/p/input/b/b.csv`],
        ['c', `${root}/p/input/c/c.csv`],
        ['d', 's3://already/there'],
        ['code', `${root}/code/p`],
      ],
    );
  });

  test('refuses a data location joined at run time from a local path', () => {
    const day = param.string('day', '2024-01-01');
    const p = processing('p', { command: ['node'], image: 'i', inputs: { a: join(['data/', day, '.csv']) } });
    assert.throws(
      () => compile(pipeline('j', { parameters: [day], steps: [p] }).ir),
      /joined at run time from the local path "data\/"/,
    );
  });
});

describe('SageMaker and Step Functions: IR coverage', () => {
  /**
   * Every IR field, as the IR schema lists it, that the AWS compilers map (or refuse with a
   * CompileError). A field added to the IR fails this test until both compilers handle it, so
   * that no new feature is dropped silently. Function steps are refused whole.
   */
  const HANDLED: Record<string, readonly string[]> = {
    pipeline: ['apiVersion', 'description', 'kind', 'name', 'parameters', 'steps'],
    parameter: ['default', 'description', 'name', 'type'],
    stepBase: ['cache', 'dependsOn', 'description', 'displayName', 'name', 'retry', 'timeoutSeconds'],
    processingStep: ['inputs', 'metricDefinitions', 'outputs', 'process', 'propertyFiles', 'resources', 'type'],
    trainingStep: [
      'algorithm',
      'algorithm.name',
      'checkpoint',
      'checkpoint.localPath',
      'checkpoint.uri',
      'hyperparameters',
      'inputs',
      'metricDefinitions',
      'outputs',
      'process',
      'resources',
      'spot',
      'spot.interruptions',
      'spot.maxWaitSeconds',
      'type',
    ],
    transformStep: [
      'accept',
      'assembleWith',
      'batchStrategy',
      'contentType',
      'dataCapture',
      'dataCapture.destination',
      'dataCapture.generateInferenceId',
      'dataProcessing',
      'dataProcessing.inputFilter',
      'dataProcessing.joinSource',
      'dataProcessing.outputFilter',
      'environment',
      'image',
      'input',
      'maxConcurrentTransforms',
      'maxPayloadInMB',
      'model',
      'outputs',
      'resources',
      'splitType',
      'type',
    ],
    conditionStep: ['condition', 'else', 'then', 'type'],
    failStep: ['message', 'type'],
    // `warehouse` names the configured warehouse locally; on AWS every sql step runs on the
    // profile's Redshift target (docs/compile.md, "SQL steps").
    sqlStep: [
      'dialect',
      'file',
      'outputs',
      'outputs.format',
      'outputs.header',
      'outputs.name',
      'outputs.type',
      'outputs.unload',
      'params',
      'reads',
      'reads.name',
      'reads.table',
      'statements',
      'tables',
      'tables.name',
      'tables.table',
      'type',
      'warehouse',
    ],
    // SageMaker's QualityCheck step (the analyzer job's input, dataset_format, CheckType, SkipCheck,
    // FailOnViolation, RegisterNewBaseline, ModelPackageGroupName, SuppliedBaseline*); Step Functions refuses it.
    qualityCheckStep: [
      'baselineConstraints',
      'baselineStatistics',
      'checkType',
      'dataset',
      'failOnViolation',
      'format',
      'header',
      'modelPackageGroup',
      'outputs',
      'registerNewBaseline',
      'resources',
      'skipCheck',
      'type',
    ],
    // SageMaker: SqsQueueUrl, Arguments, OutputParameters; Step Functions: the queue, the message's arguments.
    callbackStep: ['args', 'outputParameters', 'outputParameters.name', 'outputParameters.type', 'queueUrl', 'type'],
    registerModelStep: [
      'approvalStatus',
      'contentTypes',
      'image',
      'inferenceInstances',
      'metrics',
      'model',
      'modelPackageGroup',
      'responseTypes',
      'transformInstances',
      'type',
    ],
    // CreateModel (SageMaker's Model step; Step Functions' sagemaker:createModel): role, image, environment, model data.
    modelStep: ['env', 'executionRole', 'image', 'model', 'type'],
    process: ['args', 'code', 'command', 'contract', 'entryPoint', 'env', 'image'],
    resources: ['instanceCount', 'instanceType', 'volumeSizeGB'],
    retry: ['backoff', 'backoff.initialSeconds', 'backoff.maxSeconds', 'backoff.rate', 'maxAttempts', 'on'],
    cache: ['enabled', 'expireAfter'],
    // channel: the training channel's ContentType, InputMode, S3DataDistributionType, RecordWrapperType, CompressionType.
    input: [
      'channel',
      'channel.compression',
      'channel.contentType',
      'channel.distribution',
      'channel.inputMode',
      'channel.recordWrapper',
      'destination',
      'name',
      'source',
      'type',
    ],
    // optional: a SageMaker output left empty uploads nothing and fails nothing, which is what it asks.
    output: ['name', 'optional', 'source', 'type'],
    propertyFiles: ['name', 'output', 'path'],
    metricDefinitions: ['name', 'regex'],
  };

  /** Property paths of a schema node, nested inline objects included (references are not followed). */
  function fields(node: Json, prefix = ''): string[] {
    const item = node.type === 'array' ? node.items : node;
    return Object.entries(item?.properties ?? {}).flatMap(([name, sub]: [string, Json]) => [
      `${prefix}${name}`,
      ...(sub.$ref ? [] : fields(sub, `${prefix}${name}.`)),
    ]);
  }

  test('every IR field is mapped or refused by the AWS compilers', () => {
    const defs = (IR_SCHEMA as Json).$defs;
    for (const [def, handled] of Object.entries(HANDLED)) {
      assert.ok(defs[def], `the IR schema has no $defs.${def}`);
      assert.deepEqual(
        fields(defs[def]).sort(),
        [...handled].sort(),
        `IR $defs.${def} changed: map or refuse the new field in src/compile/sagemaker and src/compile/stepfunctions`,
      );
    }
    const stepDefs = Object.keys(defs).filter((d) => d.endsWith('Step') && d !== 'functionStep');
    assert.deepEqual(
      stepDefs.sort(),
      Object.keys(HANDLED)
        .filter((d) => d.endsWith('Step'))
        .sort(),
      'a step kind was added to the IR',
    );
  });
});
