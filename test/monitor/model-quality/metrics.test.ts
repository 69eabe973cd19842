import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MetricValue } from '../../../src/monitor/model-quality/index.js';
import { binaryMetrics } from '../../../src/monitor/model-quality/metrics/binary.js';
import { multiclassMetrics } from '../../../src/monitor/model-quality/metrics/multiclass.js';
import { regressionMetrics } from '../../../src/monitor/model-quality/metrics/regression.js';
import { python, seeded, skipWithoutSklearn } from './sklearn-oracle.js';

const near = (actual: unknown, expected: number, name: string) => {
  assert.equal(typeof actual, 'number', `${name} is ${JSON.stringify(actual)}`);
  assert.ok(
    Math.abs((actual as number) - expected) <= 1e-12 * Math.max(1, Math.abs(expected)),
    `${name}: ${actual} vs ${expected}`,
  );
};
const valueIn = (metric: unknown) => (metric as MetricValue).value;

describe('model-quality metrics against the Developer Guide example files', () => {
  test('binary: the example confusion matrix gives every scalar of the example, to the last digit', () => {
    // confusion_matrix {"0": {"0": 1, "1": 2}, "1": {"0": 0, "1": 1}}: [actual][predicted].
    const labels = Uint8Array.from([0, 0, 0, 1]);
    const predicted = Uint8Array.from([0, 1, 1, 1]);
    const m = binaryMetrics({ labels, predicted, scores: Float64Array.from(predicted) });
    assert.deepEqual(m.confusion_matrix, { '0': { '0': 1, '1': 2 }, '1': { '0': 0, '1': 1 } });
    const expected: Record<string, number> = {
      recall: 1.0,
      precision: 0.3333333333333333,
      accuracy: 0.5,
      recall_best_constant_classifier: 1.0,
      precision_best_constant_classifier: 0.25,
      accuracy_best_constant_classifier: 0.25,
      true_positive_rate: 1.0,
      true_negative_rate: 0.33333333333333337,
      false_positive_rate: 0.6666666666666666,
      false_negative_rate: 0.0,
      f0_5: 0.3846153846153846,
      f1: 0.5,
      f2: 0.7142857142857143,
      f0_5_best_constant_classifier: 0.29411764705882354,
      f1_best_constant_classifier: 0.4,
      f2_best_constant_classifier: 0.625,
    };
    for (const [name, value] of Object.entries(expected)) {
      assert.deepEqual(m[name as keyof typeof m], { value, standard_deviation: 'NaN' }, name);
    }
  });

  test("binary: the curves are Spark's, framed by (0, 0) and (1, 1), the PR curve opening at recall 0", () => {
    const labels = Uint8Array.from([1, 1, 1, 1]);
    const scores = Float64Array.from([0.9, 0.8, 0.7, 0.6]);
    // The example's curves ([0, 0.25, 0.5, 0.75, 1] recalls, all precisions 1) are four positives
    // ranked first; one negative ranked last adds its own threshold, then Spark's closing (1, 1).
    const withNegative = binaryMetrics({
      labels: Uint8Array.from([...labels, 0]),
      predicted: Uint8Array.from([1, 1, 1, 1, 0]),
      scores: Float64Array.from([...scores, 0.1]),
    });
    assert.deepEqual(withNegative.receiver_operating_characteristic_curve, {
      false_positive_rates: [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0],
      true_positive_rates: [0.0, 0.25, 0.5, 0.75, 1.0, 1.0, 1.0],
    });
    assert.deepEqual(withNegative.precision_recall_curve, {
      precisions: [1.0, 1.0, 1.0, 1.0, 1.0, 0.8],
      recalls: [0.0, 0.25, 0.5, 0.75, 1.0, 1.0],
    });
    assert.equal(valueIn(withNegative.auc), 1.0);
  });

  test('multiclass: the example confusion matrix gives the example weighted and best-constant metrics', () => {
    const rows: [number, number, number][] = [
      [0, 0, 1180],
      [0, 1, 510],
      [1, 0, 268],
      [1, 1, 138],
    ];
    const labels: number[] = [];
    const predicted: number[] = [];
    for (const [a, p, count] of rows) {
      for (let i = 0; i < count; i++) {
        labels.push(a);
        predicted.push(p);
      }
    }
    const m = multiclassMetrics({
      labels: Uint32Array.from(labels),
      predicted: Uint32Array.from(predicted),
      classes: ['0', '1'],
    });
    assert.deepEqual(m.confusion_matrix, { '0': { '0': 1180, '1': 510 }, '1': { '0': 268, '1': 138 } });
    const expected: Record<string, number> = {
      accuracy: 0.6288167938931297,
      weighted_recall: 0.6288167938931297,
      weighted_precision: 0.6983172269629505,
      weighted_f0_5: 0.6803947317178771,
      weighted_f1: 0.6571162346664904,
      weighted_f2: 0.6384024354394601,
      accuracy_best_constant_classifier: 0.19370229007633588,
      weighted_recall_best_constant_classifier: 0.19370229007633588,
      weighted_precision_best_constant_classifier: 0.03752057718081697,
      weighted_f0_5_best_constant_classifier: 0.04473443104152011,
      weighted_f1_best_constant_classifier: 0.06286421244683643,
      weighted_f2_best_constant_classifier: 0.10570313141262414,
    };
    for (const [name, value] of Object.entries(expected)) {
      const metric = m[name as keyof typeof m] as MetricValue;
      near(metric.value, value, name);
      // 2,096 records: SageMaker's 5 × 80% samples give a spread, and so does Godwit.
      assert.ok(typeof metric.standard_deviation === 'number' && metric.standard_deviation > 0, name);
    }
  });
});

describe('model-quality metrics against scikit-learn', { skip: skipWithoutSklearn }, () => {
  test('regression: mae, mse, rmse and r2', () => {
    const random = seeded(7);
    const labels = Float64Array.from({ length: 300 }, () => random() * 20);
    const predictions = Float64Array.from(labels, (y) => y + (random() - 0.4) * 5);
    const m = regressionMetrics({ labels, predictions });
    const oracle = python(
      `y, p = data['y'], data['p']
mse = M.mean_squared_error(y, p)
print(json.dumps({'mae': M.mean_absolute_error(y, p), 'mse': mse, 'rmse': mse ** 0.5, 'r2': M.r2_score(y, p)}))`,
      { y: [...labels], p: [...predictions] },
    );
    for (const name of ['mae', 'mse', 'rmse', 'r2'] as const) {
      near(m[name].value, oracle[name] as number, name);
      assert.equal(typeof m[name].standard_deviation, 'number', `${name} has a spread from 300 records`);
    }
  });

  test('binary: every scalar, the confusion matrix, the ROC curve and the PR curve with probabilities', () => {
    const random = seeded(11);
    const labels = Uint8Array.from({ length: 250 }, () => (random() < 0.35 ? 1 : 0));
    // Scores rounded to 2 places: ties between records, which the curves must group.
    const scores = Float64Array.from(labels, (y) => Math.round(Math.min(1, Math.max(0, 0.3 * y + random() * 0.7)) * 100) / 100);
    const predicted = Uint8Array.from(scores, (s) => (s >= 0.5 ? 1 : 0));
    const m = binaryMetrics({ labels, predicted, scores });
    const oracle = python(
      `y, s = np.array(data['y']), np.array(data['s'])
p = (s >= 0.5).astype(int)
tn, fp, fn, tp = M.confusion_matrix(y, p, labels=[0, 1]).ravel()
fpr, tpr, _ = M.roc_curve(y, s, drop_intermediate=False)
thresholds = sorted(set(s.tolist()), reverse=True)
out = {'recall': M.recall_score(y, p), 'precision': M.precision_score(y, p), 'accuracy': M.accuracy_score(y, p),
  'f0_5': M.fbeta_score(y, p, beta=0.5), 'f1': M.f1_score(y, p), 'f2': M.fbeta_score(y, p, beta=2), 'auc': M.roc_auc_score(y, s),
  'true_positive_rate': tp / (tp + fn), 'true_negative_rate': tn / (tn + fp), 'false_positive_rate': fp / (fp + tn), 'false_negative_rate': fn / (fn + tp),
  'accuracy_best_constant_classifier': M.accuracy_score(y, np.ones_like(y)), 'precision_best_constant_classifier': M.precision_score(y, np.ones_like(y)),
  'recall_best_constant_classifier': M.recall_score(y, np.ones_like(y)), 'f1_best_constant_classifier': M.f1_score(y, np.ones_like(y)),
  'f0_5_best_constant_classifier': M.fbeta_score(y, np.ones_like(y), beta=0.5), 'f2_best_constant_classifier': M.fbeta_score(y, np.ones_like(y), beta=2),
  'cm': [[int(tn), int(fp)], [int(fn), int(tp)]], 'fpr': fpr.tolist(), 'tpr': tpr.tolist(),
  'pr_p': [M.precision_score(y, (s >= t).astype(int)) for t in thresholds], 'pr_r': [M.recall_score(y, (s >= t).astype(int)) for t in thresholds]}
print(json.dumps({k: (float(v) if not isinstance(v, list) else v) for k, v in out.items()}))`,
      { y: [...labels], s: [...scores] },
    );
    const cm = oracle.cm as number[][];
    assert.deepEqual(m.confusion_matrix, { '0': { '0': cm[0]![0], '1': cm[0]![1] }, '1': { '0': cm[1]![0], '1': cm[1]![1] } });
    for (const [name, value] of Object.entries(oracle)) {
      if (typeof value === 'number') near(valueIn(m[name as keyof typeof m]), value, name);
    }
    const roc = m.receiver_operating_characteristic_curve;
    // Spark frames the curve with a final (1, 1) that scikit-learn's curve already ends on.
    assert.deepEqual(roc.false_positive_rates.slice(0, -1), oracle.fpr);
    assert.deepEqual(roc.true_positive_rates.slice(0, -1), oracle.tpr);
    const pr = m.precision_recall_curve;
    assert.deepEqual(pr.recalls.slice(1), oracle.pr_r);
    for (const [i, p] of pr.precisions.slice(1).entries()) near(p, (oracle.pr_p as number[])[i]!, `precision at threshold ${i}`);
    assert.equal(pr.precisions[0], pr.precisions[1]);
  });

  test('multiclass: accuracy, weighted precision / recall / F-beta, the best constant classifier and the matrix', () => {
    const random = seeded(23);
    const weights = [0.4, 0.3, 0.2, 0.1];
    const draw = () => {
      let r = random();
      for (let c = 0; c < weights.length; c++) {
        r -= weights[c]!;
        if (r < 0) return c;
      }
      return weights.length - 1;
    };
    const labels = Uint32Array.from({ length: 400 }, draw);
    const predicted = Uint32Array.from(labels, (y) => (random() < 0.7 ? y : draw()));
    const m = multiclassMetrics({ labels, predicted, classes: ['0', '1', '2', '3'] });
    const oracle = python(
      `y, p = np.array(data['y']), np.array(data['p'])
counts = np.bincount(y, minlength=4)
c = np.ones_like(y) * int(np.argmin(np.where(counts > 0, counts, 10**9)))
out = {}
for prefix, pred in (('', p), ('bcc', c)):
  suffix = '_best_constant_classifier' if prefix else ''
  out['accuracy' + suffix] = M.accuracy_score(y, pred)
  out['weighted_recall' + suffix] = M.recall_score(y, pred, average='weighted', zero_division=0)
  out['weighted_precision' + suffix] = M.precision_score(y, pred, average='weighted', zero_division=0)
  for beta, name in ((0.5, 'f0_5'), (1, 'f1'), (2, 'f2')):
    out['weighted_' + name + suffix] = M.fbeta_score(y, pred, beta=beta, average='weighted', zero_division=0)
out = {k: float(v) for k, v in out.items()}
out['cm'] = M.confusion_matrix(y, p, labels=[0, 1, 2, 3]).tolist()
print(json.dumps(out))`,
      { y: [...labels], p: [...predicted] },
    );
    for (const [name, value] of Object.entries(oracle)) {
      if (typeof value === 'number') near(valueIn(m[name as keyof typeof m]), value, name);
    }
    const cm = oracle.cm as number[][];
    for (let a = 0; a < 4; a++) for (let p = 0; p < 4; p++) assert.equal(m.confusion_matrix[String(a)]![String(p)], cm[a]![p]);
  });
});
