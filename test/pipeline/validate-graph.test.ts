import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validatePipeline } from '../../src/pipeline/validate.js';
import {
  assertMentions,
  conditionStep,
  demoSteps,
  demoWith,
  failStep,
  out,
  param,
  pipelineIr,
  problemAt,
  processingStep,
  registerStep,
  trainingStep,
  transformStep,
} from './ir-builders.js';

const always = { op: 'eq', left: true, right: true } as const;

describe('dependency cycles', () => {
  test('a cycle is named in run order, once', () => {
    const a = processingStep('a', { dependsOn: ['c'], outputs: [{ name: 'x', type: 'dataset' }] });
    const b = processingStep('b', { inputs: [{ name: 'x', source: out('a', 'x') }], outputs: [{ name: 'y', type: 'dataset' }] });
    const c = processingStep('c', { inputs: [{ name: 'y', source: out('b', 'y') }] });
    const problems = validatePipeline(pipelineIr([a, b, c]));
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0].step, 'a');
    assertMentions(problems[0].message, 'a → b → c → a');
  });

  test('two separate cycles are two problems', () => {
    const ir = pipelineIr([
      processingStep('a', { dependsOn: ['b'] }),
      processingStep('b', { dependsOn: ['a'] }),
      processingStep('c', { dependsOn: ['d'] }),
      processingStep('d', { dependsOn: ['c'] }),
    ]);
    const messages = validatePipeline(ir).map((p) => p.message);
    assert.equal(messages.length, 2, JSON.stringify(messages));
    assert.ok(messages.some((m) => m.includes('a → b → a')));
    assert.ok(messages.some((m) => m.includes('c → d → c')));
  });

  test('a condition that reads a step of its own branch is a cycle', () => {
    const check = conditionStep(
      'check',
      { op: 'gte', left: { kind: 'StepMetric', step: 'late', metric: 'm' }, right: 1 },
      ['late'],
      [],
    );
    const ir = pipelineIr([check, processingStep('late')]);
    assertMentions(problemAt(ir, 'check', 'dependencies').message, 'check → late → check');
  });
});

describe('condition branches', () => {
  test('then/else naming an unknown step, the condition itself, or a step twice', () => {
    const check = conditionStep('check', always, ['register', 'regster', 'check'], ['stop', 'register']);
    const ir = demoWith(check);
    assertMentions(problemAt(ir, 'check', 'then[1]').message, 'step "regster", which does not exist', 'Did you mean "register"?');
    assertMentions(problemAt(ir, 'check', 'then[2]').message, 'lists itself in its "then" branch');
    assertMentions(problemAt(ir, 'check', 'else[1]').message, 'step "register" is in both the "then" and the "else" branch');
  });

  test('a step in the branches of two conditions', () => {
    const other = conditionStep('other', always, ['register']);
    assertMentions(
      problemAt(demoWith(other), 'other', 'then[0]').message,
      'step "register" is already in the "then" branch of condition "check"',
      'Nest one condition inside the other',
    );
  });

  test('a step outside a branch that reads a branch step must join the branch', () => {
    const score = transformStep('score', out('train', 'model'), out('prep', 'test'));
    const after = processingStep('after', { inputs: [{ name: 'p', source: out('score', 'predictions') }], dependsOn: ['stop'] });
    const check = conditionStep('check', { op: 'gte', left: 1, right: param('threshold') }, ['register', 'score'], ['stop']);
    const ir = demoWith(check, score, after);
    assert.equal(
      problemAt(ir, 'after', 'inputs.p.source').message,
      'reads step "score", which runs only when condition "check" holds ("then" branch); put "after" in the same branch.',
    );
    // dependsOn a fail step is its own problem; the branch problem is not added on top.
    assertMentions(problemAt(ir, 'after', 'dependsOn[0]').message, 'a fail step');
  });

  test('an else-branch step reading a then-branch step', () => {
    const stop = failStep('stop', { message: out('score', 'predictions') });
    const score = transformStep('score', out('train', 'model'), out('prep', 'test'));
    const check = conditionStep('check', always, ['register', 'score'], ['stop']);
    assertMentions(
      problemAt(demoWith(check, score, stop), 'stop', 'message').message,
      'runs only in the "then" branch of condition "check"',
      'while "stop" runs only in its "else" branch',
      'never run in the same execution',
    );
  });

  test('nested conditions: a step of an inner branch may read the outer branch, not the reverse', () => {
    const inner = conditionStep('inner', always, ['deep'], []);
    const outer = conditionStep('outer', always, ['inner', 'shallow'], []);
    const shallow = processingStep('shallow', { outputs: [{ name: 'x', type: 'dataset' }] });
    const deep = processingStep('deep', {
      inputs: [{ name: 'x', source: out('shallow', 'x') }],
      outputs: [{ name: 'y', type: 'dataset' }],
    });
    const ok = pipelineIr([outer, inner, shallow, deep]);
    assert.deepEqual(validatePipeline(ok), []);

    const reader = processingStep('reader', { inputs: [{ name: 'y', source: out('deep', 'y') }] });
    const bad = pipelineIr([conditionStep('outer', always, ['inner', 'shallow', 'reader'], []), inner, shallow, deep, reader]);
    assertMentions(
      problemAt(bad, 'reader', 'inputs.y.source').message,
      'runs only when condition "inner" holds',
      'put "reader" in the same branch',
    );
  });

  test('the demo pipeline and a register inside the branch reading outside steps are fine', () => {
    const register = registerStep('register', out('train', 'model'), { dependsOn: ['evaluate'] });
    assert.deepEqual(validatePipeline(pipelineIr([...demoSteps().filter((s) => s.name !== 'register'), register])), []);
    assert.deepEqual(validatePipeline(demoWith(trainingStep('train'))), []);
  });
});
