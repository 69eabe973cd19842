import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Value } from '../../src/pipeline/ir.js';
import { validatePipeline } from '../../src/pipeline/validate.js';
import {
  assertMentions,
  conditionStep,
  demoWith,
  failStep,
  functionStep,
  jsonGet,
  out,
  param,
  problemAt,
  processingStep,
  trainingStep,
} from './ir-builders.js';

describe('references', () => {
  test('an undeclared parameter is named, with a suggestion and the declared ones', () => {
    const ir = demoWith(trainingStep('train', { hyperparameters: { wd: param('treshold') } }));
    assertMentions(
      problemAt(ir, 'train', 'hyperparameters.wd').message,
      'reads parameter "treshold", which is not declared',
      'Did you mean "threshold"?',
      'Parameters: input_data, threshold, epochs, enabled.',
    );
  });

  test('a parameter inside a join is checked', () => {
    const ir = demoWith(failStep('stop', { message: { kind: 'Join', on: ' ', values: ['x', param('nope')] } }));
    assertMentions(problemAt(ir, 'stop', 'message').message, 'reads parameter "nope"');
  });

  test('an unknown output lists the real outputs (STYLE.md §8)', () => {
    const ir = demoWith(trainingStep('train', { inputs: [{ name: 'train', source: out('prep', 'model') }] }));
    assert.equal(
      problemAt(ir, 'train', 'inputs.train.source').message,
      'reads output "model" of step "prep", which has no such output. Outputs of "prep": train, test.',
    );
  });

  test('an unknown step is named, with a suggestion', () => {
    const ir = demoWith(trainingStep('train', { inputs: [{ name: 'train', source: out('perp', 'train') }] }));
    assertMentions(
      problemAt(ir, 'train', 'inputs.train.source').message,
      'step "perp", which does not exist',
      'Did you mean "prep"?',
    );
  });

  test('a step without outputs says so', () => {
    const ir = demoWith(failStep('stop', { message: out('check', 'result') }));
    assertMentions(problemAt(ir, 'stop', 'message').message, '"check" (a condition step) has no outputs');
  });

  test('JsonGet: unknown property file, and a path that does not parse', () => {
    const check = conditionStep(
      'check',
      {
        op: 'and',
        conditions: [
          { op: 'gte', left: jsonGet('evaluate', 'evaluaton', 'metrics.auc'), right: 0.5 },
          { op: 'gte', left: jsonGet('evaluate', 'evaluation', 'metrics..auc'), right: 0.5 },
          { op: 'gte', left: jsonGet('evaluate', 'evaluation', '$.metrics.auc'), right: 0.5 },
        ],
      },
      ['register'],
      ['stop'],
    );
    const problems = validatePipeline(demoWith(check)).filter((p) => p.step === 'check');
    assert.equal(problems.length, 3, JSON.stringify(problems, null, 2));
    assertMentions(
      problems[0].message,
      'property file "evaluaton" of step "evaluate"',
      'Did you mean "evaluation"?',
      'Property files of "evaluate": evaluation.',
    );
    assertMentions(problems[1].message, 'JSON path "metrics..auc" is not valid', 'expected a key at position 8');
    assertMentions(problems[2].message, 'leave out the leading "$"', 'metrics.auc');
  });

  test('a property file whose output is not an output of its step', () => {
    const evaluate = processingStep('evaluate', {
      outputs: [{ name: 'report', type: 'metrics' }],
      propertyFiles: [{ name: 'evaluation', output: 'reports', path: '../evaluation.json' }],
    });
    const ir = demoWith(evaluate);
    assertMentions(
      problemAt(ir, 'evaluate', 'propertyFiles.evaluation.output').message,
      'output "reports", which the step does not declare',
      'Did you mean "report"?',
      'Outputs of "evaluate": report.',
    );
    assertMentions(problemAt(ir, 'evaluate', 'propertyFiles.evaluation.path').message, 'relative to it');
  });

  test('dependsOn: unknown step, the step itself', () => {
    const ir = demoWith(trainingStep('train', { dependsOn: ['prepp', 'train'] }));
    assertMentions(
      problemAt(ir, 'train', 'dependsOn[0]').message,
      'depends on step "prepp", which does not exist',
      'Did you mean "prep"?',
    );
    assertMentions(problemAt(ir, 'train', 'dependsOn[1]').message, 'lists itself', 'cannot depend on itself');
  });

  test('a step reading its own output is a self-dependency', () => {
    const prep = processingStep('prep', {
      inputs: [{ name: 'raw', source: out('prep', 'train') }],
      outputs: [
        { name: 'train', type: 'dataset' },
        { name: 'test', type: 'dataset' },
      ],
    });
    assertMentions(problemAt(demoWith(prep), 'prep', 'inputs.raw.source').message, 'this step itself', 'cannot depend on itself');
  });

  test('fail steps cannot be referenced', () => {
    const late = failStep('late', { message: { kind: 'StepMetric', step: 'stop', metric: 'x' }, dependsOn: ['stop'] });
    const ir = demoWith(late, conditionStep('check', { op: 'eq', left: true, right: true }, ['register'], ['stop', 'late']));
    assertMentions(problemAt(ir, 'late', 'message').message, 'step "stop", a fail step', 'nothing can run after it');
    assertMentions(problemAt(ir, 'late', 'dependsOn[0]').message, 'depends on step "stop", a fail step');
  });

  test('InputPath / OutputPath name the step own inputs and outputs, in process args and env only', () => {
    const args: Value[] = [
      { kind: 'InputPath', name: 'raw' },
      { kind: 'OutputPath', name: 'trian' },
    ];
    const prep = processingStep('prep', {
      process: {
        command: ['node'],
        args,
        env: { OUT: { kind: 'OutputPath', name: 'test' }, IN: { kind: 'InputPath', name: 'nope' } },
      },
      inputs: [{ name: 'raw', source: 'data.csv' }],
      outputs: [
        { name: 'train', type: 'dataset' },
        { name: 'test', type: 'dataset' },
      ],
    });
    const fn = functionStep('helper', { args: { where: { kind: 'InputPath', name: 'x' } } });
    const ir = demoWith(prep, fn);
    assertMentions(
      problemAt(ir, 'prep', 'process.args[1]').message,
      'OutputPath "trian"',
      'no output "trian"',
      'Did you mean "train"?',
    );
    assertMentions(problemAt(ir, 'prep', 'process.env.IN').message, 'no input "nope"', 'Its inputs: raw.');
    assertMentions(
      problemAt(ir, 'helper', 'args.where').message,
      "only means something in the step's own process.args and process.env",
    );
    assert.equal(validatePipeline(ir).length, 3);
  });

  test('StepMetric from a step that reports no metrics', () => {
    const ir = demoWith(failStep('late', { message: { kind: 'StepMetric', step: 'check', metric: 'auc' } }));
    assertMentions(problemAt(ir, 'late', 'message').message, 'a condition step, which reports no metrics');
  });

  test('StepMetric of a process step must be one of its metric definitions', () => {
    const evaluate = processingStep('evaluate', {
      outputs: [{ name: 'report', type: 'metrics' }],
      propertyFiles: [{ name: 'evaluation', output: 'report', path: 'evaluation.json' }],
      metricDefinitions: [{ name: 'test:mse', regex: 'mse=([0-9.]+)' }],
    });
    const good = failStep('late', { message: { kind: 'StepMetric', step: 'evaluate', metric: 'test:mse' } });
    const bad = failStep('later', { message: { kind: 'StepMetric', step: 'evaluate', metric: 'test:mae' } });
    const noDefs = failStep('latest', { message: { kind: 'StepMetric', step: 'prep', metric: 'rows' } });
    const builtin = failStep('builtin', { message: { kind: 'StepMetric', step: 'train', metric: 'validation:objective_loss' } });
    const ir = demoWith(evaluate, good, bad, noDefs, builtin);
    assertMentions(
      problemAt(ir, 'later', 'message').message,
      'which does not define it',
      'Did you mean "test:mse"?',
      'Metric definitions of "evaluate": test:mse.',
    );
    assertMentions(problemAt(ir, 'latest', 'message').message, '"prep" has no metricDefinitions');
    assert.deepEqual(
      validatePipeline(ir).map((p) => p.step),
      ['later', 'latest'],
    );
  });
});
