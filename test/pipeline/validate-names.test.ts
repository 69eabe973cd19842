import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validatePipeline } from '../../src/pipeline/validate.js';
import {
  assertMentions,
  demoSteps,
  demoWith,
  failStep,
  PARAMETERS,
  pipelineIr,
  problemAt,
  processingStep,
} from './ir-builders.js';

describe('names, versions and parameter defaults', () => {
  test('an unsupported apiVersion says which versions are supported', () => {
    const ir = { ...demoWith(), apiVersion: 'godwit/v2' };
    assertMentions(
      problemAt(ir, undefined, 'apiVersion').message,
      'unsupported version "godwit/v2"',
      'Supported versions: godwit/v1',
    );
  });

  test('duplicate step names are reported once, naming the name', () => {
    const ir = pipelineIr([...demoSteps(), failStep('stop', { message: 'again' }), failStep('stop', { message: 'thrice' })]);
    const p = problemAt(ir, 'stop', 'name');
    assertMentions(p.message, '3 steps are named "stop"', 'must be unique');
  });

  test('duplicate parameter names', () => {
    const ir = pipelineIr(demoSteps(), [...PARAMETERS, { name: 'threshold', type: 'integer' }]);
    assertMentions(problemAt(ir, undefined, 'parameters.threshold.name').message, '2 parameters are named "threshold"');
  });

  test('step and parameter names follow the name rule, and say it', () => {
    const ir = pipelineIr(
      [...demoSteps(), failStep('2fast'), failStep('has space'), failStep(`a${'b'.repeat(63)}`)],
      [...PARAMETERS, { name: 'bad.name', type: 'string', default: 'x' }],
    );
    const rule = 'use letters, digits, "-" and "_", starting with a letter';
    assertMentions(problemAt(ir, '2fast', 'name').message, 'Step name "2fast" is not valid', rule);
    assertMentions(problemAt(ir, 'has space', 'name').message, rule);
    assertMentions(problemAt(ir, `a${'b'.repeat(63)}`, 'name').message, '64 characters long', 'the limit is 63');
    assertMentions(problemAt(ir, undefined, 'parameters.bad.name.name').message, 'Parameter name "bad.name" is not valid', rule);
  });

  test('a name of exactly 63 characters is fine', () => {
    const name = `a${'b'.repeat(62)}`;
    assert.deepEqual(validatePipeline(pipelineIr([...demoSteps(), failStep(name)])), []);
  });

  test('parameter defaults must have the parameter type', () => {
    const ir = pipelineIr(demoSteps(), [
      { name: 'input_data', type: 'string', default: 3 },
      { name: 'threshold', type: 'float', default: '0.5' },
      { name: 'epochs', type: 'integer', default: 2.5 },
      { name: 'enabled', type: 'boolean', default: 'yes' },
    ]);
    assertMentions(problemAt(ir, undefined, 'parameters.input_data.default').message, 'number 3 is not a string');
    assertMentions(
      problemAt(ir, undefined, 'parameters.threshold.default').message,
      'string "0.5" is not a float',
      'without quotes',
    );
    assertMentions(problemAt(ir, undefined, 'parameters.epochs.default').message, 'number 2.5 is not an integer', 'whole number');
    assertMentions(problemAt(ir, undefined, 'parameters.enabled.default').message, 'string "yes" is not a boolean');
  });

  test('an integer default for a float parameter is fine', () => {
    const ir = pipelineIr(demoSteps(), [
      ...PARAMETERS.filter((p) => p.name !== 'threshold'),
      { name: 'threshold', type: 'float', default: 6 },
    ]);
    assert.deepEqual(validatePipeline(ir), []);
  });

  test('input, output and property-file names are unique within a step', () => {
    const prep = processingStep('prep', {
      inputs: [
        { name: 'raw', source: 'a.csv' },
        { name: 'raw', source: 'b.csv' },
      ],
      outputs: [
        { name: 'train', type: 'dataset' },
        { name: 'test', type: 'dataset' },
        { name: 'test', type: 'metrics' },
      ],
    });
    const ir = demoWith(prep);
    assertMentions(problemAt(ir, 'prep', 'inputs.raw').message, '2 inputs are named "raw"');
    assertMentions(problemAt(ir, 'prep', 'outputs.test').message, '2 outputs are named "test"');
  });
});
