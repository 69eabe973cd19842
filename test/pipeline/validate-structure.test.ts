import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validatePipeline } from '../../src/pipeline/validate.js';
import { assertMentions, demoWith, pipelineIr, problemAt } from './ir-builders.js';

/** The demo pipeline as plain JSON, to break its shape in ways the types do not allow. */
function demoJson(): { [key: string]: unknown; steps: Record<string, unknown>[]; parameters?: Record<string, unknown>[] } {
  return structuredClone(demoWith()) as never;
}

function stepJson(ir: ReturnType<typeof demoJson>, name: string): Record<string, unknown> {
  const s = ir.steps.find((x) => x.name === name);
  assert.ok(s, `no step ${name}`);
  return s;
}

describe('structural validation (JSON Schema)', () => {
  test('the demo pipeline is valid', () => {
    assert.deepEqual(validatePipeline(demoWith()), []);
  });

  test('an unknown step field is reported with the closest valid field and the list', () => {
    const ir = demoJson();
    const train = stepJson(ir, 'train');
    train.hyperparameter = { wd: 0.1 };
    const p = problemAt(ir, 'train', 'hyperparameter');
    assertMentions(
      p.message,
      'unknown field "hyperparameter"',
      'Did you mean "hyperparameters"?',
      'Valid fields:',
      'retry',
      'algorithm',
    );
  });

  test('an unknown step type is one problem listing the valid types', () => {
    const ir = demoJson();
    stepJson(ir, 'prep').type = 'procesing';
    const problems = validatePipeline(ir).filter((p) => p.step === 'prep');
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0].field, 'type');
    assertMentions(
      problems[0].message,
      'unknown step type "procesing"',
      'Did you mean "processing"?',
      'register-model',
      'function',
    );
  });

  test('a wrong value type names the expected and the found type', () => {
    const ir = demoJson();
    (stepJson(ir, 'train').hyperparameters as unknown) = { wd: [0.1] };
    const p = problemAt(ir, 'train', 'hyperparameters.wd');
    assertMentions(p.message, 'must be a string, a number, a boolean or a reference', 'found an array');
  });

  test('a missing required field is named, with a hint for lists', () => {
    const ir = demoJson();
    delete stepJson(ir, 'prep').outputs;
    delete ir.parameters;
    assertMentions(problemAt(ir, 'prep', 'outputs').message, 'required field "outputs" is missing', '`outputs: []`');
    assertMentions(problemAt(ir, undefined, 'parameters').message, 'required field "parameters" is missing');
  });

  test('paths go through named items: inputs.<name>, parameters.<name>', () => {
    const ir = demoJson();
    const prep = stepJson(ir, 'prep') as { inputs: Record<string, unknown>[] };
    prep.inputs[0].type = 'data';
    ir.parameters![1].default = null;
    assertMentions(
      problemAt(ir, 'prep', 'inputs.raw.type').message,
      'must be one of dataset, model, metrics, fileset',
      'found "data"',
    );
    assertMentions(problemAt(ir, undefined, 'parameters.threshold.default').message, 'found null');
  });

  test('an unknown reference kind and condition operator list the valid ones', () => {
    const ir = demoJson();
    const prep = stepJson(ir, 'prep') as { inputs: Record<string, unknown>[] };
    prep.inputs[0].source = { kind: 'Param', name: 'input_data' };
    (stepJson(ir, 'check').condition as Record<string, unknown>).op = 'lessThan';
    assertMentions(
      problemAt(ir, 'prep', 'inputs.raw.source.kind').message,
      'unknown reference kind "Param"',
      'Parameter, StepOutput',
    );
    assertMentions(
      problemAt(ir, 'check', 'condition.op').message,
      'unknown condition operator "lessThan"',
      'eq, gt, gte, lt, lte, in, not, and, or',
    );
  });

  test('a field of a reference node is checked too', () => {
    const ir = demoJson();
    const prep = stepJson(ir, 'prep') as { inputs: Record<string, unknown>[] };
    prep.inputs[0].source = { kind: 'StepOutput', step: 'x', ouput: 'y' };
    const problems = validatePipeline(ir).filter((p) => p.step === 'prep');
    assert.ok(
      problems.some((p) => p.field === 'inputs.raw.source.ouput' && p.message.includes('Did you mean "output"?')),
      JSON.stringify(problems),
    );
    assert.ok(problems.some((p) => p.field === 'inputs.raw.source.output' && p.message.includes('required field "output"')));
  });

  test('a step without a name is located by its index', () => {
    const ir = demoJson();
    delete ir.steps[1].name;
    assertMentions(problemAt(ir, undefined, 'steps[1].name').message, 'required field "name" is missing');
  });

  test('kind and a non-object document', () => {
    const ir = demoJson();
    ir.kind = 'Pipelin';
    assertMentions(problemAt(ir, undefined, 'kind').message, 'must be "Pipeline"');
    assertMentions(problemAt([], undefined, 'pipeline').message, 'must be an object', 'found an array');
  });

  test('while the shape is broken, the semantic checks do not run', () => {
    const ir = demoJson();
    ir.apiVersion = 'godwit/v9';
    stepJson(ir, 'train').bogus = 1;
    const problems = validatePipeline(ir);
    assert.deepEqual(
      problems.map((p) => p.field),
      ['bogus'],
    );
  });

  test('every structural problem is reported at once', () => {
    const ir = pipelineIr([]) as unknown as Record<string, unknown>;
    ir.steps = [
      { name: 'a', type: 'fail' },
      { name: 'b', type: 'nope' },
      { name: 'c', type: 'processing', process: { command: 'node' }, inputs: [], outputs: [] },
    ];
    const fields = validatePipeline(ir).map((p) => `${p.step}/${p.field}`);
    assert.deepEqual(fields.sort(), ['a/message', 'b/type', 'c/process.command']);
  });
});
