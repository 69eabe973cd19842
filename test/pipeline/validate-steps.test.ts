import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GodwitError } from '../../src/core/errors.js';
import { parseIsoDuration, parseJsonPath, validatePipeline } from '../../src/pipeline/validate.js';
import {
  assertMentions,
  demoSteps,
  demoWith,
  functionStep,
  out,
  PARAMETERS,
  param,
  pipelineIr,
  problemAt,
  processingStep,
  registerStep,
  trainingStep,
  transformStep,
} from './ir-builders.js';

describe('per-kind rules', () => {
  test('training needs exactly one of algorithm or process', () => {
    const both = trainingStep('train', { process: { command: ['python3'], code: 'train.py' } });
    const neither = trainingStep('train', { algorithm: undefined });
    assertMentions(problemAt(demoWith(both), 'train', 'algorithm').message, 'not both');
    assertMentions(
      problemAt(demoWith(neither), 'train', 'algorithm').message,
      'needs an algorithm (linear-learner) or a process',
    );
  });

  test('an unknown built-in algorithm lists the built-in ones', () => {
    const ir = demoWith(trainingStep('train', { algorithm: { name: 'xgboost' as 'linear-learner' } }));
    assertMentions(
      problemAt(ir, 'train', 'algorithm.name').message,
      'unknown built-in algorithm "xgboost"',
      'Built-in algorithms: linear-learner',
    );
  });

  test('linear-learner needs a train channel; training needs a model output', () => {
    const ir = demoWith(
      trainingStep('train', {
        inputs: [{ name: 'data', source: out('prep', 'train') }],
        outputs: [{ name: 'model', type: 'fileset' }],
      }),
    );
    assertMentions(problemAt(ir, 'train', 'inputs').message, 'channel named "train"');
    assertMentions(problemAt(ir, 'train', 'outputs').message, 'output named "model" of type model');
  });

  test('processing needs a command; entryPoint needs code', () => {
    const prep = processingStep('prep', {
      process: { command: [], entryPoint: 'main.py' },
      outputs: [
        { name: 'train', type: 'dataset' },
        { name: 'test', type: 'dataset' },
      ],
    });
    const ir = demoWith(prep);
    assertMentions(problemAt(ir, 'prep', 'process.command').message, 'is empty', '["python3"]');
    assertMentions(problemAt(ir, 'prep', 'process.entryPoint').message, 'there is no process.code');
  });

  test('a transform declares its predictions output', () => {
    const score = { ...transformStep('score', out('train', 'model'), out('prep', 'test')), outputs: [] };
    assertMentions(problemAt(demoWith(score), 'score', 'outputs').message, '"predictions"');
  });

  test('approval status: literal or the default of a parameter', () => {
    const literal = registerStep('register', out('train', 'model'), { approvalStatus: 'Approve' });
    assertMentions(
      problemAt(demoWith(literal), 'register', 'approvalStatus').message,
      '"Approve" is not an approval status',
      'PendingManualApproval, Approved, Rejected',
    );
    const viaParam = registerStep('register', out('train', 'model'), { approvalStatus: param('status') });
    const ir = pipelineIr(
      demoSteps().map((s) => (s.name === 'register' ? viaParam : s)),
      [...PARAMETERS, { name: 'status', type: 'string', default: 'ok' }],
    );
    assertMentions(problemAt(ir, 'register', 'approvalStatus').message, '(the default of parameter "status")');
  });

  test("model package group: SageMaker's naming rule, caught by validate before any run", () => {
    for (const bad of ['../../evil', 'a_b', '-lead', `${'x'.repeat(64)}`]) {
      const step = registerStep('register', out('train', 'model'), { modelPackageGroup: bad });
      assertMentions(problemAt(demoWith(step), 'register', 'modelPackageGroup').message, 'is not a model package group name');
    }
    const fine = registerStep('register', out('train', 'model'), { modelPackageGroup: 'Abalone-Models-2' });
    assert.equal(validatePipeline(demoWith(fine)).length, 0);
  });

  test('function handlers: #pipeline or a module file', () => {
    const good = functionStep('a', { handler: { module: 'steps/a.ts', export: 'run' } });
    const bad = functionStep('b', { handler: { module: 'steps/b.py', export: '' } });
    const ir = demoWith(good, bad);
    assertMentions(problemAt(ir, 'b', 'handler.module').message, '"steps/b.py" is neither "#pipeline"', '.ts, .mts');
    assertMentions(problemAt(ir, 'b', 'handler.export').message, 'is empty');
    assert.equal(validatePipeline(ir).filter((p) => p.step === 'a').length, 0);
  });
});

describe('metric definitions, checkpoints and spot training', () => {
  test('metric definitions: unique names, a regex that compiles and captures the value', () => {
    const train = trainingStep('train', {
      algorithm: undefined,
      process: { command: ['python3'], code: 'train.py' },
      metricDefinitions: [
        { name: 'validation:mse', regex: 'mse=([0-9.]+)' },
        { name: 'validation:mse', regex: 'mse: ([0-9.]+)' },
        { name: 'loss', regex: 'loss=([0-9.]+' },
        { name: 'acc', regex: 'acc=[0-9.]+' },
      ],
    });
    const ir = demoWith(train);
    assertMentions(problemAt(ir, 'train', 'metricDefinitions[1].name').message, 'metric "validation:mse" is defined twice');
    assertMentions(problemAt(ir, 'train', 'metricDefinitions[2].regex').message, 'is not a valid regular expression');
    assertMentions(problemAt(ir, 'train', 'metricDefinitions[3].regex').message, 'has no capture group');
    assert.equal(validatePipeline(ir).length, 3);
  });

  test('checkpoint and spot values', () => {
    const train = trainingStep('train', {
      checkpoint: { uri: 'checkpoints', localPath: 'ckpt' },
      spot: { maxWaitSeconds: 60, interruptions: [30, 0] },
      timeoutSeconds: 120,
    });
    const ir = demoWith(train);
    assertMentions(problemAt(ir, 'train', 'checkpoint.localPath').message, 'absolute container path');
    assertMentions(
      problemAt(ir, 'train', 'spot.maxWaitSeconds').message,
      'less than timeoutSeconds (120)',
      'MaxWaitTimeInSeconds',
    );
    assertMentions(problemAt(ir, 'train', 'spot.interruptions[1]').message, 'is 0');
  });

  test('a well-formed spot training step is valid', () => {
    const train = trainingStep('train', {
      checkpoint: { uri: 'checkpoints' },
      spot: { maxWaitSeconds: 600, interruptions: [5] },
      timeoutSeconds: 300,
      metricDefinitions: [{ name: 'train:loss', regex: 'loss=([0-9.]+)' }],
    });
    assert.deepEqual(validatePipeline(demoWith(train)), []);
  });
});

describe('policies', () => {
  test('retry, backoff, cache expiry, timeout and resources', () => {
    const train = trainingStep('train', {
      retry: { maxAttempts: 0, backoff: { initialSeconds: -1, rate: -2, maxSeconds: -5 } },
      cache: { enabled: true, expireAfter: '30 days' },
      timeoutSeconds: 0,
      resources: { instanceCount: 1.5, volumeSizeGB: 0 },
    });
    const ir = demoWith(train);
    assertMentions(problemAt(ir, 'train', 'retry.maxAttempts').message, 'is 0', 'at least 1');
    assertMentions(problemAt(ir, 'train', 'retry.backoff.initialSeconds').message, 'is -1', '0 or more');
    assertMentions(problemAt(ir, 'train', 'retry.backoff.rate').message, 'is -2');
    assertMentions(problemAt(ir, 'train', 'retry.backoff.maxSeconds').message, 'is -5');
    assertMentions(problemAt(ir, 'train', 'cache.expireAfter').message, '"30 days" is not an ISO-8601 duration', 'PT1H');
    assertMentions(problemAt(ir, 'train', 'timeoutSeconds').message, 'more than 0');
    assertMentions(problemAt(ir, 'train', 'resources.instanceCount').message, 'is 1.5', 'whole number');
    assertMentions(problemAt(ir, 'train', 'resources.volumeSizeGB').message, 'more than 0');
  });

  test('retry with a fractional maxAttempts, and maxSeconds below initialSeconds', () => {
    const ir = demoWith(trainingStep('train', { retry: { maxAttempts: 2.5, backoff: { initialSeconds: 10, maxSeconds: 5 } } }));
    assertMentions(problemAt(ir, 'train', 'retry.maxAttempts').message, 'whole number');
    assertMentions(problemAt(ir, 'train', 'retry.backoff.maxSeconds').message, 'less than initialSeconds (10)');
  });

  test('container paths are absolute', () => {
    const prep = processingStep('prep', {
      inputs: [{ name: 'raw', source: 'data.csv', destination: 'input/raw' }],
      outputs: [
        { name: 'train', type: 'dataset', source: 'out/train' },
        { name: 'test', type: 'dataset' },
      ],
    });
    const ir = demoWith(prep);
    assertMentions(
      problemAt(ir, 'prep', 'inputs.raw.destination').message,
      'absolute container path',
      '/opt/ml/processing/input/raw',
    );
    assertMentions(problemAt(ir, 'prep', 'outputs.train.source').message, '/opt/ml/processing/output/train');
  });
});

describe('parseIsoDuration', () => {
  const H = 3_600_000;
  const D = 24 * H;
  test('reads the SageMaker ExpireAfter forms', () => {
    assert.equal(parseIsoDuration('PT1H'), H);
    assert.equal(parseIsoDuration('P30D'), 30 * D);
    assert.equal(parseIsoDuration('P1DT2H'), D + 2 * H);
    assert.equal(parseIsoDuration('PT16M'), 16 * 60_000);
    assert.equal(parseIsoDuration('P4W'), 28 * D);
    assert.equal(parseIsoDuration('P5Y'), 5 * 365 * D);
    assert.equal(parseIsoDuration('P2M'), 60 * D);
    assert.equal(parseIsoDuration('p30dT5h'), 30 * D + 5 * H);
    assert.equal(parseIsoDuration('PT0.5S'), 500);
  });

  test('rejects what is not a duration', () => {
    for (const s of ['', 'P', 'PT', '30D', 'P1H', 'P1DT', '1 hour', 'PT-1H']) {
      assert.throws(
        () => parseIsoDuration(s),
        (e: unknown) => e instanceof GodwitError && e.message.includes(`"${s}"`),
        s,
      );
    }
  });
});

describe('parseJsonPath', () => {
  test('keys, indexes and quoted keys', () => {
    assert.deepEqual(parseJsonPath('regression_metrics.mse.value'), ['regression_metrics', 'mse', 'value']);
    assert.deepEqual(parseJsonPath('items[0].score'), ['items', 0, 'score']);
    assert.deepEqual(parseJsonPath("metrics['f1 score']"), ['metrics', 'f1 score']);
    assert.deepEqual(parseJsonPath('[2]["a.b"]'), [2, 'a.b']);
  });

  test('errors say where', () => {
    assert.throws(() => parseJsonPath('a..b'), /position 2/);
    assert.throws(() => parseJsonPath('a[x]'), /index like \[0\]/);
    assert.throws(() => parseJsonPath('a b'), /unexpected " " at position 1/);
    assert.throws(() => parseJsonPath('$.a'), /leading "\$"/);
  });
});
