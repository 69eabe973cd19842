/**
 * The built-in algorithm table is the one place that knows an algorithm's names, channels and
 * metrics: the validator, the ML code, the model server and the compilers all read it. These
 * tests hold the readers to the table and keep the compilers off src/ml.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { compileSageMaker } from '../../src/compile/sagemaker/sagemaker-compiler.js';
import { formatPredictions, RESPONSE_TYPES, type ResponseType } from '../../src/ml/inference-format.js';
import { PARSED_HYPERPARAMETERS } from '../../src/ml/linear-learner/hyperparameters.js';
import { KNOWN_HYPERPARAMETERS, resolveHyperparameters } from '../../src/ml/linear-learner.js';
import { BUILTIN_ALGORITHM_NAMES, BUILTIN_ALGORITHMS } from '../../src/pipeline/builtin-algorithms.js';
import type { TrainingStep } from '../../src/pipeline/ir.js';
import { validatePipeline } from '../../src/pipeline/validate.js';
import { assertMentions, demoSteps, demoWith, out, pipelineIr, problemAt, processingStep, trainingStep } from './ir-builders.js';

const LL = BUILTIN_ALGORITHMS['linear-learner'];

describe('built-in algorithm table', () => {
  test('the linear learner parses exactly the hyperparameters the table names, with its defaults', () => {
    assert.deepEqual([...PARSED_HYPERPARAMETERS].sort(), Object.keys(LL.hyperparameters).sort());
    assert.deepEqual(KNOWN_HYPERPARAMETERS, Object.keys(LL.hyperparameters));
    const { values } = resolveHyperparameters({ predictor_type: 'regressor' });
    for (const [name, value] of Object.entries(LL.hyperparameters))
      if (value !== undefined) assert.equal(values[name as keyof typeof values], value, name);
    for (const name of LL.requiredHyperparameters)
      assert.throws(
        () => resolveHyperparameters({}),
        (err: Error) => err.message.includes(`${name} is required`),
      );
  });

  test('the model server answers in every response type the table lists', () => {
    assert.deepEqual(RESPONSE_TYPES, LL.inference.responseTypes);
    for (const type of LL.inference.responseTypes)
      assert.ok(formatPredictions([{ score: 1 }], type as ResponseType).length > 0, type);
  });

  test('the validator rejects a channel the algorithm does not have, with a suggestion', () => {
    const train = trainingStep('train', {
      inputs: [
        { name: 'train', type: 'dataset', source: out('prep', 'train') },
        { name: 'validaton', type: 'dataset', source: out('prep', 'test') },
      ],
    });
    assertMentions(
      problemAt(demoWith(train), 'train', 'inputs.validaton').message,
      'linear-learner has no channel "validaton"',
      'Did you mean "validation"?',
      'train, validation, test',
    );
  });

  test("the validator checks a metric read from an algorithm step against the algorithm's metrics", () => {
    const reader = (metric: string) =>
      processingStep('report', {
        process: { command: ['node'], code: 'report.mjs', args: [{ kind: 'StepMetric', step: 'train', metric }] },
      });
    const typo = pipelineIr([...demoSteps(), reader('validation:mes')]);
    assertMentions(
      problemAt(typo, 'report', 'process.args[0]').message,
      'reads metric "validation:mes" of step "train"',
      'Did you mean "validation:mse"?',
    );
    const valid = pipelineIr([...demoSteps(), reader('validation:mse')]);
    assert.deepEqual(
      validatePipeline(valid).filter((p) => p.step === 'report'),
      [],
    );
  });

  test('compilers write the table: entry point, metric definitions, profile images', () => {
    const ir = pipelineIr(demoSteps());
    const doc = compileSageMaker(ir, BUILTIN_PROFILES.aws).document as {
      Steps: { Name: string; Arguments: Record<string, never> }[];
    };
    const train = doc.Steps.find((s) => s.Name === 'train');
    const spec = train?.Arguments.AlgorithmSpecification as unknown as Record<string, unknown>;
    assert.deepEqual(spec.ContainerEntrypoint, LL.entryPoint);
    assert.deepEqual(spec.MetricDefinitions, LL.metricDefinitions);
    for (const profile of Object.values(BUILTIN_PROFILES))
      for (const name of BUILTIN_ALGORITHM_NAMES) assert.ok(profile.images[name], `${profile.name}: ${name}`);
    const step: TrainingStep['algorithm'] = { name: 'linear-learner' };
    assert.ok(BUILTIN_ALGORITHM_NAMES.includes(step.name));
  });

  test('no compiler imports from src/ml', () => {
    const root = join(import.meta.dirname, '../../src/compile');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    assert.ok(files.length > 40);
    for (const file of files) {
      const text = readFileSync(join(root, file), 'utf8');
      assert.doesNotMatch(text, /from '(\.\.\/)+ml\//, file);
    }
  });
});
