import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { GodwitError } from '../../src/core/errors.js';
import { readChannel } from '../../src/ml/channel.js';
import { LINEAR_LEARNER_METRIC_DEFINITIONS, type LinearModel, predict, trainLinearLearner } from '../../src/ml/linear-learner.js';
import { collector, linearRows, logisticRows, tempDir, writeRows } from './helpers.js';

/** Writes train (and validation) channels and trains; returns the model, metrics and log. */
async function train(
  rows: { train: number[][]; validation?: number[][] },
  hyperparameters: Record<string, string | number | boolean>,
) {
  const dir = tempDir();
  const channels: Record<string, string> = { train: join(dir, 'train') };
  writeRows(join(dir, 'train', 'train.csv'), rows.train);
  if (rows.validation) {
    channels.validation = join(dir, 'validation');
    writeRows(join(dir, 'validation', 'validation.csv'), rows.validation);
  }
  const { lines, log } = collector();
  const result = await trainLinearLearner({ channels, hyperparameters, modelDir: join(dir, 'model'), log });
  return { ...result, lines, dir };
}

/** Gradient of ½·mean((y − Xw − b)²) + ½·wd·‖w‖² on raw rows, which is zero at the ridge optimum. */
function ridgeGradient(rows: number[][], model: LinearModel, wd: number): number[] {
  const n = rows.length;
  const g = model.weights.map((w) => wd * w);
  for (const [y, ...x] of rows) {
    const r = predict(model, x).score - y;
    x.forEach((v, j) => {
      g[j] += (r * v) / n;
    });
  }
  return g;
}

describe('linear learner: regression', () => {
  test('recovers known coefficients from noise-free data', async () => {
    const coef = [2, -3, 0.5, 7];
    const { model, metrics } = await train(
      { train: linearRows(200, coef, 4, { seed: 3, scales: [1, 10, 0.1, 3] }) },
      { predictor_type: 'regressor' },
    );
    model.weights.forEach((w, j) => {
      assert.ok(Math.abs(w - coef[j]) < 1e-8, `weight ${j}: ${w} vs ${coef[j]}`);
    });
    assert.ok(Math.abs(model.bias - 4) < 1e-8);
    assert.ok(metrics['train:mse'] < 1e-15);
    assert.equal(model.solver.name, 'cholesky');
  });

  test('recovers coefficients from noisy data and reports validation metrics', async () => {
    const coef = [1.5, -2, 0.25];
    const { model, metrics } = await train(
      {
        train: linearRows(5000, coef, -1, { noise: 0.5, seed: 5 }),
        validation: linearRows(1000, coef, -1, { noise: 0.5, seed: 6 }),
      },
      { predictor_type: 'regressor' },
    );
    model.weights.forEach((w, j) => {
      assert.ok(Math.abs(w - coef[j]) < 0.05);
    });
    // The noise variance is 0.25: a right model's validation MSE is close to it.
    assert.ok(Math.abs(metrics['validation:mse'] - 0.25) < 0.05, String(metrics['validation:mse']));
    assert.ok(Math.abs(metrics['validation:rmse'] - Math.sqrt(metrics['validation:mse'])) < 1e-12);
    assert.ok(metrics['validation:absolute_loss'] > 0 && metrics['validation:absolute_loss'] < metrics['validation:rmse']);
    for (const key of ['train:mse', 'train:rmse', 'train:absolute_loss', 'validation:objective_loss'])
      assert.ok(key in metrics, key);
  });

  test('wd gives the exact ridge solution: the regularised gradient vanishes', async () => {
    const rows = linearRows(300, [1, 2, -1], 0.5, { noise: 1, seed: 8 });
    const wd = 0.3;
    const { model } = await train({ train: rows }, { predictor_type: 'regressor', wd, normalize_data: false });
    for (const g of ridgeGradient(rows, model, wd)) assert.ok(Math.abs(g) < 1e-10, String(g));
  });

  test('ridge shrinks the weights monotonically as wd grows', async () => {
    const rows = linearRows(300, [1, 2, -1], 0.5, { noise: 1, seed: 9 });
    const norms: number[] = [];
    for (const wd of [0, 0.1, 1, 10]) {
      const { model } = await train({ train: rows }, { predictor_type: 'regressor', wd });
      norms.push(Math.hypot(...model.weights));
    }
    for (let i = 1; i < norms.length; i++) assert.ok(norms[i] < norms[i - 1], `norms ${norms}`);
    assert.ok(norms[3] < norms[0] / 5);
  });

  test('one feature: weight equals Sxy / (Sxx + n·wd), the textbook ridge formula', async () => {
    const rows = linearRows(100, [3], 1, { noise: 2, seed: 10 });
    const n = rows.length;
    const wd = 0.5;
    const mx = rows.reduce((s, r) => s + r[1], 0) / n;
    const my = rows.reduce((s, r) => s + r[0], 0) / n;
    const sxy = rows.reduce((s, r) => s + (r[1] - mx) * (r[0] - my), 0);
    const sxx = rows.reduce((s, r) => s + (r[1] - mx) ** 2, 0);
    const { model } = await train({ train: rows }, { predictor_type: 'regressor', wd, normalize_data: 'false' });
    assert.ok(Math.abs(model.weights[0] - sxy / (sxx + n * wd)) < 1e-12);
    assert.ok(Math.abs(model.bias - (my - mx * model.weights[0])) < 1e-12);
  });

  test('normalisation is folded into the stored weights: same predictions as without it (wd = 0)', async () => {
    const rows = linearRows(200, [0.01, 300, -2], 50, { noise: 1, seed: 11, scales: [1000, 0.001, 1] });
    const a = await train({ train: rows }, { predictor_type: 'regressor', normalize_data: true });
    const b = await train({ train: rows }, { predictor_type: 'regressor', normalize_data: false, normalize_label: false });
    for (const [, ...x] of rows.slice(0, 20)) {
      assert.ok(Math.abs(predict(a.model, x).score - predict(b.model, x).score) < 1e-6);
    }
  });

  test('collinear features without wd are solved with a reported ridge, not garbage', async () => {
    const rows = linearRows(100, [1, 2], 0, { noise: 0.1, seed: 12 }).map(([y, a, b]) => [y, a, b, a + b]);
    const { model, lines, metrics } = await train({ train: rows }, { predictor_type: 'regressor' });
    assert.ok(model.weights.every((w) => Math.abs(w) < 10));
    assert.ok(metrics['train:mse'] < 0.02);
    assert.ok(lines.some((l) => /collinear/.test(l)));
  });

  test('a diverging sgd run is an E_TRAINING error, not a model of NaNs', async () => {
    const rows = linearRows(200, [1, 2], 0, { seed: 17 });
    await assert.rejects(
      train({ train: rows }, { predictor_type: 'regressor', optimizer: 'sgd', learning_rate: 1e6, epochs: 5 }),
      (err: GodwitError) => err.code === 'E_TRAINING' && /diverged/.test(err.message),
    );
  });

  test('use_bias false fits through the origin', async () => {
    const { model } = await train(
      { train: linearRows(100, [2, -1], 0, { seed: 13 }) },
      { predictor_type: 'regressor', use_bias: 'false' },
    );
    assert.equal(model.bias, 0);
    assert.ok(Math.abs(model.weights[0] - 2) < 1e-9 && Math.abs(model.weights[1] + 1) < 1e-9);
  });

  test('l1 zeroes irrelevant features and satisfies the lasso optimality conditions', async () => {
    const rows = linearRows(400, [3, 0, -2, 0, 0], 1, { noise: 0.5, seed: 14 });
    const l1 = 0.1;
    const { model } = await train(
      { train: rows },
      { predictor_type: 'regressor', l1, normalize_data: false, normalize_label: false },
    );
    assert.equal(model.solver.name, 'fista');
    assert.deepEqual(
      [1, 3, 4].map((j) => model.weights[j]),
      [0, 0, 0],
    );
    assert.ok(model.weights[0] > 2.5 && model.weights[2] < -1.5);
    // KKT: gradient of the smooth part is −l1·sign(w) where w ≠ 0 and within [−l1, l1] where w = 0.
    const g = ridgeGradient(rows, model, 0);
    model.weights.forEach((w, j) => {
      if (w === 0) assert.ok(Math.abs(g[j]) <= l1 + 1e-7);
      else assert.ok(Math.abs(g[j] + l1 * Math.sign(w)) < 1e-6, `feature ${j}: ${g[j]}`);
    });
  });

  for (const optimizer of ['adam', 'sgd']) {
    test(`optimizer ${optimizer} converges near the exact solution and logs epochs`, async () => {
      const data = {
        train: linearRows(2000, [1, -2, 0.5], 3, { noise: 0.3, seed: 15 }),
        validation: linearRows(500, [1, -2, 0.5], 3, { noise: 0.3, seed: 16 }),
      };
      const exact = await train(data, { predictor_type: 'regressor' });
      const fo = await train(data, {
        predictor_type: 'regressor',
        optimizer,
        epochs: 40,
        mini_batch_size: 100,
        learning_rate: optimizer === 'sgd' ? 0.05 : 0.01,
      });
      assert.equal(fo.model.solver.name, optimizer);
      assert.ok(
        fo.metrics['validation:mse'] < exact.metrics['validation:mse'] * 1.02,
        `${fo.metrics['validation:mse']} vs ${exact.metrics['validation:mse']}`,
      );
      const epochs = fo.lines.filter((l) => /^#quality_metric: host=algo-1, epoch=\d+, train mse_objective <loss>=/.test(l));
      assert.equal(epochs.length, 40);
      const again = await train(data, {
        predictor_type: 'regressor',
        optimizer,
        epochs: 40,
        mini_batch_size: 100,
        learning_rate: optimizer === 'sgd' ? 0.05 : 0.01,
      });
      assert.deepEqual(again.model.weights, fo.model.weights, 'the same inputs train the same model');
    });
  }
});

describe('linear learner: binary classifier', () => {
  test('classifies linearly separable data with at least 99% accuracy', async () => {
    const label = (r: number[]) => [r[1] + 2 * r[2] - 0.5 > 0 ? 1 : 0, r[1], r[2]];
    const trainRows = linearRows(400, [0, 0], 0, { seed: 20 }).map(label);
    const validation = linearRows(200, [0, 0], 0, { seed: 21 }).map(label);
    const { metrics, model, lines } = await train(
      { train: trainRows, validation },
      { predictor_type: 'binary_classifier', wd: 0.001 },
    );
    assert.equal(model.solver.name, 'irls');
    assert.ok(
      metrics['validation:binary_classification_accuracy'] >= 0.99,
      String(metrics['validation:binary_classification_accuracy']),
    );
    assert.ok(metrics['train:binary_classification_accuracy'] >= 0.99);
    // Direction of the separating hyperplane: w2 / w1 ≈ 2.
    assert.ok(Math.abs(model.weights[1] / model.weights[0] - 2) < 0.3);
    assert.ok(lines.some((l) => l.startsWith('Decision threshold')));
  });

  test('separable data with wd = 0 still finishes, and says why the weights are large', async () => {
    const rows = linearRows(100, [0], 0, { seed: 22 }).map((r) => [r[1] > 0 ? 1 : 0, r[1]]);
    const { metrics, lines } = await train({ train: rows }, { predictor_type: 'binary_classifier' });
    assert.equal(metrics['train:binary_classification_accuracy'], 1);
    assert.ok(lines.some((l) => /linearly separable/.test(l)));
  });

  test('recovers logistic coefficients and reports SageMaker classification metrics', async () => {
    const coef = [1, -2, 0.5];
    const { model, metrics } = await train(
      { train: logisticRows(20000, coef, 0.3, 30), validation: logisticRows(2000, coef, 0.3, 31) },
      { predictor_type: 'binary_classifier', binary_classifier_model_selection_criteria: 'loss_function' },
    );
    model.weights.forEach((w, j) => {
      assert.ok(Math.abs(w - coef[j]) < 0.1, `weight ${j} = ${w}`);
    });
    assert.equal(model.threshold, 0.5);
    for (const name of ['binary_classification_accuracy', 'binary_f_beta', 'objective_loss', 'precision', 'recall']) {
      assert.ok(Number.isFinite(metrics[`validation:${name}`]), name);
    }
    const p = predict(model, [0, 0, 0]);
    assert.ok(Math.abs(p.score - 1 / (1 + Math.exp(-model.bias))) < 1e-12);
    assert.equal(p.predictedLabel, p.score >= 0.5 ? 1 : 0);
  });

  test('precision_at_target_recall picks a threshold that reaches the target recall', async () => {
    const data = { train: logisticRows(3000, [1, 1], -1, 40), validation: logisticRows(1000, [1, 1], -1, 41) };
    const { metrics, model } = await train(data, {
      predictor_type: 'binary_classifier',
      binary_classifier_model_selection_criteria: 'precision_at_target_recall',
      target_recall: '0.9',
    });
    assert.ok(metrics['validation:recall'] >= 0.9, String(metrics['validation:recall']));
    assert.ok((model.threshold ?? 1) < 0.5);
  });

  test('labels other than 0 and 1 are refused, naming file and line', async () => {
    await assert.rejects(
      train(
        {
          train: [
            [0, 1],
            [1, 2],
            [2, 3],
          ],
        },
        { predictor_type: 'binary_classifier' },
      ),
      /train\.csv, line 3: label 2 is not 0 or 1/,
    );
  });
});

describe('linear learner: channels, logs and model file', () => {
  test('every reported metric appears in a log line that SageMaker metric definitions parse', async () => {
    for (const predictor_type of ['regressor', 'binary_classifier']) {
      const rows =
        predictor_type === 'regressor' ? linearRows(200, [1, 2], 0, { noise: 1, seed: 50 }) : logisticRows(200, [1, 2], 0, 50);
      const { metrics, lines } = await train({ train: rows, validation: rows }, { predictor_type });
      for (const [name, value] of Object.entries(metrics)) {
        const def = LINEAR_LEARNER_METRIC_DEFINITIONS.find((d) => d.Name === name);
        assert.ok(def, `no metric definition for ${name}`);
        const parsed = lines.map((l) => new RegExp(def.Regex).exec(l)).find(Boolean);
        assert.ok(parsed, `no log line for ${name}`);
        assert.equal(Number(parsed[1]), value);
      }
    }
  });

  test('writes model.json with the versioned format, resolved hyperparameters and row counts', async () => {
    const { model, modelPath } = await train(
      { train: linearRows(50, [1], 0, { seed: 51 }), validation: linearRows(20, [1], 0, { seed: 52 }) },
      { predictor_type: 'regressor', wd: '0.01' },
    );
    assert.match(modelPath, /model\.json$/);
    assert.equal(model.format, 'godwit.linear-learner');
    assert.equal(model.version, 1);
    assert.equal(model.hyperparameters.wd, 0.01);
    assert.equal(model.hyperparameters.feature_dim, 1);
    assert.deepEqual(model.trainedOn, { rows: 50, channels: { train: 50, validation: 20 } });
  });

  test('channels must agree on the feature count, and feature_dim is checked', async () => {
    await assert.rejects(
      train(
        { train: linearRows(20, [1, 2], 0, { seed: 53 }), validation: linearRows(20, [1], 0, { seed: 54 }) },
        { predictor_type: 'regressor' },
      ),
      /Channel "validation" .* has 1 features, but the train channel has 2/,
    );
    await assert.rejects(
      train({ train: linearRows(20, [1, 2], 0, { seed: 55 }) }, { predictor_type: 'regressor', feature_dim: 3 }),
      /feature_dim is 3/,
    );
  });

  test('requires a train channel and rejects unknown channels', async () => {
    const dir = tempDir();
    writeRows(join(dir, 'v.csv'), [[1, 2]]);
    await assert.rejects(
      trainLinearLearner({
        channels: { validation: dir },
        hyperparameters: { predictor_type: 'regressor' },
        modelDir: join(dir, 'm'),
      }),
      /needs a "train" channel/,
    );
    await assert.rejects(
      trainLinearLearner({
        channels: { train: dir, extra: dir },
        hyperparameters: { predictor_type: 'regressor' },
        modelDir: join(dir, 'm'),
      }),
      /no channel "extra"/,
    );
    assert.equal((await readChannel('train', dir)).rows, 1);
  });
});
