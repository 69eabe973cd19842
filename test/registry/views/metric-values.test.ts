import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bestOf, flattenMetrics, formatDelta, metricDirection } from '../../../src/registry/views/metric-values.js';

test("a metrics report's numeric leaves by their JsonGet paths", () => {
  const report = {
    regression_metrics: { mse: { value: 4.5, standard_deviation: 1.25 }, label: 'x' },
    items: [{ score: 1 }, { score: 2, ok: true }],
    nan: Number.NaN,
  };
  assert.deepEqual(flattenMetrics(report), {
    'regression_metrics.mse.value': 4.5,
    'regression_metrics.mse.standard_deviation': 1.25,
    'items[0].score': 1,
    'items[1].score': 2,
  });
  assert.deepEqual(flattenMetrics(undefined), {});
});

test('which way a metric improves, from the words of its name, overrides first', () => {
  const cases: [string, string | undefined][] = [
    ['validation:mse', 'lower'],
    ['train_loss', 'lower'],
    ['regression_metrics.rmse.value', 'lower'],
    ['binary_classification_metrics.log_loss.value', 'lower'],
    ['val_accuracy', 'higher'],
    ['roc_auc', 'higher'],
    ['f1', 'higher'],
    ['r2', 'higher'],
    ['train:rows', undefined],
    ['accuracy_loss', undefined],
  ];
  for (const [name, direction] of cases) assert.equal(metricDirection(name), direction, name);
  assert.equal(metricDirection('train:rows', { higher: ['train:rows'] }), 'higher');
  assert.equal(metricDirection('train.train:accuracy', { lower: ['train:accuracy'] }), 'lower');
});

test('the best value: ties all win, nothing without a direction or a second value', () => {
  assert.deepEqual(bestOf([3, 1, 1, undefined], 'lower'), [1, 2]);
  assert.deepEqual(bestOf([3, 1, 5], 'higher'), [2]);
  assert.deepEqual(bestOf([3, 1], undefined), []);
  assert.deepEqual(bestOf([3, undefined], 'lower'), []);
  assert.equal(formatDelta(0.375, 0.7674), '+0.3924');
  assert.equal(formatDelta(0.625, 0.2326), '-0.3924');
  assert.equal(formatDelta(2, 2), '0');
});
