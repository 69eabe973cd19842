import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileKfp } from '../../src/compile/kfp/kfp-compiler.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import {
  and,
  condition,
  eq,
  execution,
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
} from '../../src/pipeline/dsl/index.js';
import type { Condition } from '../../src/pipeline/ir.js';
import { everyStepPipeline, nestedConditionsPipeline } from './kfp-proto/fixtures.js';
import { compileSpec, componentOf, containerOf, findTask, rejects, step, tasksOf } from './kfp-proto/spec-helpers.js';

const gcp = BUILTIN_PROFILES.gcp;

/** The trigger CEL of a one-branch condition over the parameters mode (string), n (integer), x (float), flag. */
function celOf(cond: Condition): string {
  const body = step('body');
  const ir = pipeline('cel', {
    parameters: [param.string('mode', 'a'), param.integer('n', 1), param.float('x', 0.5), param.boolean('flag', true)],
    steps: [condition('c', { if: cond, then: [body] })],
  }).ir;
  const spec = compileSpec(ir);
  return findTask(spec, 'condition-1').task.triggerPolicy?.condition as string;
}

describe('compileKfp: conditions', () => {
  test('then and else become condition-branches with a triggered task each, as dsl.If/dsl.Else compile', () => {
    const spec = compileSpec(everyStepPipeline());
    const group = tasksOf(spec)['condition-branches-1'];
    assert.equal(group.taskInfo.name, 'gate');
    assert.equal(group.triggerPolicy, undefined);
    assert.equal(group.cachingOptions, undefined);
    const inner = tasksOf(spec, 'comp-condition-branches-1');
    assert.deepEqual(Object.keys(inner).sort(), ['condition-2', 'condition-3']);
    const cel = inner['condition-2'].triggerPolicy?.condition as string;
    assert.equal(inner['condition-3'].triggerPolicy?.condition, `!(${cel})`);
    assert.deepEqual(Object.keys(tasksOf(spec, 'comp-condition-2')).sort(), ['register', 'score']);
    assert.deepEqual(Object.keys(tasksOf(spec, 'comp-condition-3')), ['stop']);
  });

  test('values from outside a branch are passed in through each enclosing DAG', () => {
    const spec = compileSpec(everyStepPipeline());
    const score = tasksOf(spec, 'comp-condition-2').score;
    assert.deepEqual(score.inputs?.artifacts?.model, { componentInputArtifact: 'pipelinechannel--train-ll-model' });
    assert.deepEqual(
      tasksOf(spec, 'comp-condition-branches-1')['condition-2'].inputs?.artifacts?.['pipelinechannel--train-ll-model'],
      {
        componentInputArtifact: 'pipelinechannel--train-ll-model',
      },
    );
    const group = tasksOf(spec)['condition-branches-1'];
    assert.deepEqual(group.inputs?.artifacts?.['pipelinechannel--train-ll-model'], {
      taskOutputArtifact: { producerTask: 'train-ll', outputArtifactKey: 'model' },
    });
    assert.ok(group.dependentTasks?.includes('train-ll'));
    assert.equal(
      spec.components['comp-condition-2'].inputDefinitions?.artifacts?.['pipelinechannel--train-ll-model'].artifactType
        .schemaTitle,
      'system.Model',
    );
  });

  test('JsonGet is read by a task beside the producer into a typed output parameter', () => {
    const spec = compileSpec(everyStepPipeline());
    const readers = Object.entries(tasksOf(spec)).filter(([name]) => name.startsWith('prep-report'));
    const doubleReader = readers.find(
      ([name]) => componentOf(spec, name).outputDefinitions?.parameters?.Output.parameterType === 'NUMBER_DOUBLE',
    );
    assert.ok(doubleReader, 'the condition reads the value as a double');
    const [name, task] = doubleReader;
    assert.deepEqual(task.inputs?.artifacts?.source, {
      taskOutputArtifact: { producerTask: 'prep', outputArtifactKey: 'report' },
    });
    const c = containerOf(spec, name);
    assert.deepEqual(c.args, [
      "{{$.inputs.artifacts['source'].path}}/report.json",
      'metrics[0].score',
      '["metrics",0,"score"]',
      "{{$.outputs.parameters['Output'].output_file}}",
    ]);
    assert.deepEqual(tasksOf(spec)['condition-branches-1'].inputs?.parameters?.[`pipelinechannel--${name}-Output`], {
      taskOutputParameter: { producerTask: name, outputParameterKey: 'Output' },
    });
  });

  test('comparison, in, not, and, or compile to CEL typed as the SDK types them', () => {
    const mode = { kind: 'Parameter', name: 'mode' } as const;
    const n = { kind: 'Parameter', name: 'n' } as const;
    const x = { kind: 'Parameter', name: 'x' } as const;
    const flag = { kind: 'Parameter', name: 'flag' } as const;
    const v = (p: string) => `inputs.parameter_values['pipelinechannel--${p}']`;
    assert.equal(celOf(eq(mode, 'heads')), `${v('mode')} == 'heads'`);
    assert.equal(celOf(gt(n, 5)), `int(${v('n')}) > 5`);
    assert.equal(celOf(gte(x, 6)), `${v('x')} >= 6.0`);
    assert.equal(celOf(lt(n, x)), `double(int(${v('n')})) < ${v('x')}`);
    assert.equal(celOf(lte(x, 0.5)), `${v('x')} <= 0.5`);
    assert.equal(celOf(eq(flag, true)), `${v('flag')} == true`);
    assert.equal(celOf(eq(mode, 3)), `${v('mode')} == '3'`);
    assert.equal(celOf(eq(n, 'it')), `string(int(${v('n')})) == 'it'`);
    assert.equal(celOf(eq(mode, "it's")), `${v('mode')} == 'it\\'s'`);
    assert.equal(celOf(isIn(mode, ['a', 'b'])), `${v('mode')} in ['a', 'b']`);
    assert.equal(celOf(not(eq(mode, 'a'))), `!(${v('mode')} == 'a')`);
    assert.equal(celOf(and(eq(mode, 'a'), gt(n, 1))), `${v('mode')} == 'a' && int(${v('n')}) > 1`);
    assert.equal(
      celOf(or(and(eq(mode, 'a'), gt(n, 1)), not(eq(mode, 'b')))),
      `(${v('mode')} == 'a' && int(${v('n')}) > 1) || !(${v('mode')} == 'b')`,
    );
    assert.equal(celOf(eq(execution.pipelineName, 'cel')), `'cel' == 'cel'`);
    assert.equal(celOf(eq(execution.id, 'x')), "inputs.parameter_values['pipelinechannel--execution-id'] == 'x'");
    assert.equal(celOf(eq(join(['v', mode]), 'va')), "inputs.parameter_values['pipelinechannel--condition-1-join-1'] == 'va'");
  });

  test('a one-branch condition is a single condition task; an else-only one negates', () => {
    const spec = compileSpec(nestedConditionsPipeline());
    const outer = tasksOf(spec)['condition-1'];
    assert.equal(outer.taskInfo.name, 'outer');
    assert.equal(
      outer.triggerPolicy?.condition,
      "'nested' == 'nested' || inputs.parameter_values['pipelinechannel--execution-id'] == 'x'",
    );
    const elseOnly = tasksOf(spec)['condition-3'];
    assert.equal(elseOnly.taskInfo.name, 'else-only');
    assert.equal(elseOnly.triggerPolicy?.condition, "!(int(inputs.parameter_values['pipelinechannel--rows']) > 3)");
    assert.deepEqual(Object.keys(tasksOf(spec, 'comp-condition-3')).sort(), ['third', 'third-code-importer']);
  });

  test('nested conditions nest DAGs; a sibling in the outer branch is read directly', () => {
    const spec = compileSpec(nestedConditionsPipeline());
    const inner = tasksOf(spec, 'comp-condition-1')['condition-2'];
    assert.equal(inner.taskInfo.name, 'inner');
    assert.deepEqual(inner.inputs?.artifacts?.['pipelinechannel--first-data'], {
      taskOutputArtifact: { producerTask: 'first', outputArtifactKey: 'data' },
    });
    assert.deepEqual(inner.dependentTasks, ['first']);
    const second = tasksOf(spec, 'comp-condition-2').second;
    assert.deepEqual(second.inputs?.artifacts?.b, { componentInputArtifact: 'pipelinechannel--first-data' });
    assert.deepEqual(second.inputs?.artifacts?.a, { componentInputArtifact: 'pipelinechannel--base-data' });
  });

  test('dependsOn from inside a branch waits on the branch task; dependsOn a condition waits on its group', () => {
    const spec = compileSpec(nestedConditionsPipeline());
    assert.deepEqual(tasksOf(spec)['condition-3'].dependentTasks, ['base']);
    assert.ok(tasksOf(spec).after.dependentTasks?.includes('condition-1'));
  });

  test('a branch step reading a step of another branch is an error', () => {
    const a = step('a');
    const b = step('b', { inputs: { x: a.output('out') } });
    const c1 = condition('c1', { if: eq(param.string('m', 'x'), 'x'), then: [a] });
    const c2 = condition('c2', { if: eq(param.string('m', 'x'), 'y'), then: [b] });
    const ir = pipeline('p', { parameters: [param.string('m', 'x')], steps: [c1, c2] }).ir;
    rejects(() => compileKfp(ir, gcp), /Step "b" uses a value of "a", which runs inside a condition branch/);
  });

  test('StepMetric needs a built-in algorithm step', () => {
    const a = step('a');
    const ir = pipeline('p', { steps: [condition('c', { if: gt(a.metric('loss'), 1), then: [step('b')] })] }).ir;
    rejects(() => compileKfp(ir, gcp), /the metric "loss" of "a"/);
  });

  test('a condition with no branch is an error; a policy on one is left out with a warning', () => {
    const m = param.string('m', 'x');
    rejects(
      () => compileKfp(pipeline('p', { parameters: [m], steps: [condition('c', { if: eq(m, 'x') })] }).ir, gcp),
      /no then or else/,
    );
    const withRetry = condition('c', { if: eq(m, 'x'), then: [step('a')] }).withRetry({ maxAttempts: 2 });
    const { warnings } = compileKfp(pipeline('p', { parameters: [m], steps: [withRetry] }).ir, gcp);
    assert.deepEqual(
      warnings.filter((w) => w.step === 'c').map((w) => w.message),
      [
        'the retry policy of a condition cannot be expressed (a condition is a DAG in KFP, not a task) and is left out: a condition evaluates at once and runs nothing itself.',
      ],
    );
  });
});

describe('compileKfp: dependencies across branches', () => {
  test('dependsOn a step inside a branch, from outside it, is an error', () => {
    const m = param.string('m', 'x');
    const inner = step('inner');
    const gate = condition('gate', { if: eq(m, 'x'), then: [inner] });
    const after = step('after', { dependsOn: [inner] });
    const ir = pipeline('p', { parameters: [m], steps: [gate, after] }).ir;
    rejects(() => compileKfp(ir, gcp), /Step "after" uses a dependency on "inner", which runs inside a condition branch/);
  });
});
