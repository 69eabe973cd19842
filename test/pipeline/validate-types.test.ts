import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validatePipeline } from '../../src/pipeline/validate.js';
import {
  assertMentions,
  conditionStep,
  demoWith,
  jsonGet,
  out,
  param,
  problemAt,
  processingStep,
  registerStep,
  transformStep,
} from './ir-builders.js';

describe('artifact types', () => {
  test('an input declaring type model fed from a dataset output', () => {
    const evaluate = processingStep('evaluate', {
      inputs: [{ name: 'model', type: 'model', source: out('prep', 'test') }],
      outputs: [{ name: 'report', type: 'metrics' }],
      propertyFiles: [{ name: 'evaluation', output: 'report', path: 'evaluation.json' }],
    });
    assert.equal(
      problemAt(demoWith(evaluate), 'evaluate', 'inputs.model.source').message,
      'input "model" expects a model, but output "test" of step "prep" is a dataset.',
    );
  });

  test('a fileset input accepts any artifact', () => {
    const evaluate = processingStep('evaluate', {
      inputs: [{ name: 'anything', type: 'fileset', source: out('train', 'model') }],
      outputs: [{ name: 'report', type: 'metrics' }],
      propertyFiles: [{ name: 'evaluation', output: 'report', path: 'evaluation.json' }],
    });
    assert.deepEqual(validatePipeline(demoWith(evaluate)), []);
  });

  test('transform: model must be a model, input must not be one', () => {
    const score = transformStep('score', out('prep', 'train'), out('train', 'model'));
    const ir = demoWith(score);
    assertMentions(
      problemAt(ir, 'score', 'model').message,
      'a transform runs a model',
      'output "train" of step "prep" is a dataset',
    );
    assertMentions(problemAt(ir, 'score', 'input').message, 'not a model', 'output "model" of step "train"');
  });

  test('transform and register accept a literal model URI', () => {
    const score = transformStep('score', 's3://bucket/model.tar.gz', out('prep', 'test'));
    assert.deepEqual(validatePipeline(demoWith(score)), []);
  });

  test('register-model: model must be a model, metrics must be metrics', () => {
    const register = registerStep('register', out('prep', 'train'), { metrics: out('prep', 'test') });
    const ir = demoWith(register);
    assertMentions(problemAt(ir, 'register', 'model').message, 'registers a model', 'is a dataset');
    assertMentions(problemAt(ir, 'register', 'metrics').message, 'attaches a metrics', 'is a dataset');
  });
});

describe('condition operand types', () => {
  const check = (condition: Parameters<typeof conditionStep>[1]) =>
    demoWith(conditionStep('check', condition, ['register'], ['stop']));

  test('gt with a boolean', () => {
    const ir = check({ op: 'gt', left: param('enabled'), right: 1 });
    assertMentions(
      problemAt(ir, 'check', 'condition.left').message,
      '"gt" orders numbers',
      'boolean parameter "enabled" is a boolean',
      'use "eq"',
    );
  });

  test('a string literal against a float parameter', () => {
    const ir = check({ op: 'lte', left: '0.5', right: param('threshold') });
    assertMentions(
      problemAt(ir, 'check', 'condition').message,
      'compares string literal "0.5" with float parameter "threshold"',
      'Write the number without quotes.',
    );
  });

  test('eq between a boolean and a number, inside and/not', () => {
    const ir = check({ op: 'and', conditions: [{ op: 'not', condition: { op: 'eq', left: param('enabled'), right: 1 } }] });
    assertMentions(
      problemAt(ir, 'check', 'condition.conditions[0].condition').message,
      '"eq" compares boolean parameter "enabled" with number literal 1',
    );
  });

  test('in: an item of another type', () => {
    const ir = check({ op: 'in', value: param('input_data'), values: ['a.csv', 3] });
    assertMentions(
      problemAt(ir, 'check', 'condition.values[1]').message,
      'string parameter "input_data" against number literal 3',
    );
  });

  test('JsonGet values and integer vs float compare freely', () => {
    const ir = check({
      op: 'or',
      conditions: [
        { op: 'gte', left: jsonGet('evaluate', 'evaluation', 'ok'), right: true },
        { op: 'lt', left: param('epochs'), right: param('threshold') },
        { op: 'eq', left: { kind: 'ExecutionVariable', name: 'PipelineName' }, right: 'demo' },
      ],
    });
    assert.deepEqual(validatePipeline(ir), [
      {
        step: 'check',
        field: 'condition.conditions[0].right',
        message: '"gte" orders numbers, but boolean literal true is a boolean; use "eq".',
      },
    ]);
  });
});
