import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LinearOptions, Matrix, Task } from '../../../src/ml/estimator.js';
import { glm } from '../../../src/ml/glm/glm.js';
import type { GlmModel } from '../../../src/ml/glm/glm-model.js';
import { seededRandom } from '../../../src/ml/random.js';
import { assertClose, gaussianMatrix, skipWithoutSklearn, sklearn, softmaxLabels } from './sklearn-reference.js';

// Mapping to scikit-learn: F = Σ sᵢℓᵢ/Σ sᵢ + ½·l2·‖w‖² + l1·‖w‖₁, so LogisticRegression(C) is
// l2 = 1/(C·Σ sᵢ), Ridge(alpha) is l2 = alpha/Σ sᵢ, ElasticNet(alpha, l1_ratio=ρ) is l1 = alpha·ρ,
// l2 = alpha·(1 − ρ). scikit-learn runs to tight tolerances so that both sides sit at the optimum.
const OPTIONS: LinearOptions = { l1: 0, l2: 0, maxIterations: 1000, earlyStop: false, minRelProgress: 0, fitIntercept: true };

async function fit(task: Task, x: Matrix, y: Float64Array, options: Partial<LinearOptions>, weights?: Float64Array) {
  return glm.train({ task, x, y, weights, options: { ...OPTIONS, ...options }, seed: 1 });
}

function logLoss(model: GlmModel, x: Matrix, y: Float64Array): number {
  const p = glm.predict(model, x);
  const k = glm.outputs(model);
  let sum = 0;
  for (let i = 0; i < x.rows; i++) sum -= Math.log(p[i * k + y[i]]);
  return sum / x.rows;
}

interface Reference {
  coef: number[];
  intercept: number[];
  logLoss?: number;
}

const LOGISTIC = `
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
# lbfgs stops on SciPy's ftol (2.2e-9 relative), which LogisticRegression does not expose; a few
# warm-started refits carry it on to the optimum, where both sides can be compared.
m = LogisticRegression(solver='lbfgs', C=D['C'], tol=1e-10, max_iter=10000, warm_start=True)
sw = D.get('w')
for _ in range(4):
    m.fit(D['x'], D['y'], sample_weight=sw)
OUT = {'coef': m.coef_.ravel().tolist(), 'intercept': m.intercept_.tolist(),
       'logLoss': log_loss(D['y'], m.predict_proba(D['x']))}
`;

describe('linear models against scikit-learn', { skip: skipWithoutSklearn }, () => {
  const x = gaussianMatrix(600, 6, 11, [1, 2, 0.5, 1, 3, 1]);

  test('binary logistic regression matches LogisticRegression(lbfgs, C) with l2 = 1/(C·n)', async () => {
    const y = softmaxLabels(
      x,
      [
        [0, 0, 0, 0, 0, 0],
        [1.5, -0.8, 2, 0, 0.3, -1],
      ],
      12,
    );
    const C = 0.05;
    const { model, history } = await fit({ kind: 'classification', classes: 2 }, x, y, { l2: 1 / (C * x.rows) });
    const ref = sklearn<Reference>(LOGISTIC, { x, y, C });
    assertClose([...model.weights, ...model.intercepts], [...ref.coef, ...ref.intercept], 1e-4, 'coef, intercept');
    assert.ok(Math.abs(logLoss(model, x, y) - (ref.logLoss as number)) <= 1e-4 * (ref.logLoss as number));
    assert.ok(history.length > 2 && history.length < 200, `${history.length} iterations`);
    assert.ok(Math.abs((history.at(-1)?.loss as number) - logLoss(model, x, y)) < 1e-12);
  });

  test('row weights are sample_weight, with l2 = 1/(C·Σ weights)', async () => {
    const y = softmaxLabels(
      x,
      [
        [0, 0, 0, 0, 0, 0],
        [1, 1, -1, 0.5, 0, 0],
      ],
      13,
    );
    const random = seededRandom(14);
    const w = Float64Array.from({ length: x.rows }, () => 0.2 + 2 * random());
    const total = w.reduce((a, b) => a + b, 0);
    const C = 0.5;
    const { model } = await fit({ kind: 'classification', classes: 2 }, x, y, { l2: 1 / (C * total) }, w);
    const ref = sklearn<Reference>(LOGISTIC, { x, y, C, w });
    assertClose([...model.weights, ...model.intercepts], [...ref.coef, ...ref.intercept], 1e-4, 'coef, intercept');
  });

  test('multinomial logistic regression matches scikit-learn (softmax over 4 classes)', async () => {
    const coef = [
      [0, 0, 0, 0, 0, 0],
      [1, -1, 0.5, 0, 0, 0.2],
      [-1, 0.5, 1, 0.3, -0.2, 0],
      [0.5, 0.5, -1, -0.5, 0.4, 1],
    ];
    const y = softmaxLabels(x, coef, 15);
    const C = 0.2;
    const { model } = await fit({ kind: 'classification', classes: 4 }, x, y, { l2: 1 / (C * x.rows) });
    const ref = sklearn<Reference>(LOGISTIC, { x, y, C });
    assert.equal(model.link, 'softmax');
    assertClose([...model.weights, ...model.intercepts], [...ref.coef, ...ref.intercept], 1e-4, 'coef, intercept');
    assert.ok(Math.abs(logLoss(model, x, y) - (ref.logLoss as number)) <= 1e-4 * (ref.logLoss as number));
    const p = glm.predict(model, x);
    for (let i = 0; i < 5; i++) assert.ok(Math.abs(p[4 * i] + p[4 * i + 1] + p[4 * i + 2] + p[4 * i + 3] - 1) < 1e-12);
  });

  test('L1-penalised logistic regression (OWL-QN) matches saga with the elastic net', async () => {
    const y = softmaxLabels(
      x,
      [
        [0, 0, 0, 0, 0, 0],
        [1.5, -0.8, 0.05, 0, 0.3, -1],
      ],
      16,
    );
    const C = 1;
    const rho = 0.7;
    const n = x.rows;
    const { model } = await fit({ kind: 'classification', classes: 2 }, x, y, { l1: rho / (C * n), l2: (1 - rho) / (C * n) });
    const ref = sklearn<Reference>(
      `
from sklearn.linear_model import LogisticRegression
m = LogisticRegression(penalty='elasticnet', solver='saga', l1_ratio=D['rho'], C=D['C'], tol=1e-13, max_iter=100000)
m.fit(D['x'], D['y'])
OUT = {'coef': m.coef_.ravel().tolist(), 'intercept': m.intercept_.tolist()}
`,
      { x, y, C, rho },
    );
    assertClose([...model.weights, ...model.intercepts], [...ref.coef, ...ref.intercept], 1e-4, 'coef, intercept');
  });

  test('linear regression matches LinearRegression, Ridge (l2 = alpha/n) and weighted Ridge', async () => {
    const random = seededRandom(17);
    const truth = [2, -1, 0.5, 0, 3, -2];
    const y = Float64Array.from(
      { length: x.rows },
      (_, i) => 4 + truth.reduce((s, v, j) => s + v * x.data[i * 6 + j], 0) + random() - 0.5,
    );
    const w = Float64Array.from({ length: x.rows }, () => 0.5 + random());
    const total = w.reduce((a, b) => a + b, 0);
    const alpha = 30;
    const ref = sklearn<{ ols: Reference; ridge: Reference; weighted: Reference }>(
      `
from sklearn.linear_model import LinearRegression, Ridge
def fit(m, sw=None):
    m.fit(D['x'], D['y'], sample_weight=sw)
    return {'coef': m.coef_.ravel().tolist(), 'intercept': [float(m.intercept_)]}
OUT = {'ols': fit(LinearRegression()), 'ridge': fit(Ridge(alpha=D['alpha'])), 'weighted': fit(Ridge(alpha=D['alpha']), D['w'])}
`,
      { x, y, w, alpha },
    );
    const task = { kind: 'regression' } as const;
    const ols = (await fit(task, x, y, {})).model;
    const ridge = (await fit(task, x, y, { l2: alpha / x.rows })).model;
    const weighted = (await fit(task, x, y, { l2: alpha / total }, w)).model;
    for (const [name, model, r] of [
      ['ols', ols, ref.ols],
      ['ridge', ridge, ref.ridge],
      ['weighted', weighted, ref.weighted],
    ] as const) {
      assertClose([...model.weights, ...model.intercepts], [...r.coef, ...r.intercept], 1e-6, name);
    }
  });

  test('L1 linear regression (OWL-QN) matches ElasticNet (l1 = alpha·ρ, l2 = alpha·(1 − ρ))', async () => {
    const random = seededRandom(18);
    const y = Float64Array.from({ length: x.rows }, (_, i) => 1 + 2 * x.data[i * 6] - x.data[i * 6 + 4] + random() - 0.5);
    const alpha = 0.1;
    const rho = 0.8;
    const { model } = await fit({ kind: 'regression' }, x, y, { l1: alpha * rho, l2: alpha * (1 - rho) });
    const ref = sklearn<Reference>(
      `
from sklearn.linear_model import ElasticNet
m = ElasticNet(alpha=D['alpha'], l1_ratio=D['rho'], tol=1e-14, max_iter=100000).fit(D['x'], D['y'])
OUT = {'coef': m.coef_.ravel().tolist(), 'intercept': [float(m.intercept_)]}
`,
      { x, y, alpha, rho },
    );
    assertClose([...model.weights, ...model.intercepts], [...ref.coef, ...ref.intercept], 1e-4, 'coef, intercept');
    assert.ok(model.weights.filter((v) => v === 0).length >= 2, `exact zeros in ${model.weights}`);
  });
});
