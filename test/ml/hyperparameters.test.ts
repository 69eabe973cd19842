import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GodwitError } from '../../src/core/errors.js';
import { KNOWN_HYPERPARAMETERS, resolveHyperparameters } from '../../src/ml/linear-learner.js';

function hyperparameterError(input: Record<string, string | number | boolean>, pattern: RegExp) {
  assert.throws(
    () => resolveHyperparameters(input),
    (err: unknown) => err instanceof GodwitError && err.code === 'E_HYPERPARAMETER' && pattern.test(err.message),
  );
}

describe('linear-learner hyperparameters', () => {
  test('strings (hyperparameters.json) and typed values resolve to the same set', () => {
    const fromJson = resolveHyperparameters({ predictor_type: 'regressor', wd: '0.01', epochs: '20', normalize_data: 'False' });
    const fromDsl = resolveHyperparameters({ predictor_type: 'regressor', wd: 0.01, epochs: 20, normalize_data: false });
    assert.deepEqual(fromJson.values, fromDsl.values);
    assert.equal(fromJson.values.wd, 0.01);
    assert.equal(fromJson.values.normalize_data, false);
  });

  test('fills SageMaker defaults and records what was given', () => {
    const { values, given } = resolveHyperparameters({ predictor_type: 'binary_classifier' });
    assert.equal(values.wd, 0);
    assert.equal(values.optimizer, 'auto');
    assert.equal(values.mini_batch_size, 1000);
    assert.equal(values.binary_classifier_model_selection_criteria, 'accuracy');
    assert.deepEqual([...given], ['predictor_type']);
  });

  test('unwraps JSON-encoded strings, as some SDKs write them', () => {
    assert.equal(resolveHyperparameters({ predictor_type: '"regressor"' }).values.predictor_type, 'regressor');
  });

  test('skips platform-reserved names such as _tuning_objective_metric', () => {
    const { skipped } = resolveHyperparameters({ predictor_type: 'regressor', _tuning_objective_metric: 'validation:mse' });
    assert.deepEqual(skipped, ['_tuning_objective_metric']);
  });

  test('predictor_type is required', () => hyperparameterError({ wd: 1 }, /predictor_type is required/));

  test('an unknown name is an error that lists the known ones', () => {
    try {
      resolveHyperparameters({ predictor_type: 'regressor', learnig_rate: 0.1 });
      assert.fail('expected an error');
    } catch (err) {
      assert.ok(err instanceof GodwitError);
      assert.match(err.message, /unknown hyperparameter "learnig_rate"/);
      for (const name of KNOWN_HYPERPARAMETERS) assert.ok(err.hint?.includes(name), name);
    }
  });

  test('a SageMaker hyperparameter Godwit does not implement says so', () =>
    hyperparameterError(
      { predictor_type: 'regressor', num_models: 'auto' },
      /"num_models" is a SageMaker linear-learner hyperparameter that Godwit does not implement/,
    ));

  test('bad values name the expectation and the value; all problems come at once', () =>
    hyperparameterError(
      { predictor_type: 'regresor', wd: '-1', epochs: '2.5', normalize_data: 'yes' },
      /predictor_type must be "regressor" or "binary_classifier", got "regresor"; wd must be a number ≥ 0, got "-1"; epochs must be a positive integer, got "2.5"; normalize_data must be true or false/,
    ));

  test('classifier-only settings given to a regressor are reported', () =>
    hyperparameterError(
      { predictor_type: 'regressor', target_recall: 0.9 },
      /target_recall apply only to predictor_type "binary_classifier"/,
    ));

  test('loss must fit the predictor type, and a classifier cannot normalise its label', () => {
    hyperparameterError({ predictor_type: 'regressor', loss: 'logistic' }, /loss "logistic" does not fit/);
    hyperparameterError({ predictor_type: 'binary_classifier', normalize_label: true }, /normalize_label cannot be true/);
  });
});
