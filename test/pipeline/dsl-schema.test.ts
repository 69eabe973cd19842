import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  and,
  condition,
  eq,
  execution,
  fail,
  fn,
  gte,
  isIn,
  join,
  lt,
  not,
  or,
  param,
  pipeline,
  processing,
  propertyFile,
  registerModel,
  training,
  transform,
} from '../../src/pipeline/dsl/index.js';
import { validatePipeline } from '../../src/pipeline/validate.js';

/**
 * Every DSL option set at once: if the DSL learns a field the schema does not know, the schema's
 * `additionalProperties: false` reports it here.
 */
function everyOption() {
  const data = param.string('data', 'data.csv', 'input');
  const threshold = param.float('threshold', 0.5);
  const epochs = param.integer('epochs', 3);
  const enabled = param.boolean('enabled', true);
  const status = param.string('status', 'Approved');
  const report = propertyFile('report', 'metrics', 'report.json');

  const prep = processing('prep', {
    displayName: 'Prepare',
    description: 'prepares',
    command: ['python3'],
    image: 'python:3.12',
    code: 'steps',
    entryPoint: 'prep.py',
    args: ['--in', { kind: 'InputPath', name: 'raw' }, join(['a', execution.id], '-')],
    env: { OUT: { kind: 'OutputPath', name: 'train' }, EPOCHS: epochs },
    contract: 'vertex',
    inputs: { raw: { source: data, type: 'dataset', destination: '/opt/ml/processing/input/raw' } },
    outputs: { train: { type: 'dataset', source: '/opt/ml/processing/train' }, metrics: 'metrics' },
    propertyFiles: [report],
    metricDefinitions: [{ name: 'rows', regex: 'rows=(\\d+)' }],
    resources: { instanceType: 'ml.m5.large', instanceCount: 1, volumeSizeGB: 30 },
    retry: { maxAttempts: 3, backoff: { initialSeconds: 1, rate: 2, maxSeconds: 10 }, on: ['error', 'infrastructure'] },
    cache: { enabled: true, expireAfter: 'PT1H' },
    timeoutSeconds: 600,
  });
  const train = training('train', {
    process: { command: ['python3'], code: 'train.py' },
    hyperparameters: { epochs, lr: 0.1 },
    inputs: { train: prep.output('train') },
    outputs: { output: 'fileset' },
    metricDefinitions: [{ name: 'loss', regex: 'loss=([0-9.]+)' }],
    checkpoint: { uri: 'checkpoints', localPath: '/opt/ml/checkpoints' },
    spot: { maxWaitSeconds: 900, interruptions: [5] },
    timeoutSeconds: 600,
  })
    .withRetry({ maxAttempts: 2 })
    .withCache({ enabled: false })
    .withTimeout(700)
    .after(prep);
  const score = transform('score', {
    model: train.output('model'),
    input: prep.output('train'),
    contentType: 'text/csv',
    splitType: 'None',
  });
  const register = registerModel('register', {
    model: train.output('model'),
    modelPackageGroup: 'group',
    approvalStatus: status,
    metrics: prep.output('metrics'),
    image: 'img',
    contentTypes: ['text/csv'],
    responseTypes: ['text/csv'],
    inferenceInstances: ['ml.m5.large'],
    transformInstances: ['ml.m5.large'],
    description: 'a model',
  });
  const inspect = fn('inspect', {
    run: () => undefined,
    inputs: { model: { source: train.output('model'), type: 'model' } },
    outputs: { notes: 'fileset' },
    args: { threshold, loss: train.metric('loss') },
    propertyFiles: [propertyFile('notes', 'notes', 'notes.json')],
  });
  const stop = fail('stop', { message: join(['too low:', prep.jsonGet(report, 'items[0].value')], ' ') });
  const check = condition('check', {
    if: and(
      gte(prep.jsonGet(report, 'auc'), threshold),
      or(eq(enabled, true), not(lt(prep.metric('rows'), 10))),
      isIn(status, ['Approved', 'PendingManualApproval']),
    ),
    then: [register, score, inspect],
    else: [stop],
  });
  return pipeline('every-option', {
    description: 'all of it',
    parameters: [data, threshold, epochs, enabled, status],
    steps: [check],
  });
}

describe('the schema knows every field the DSL writes', () => {
  test('a pipeline using every DSL option validates clean', () => {
    const { ir } = everyOption();
    assert.deepEqual(validatePipeline(ir), []);
    assert.equal(ir.steps.length, 7);
  });
});
