import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GodwitError } from '../../../src/core/errors.js';
import type { IterationReport, LinearOptions, Matrix } from '../../../src/ml/estimator.js';
import { glm } from '../../../src/ml/glm/glm.js';
import { gaussianMatrix, softmaxLabels } from './sklearn-reference.js';

const OPTIONS: LinearOptions = {
  l1: 0,
  l2: 0.01,
  maxIterations: 200,
  earlyStop: false,
  minRelProgress: 0.01,
  fitIntercept: true,
};
const binary = { kind: 'classification', classes: 2 } as const;
const x = gaussianMatrix(300, 4, 21);
const y = softmaxLabels(
  x,
  [
    [0, 0, 0, 0],
    [2, -1, 1, 0.5],
  ],
  22,
);

function inputError(code = 'E_ML_INPUT', pattern?: RegExp) {
  return (err: GodwitError) => {
    assert.equal(err.code, code);
    if (pattern) assert.match(err.message, pattern);
    return true;
  };
}

describe('linear models: iterations, options and bad input', () => {
  test('reports every iteration as it ends, with the evaluation loss when eval rows are given', async () => {
    const seen: IterationReport[] = [];
    const held = gaussianMatrix(100, 4, 23);
    const heldY = softmaxLabels(
      held,
      [
        [0, 0, 0, 0],
        [2, -1, 1, 0.5],
      ],
      24,
    );
    const { history } = await glm.train({
      task: binary,
      x,
      y,
      eval: { x: held, y: heldY },
      options: OPTIONS,
      seed: 1,
      onIteration: (r) => seen.push(r),
    });
    assert.deepEqual(seen, history);
    assert.deepEqual(
      history.map((r) => r.iteration),
      history.map((_, i) => i + 1),
    );
    // The reported loss is the cross-entropy alone (the L2 term is not in it), so it need not fall at every step.
    assert.ok((history.at(-1)?.loss as number) < history[0].loss);
    assert.ok(history.every((r) => typeof r.evalLoss === 'number' && r.durationMs >= 0));
  });

  test('early stopping ends training once the loss improves by less than minRelProgress', async () => {
    const full = await glm.train({ task: binary, x, y, options: OPTIONS, seed: 1 });
    const early = await glm.train({
      task: binary,
      x,
      y,
      options: { ...OPTIONS, earlyStop: true, minRelProgress: 0.01 },
      seed: 1,
    });
    assert.ok(early.history.length < full.history.length, `${early.history.length} vs ${full.history.length}`);
    const [before, after] = early.history.slice(-2).map((r) => r.loss);
    assert.ok((before - after) / before < 0.01);
  });

  test('the same input gives the same model, whatever the seed (there is no randomness)', async () => {
    const a = await glm.train({ task: binary, x, y, options: OPTIONS, seed: 1 });
    const b = await glm.train({ task: binary, x, y, options: OPTIONS, seed: 99 });
    assert.deepEqual(a.model, b.model);
    assert.equal(JSON.stringify(JSON.parse(JSON.stringify(a.model))), JSON.stringify(a.model));
  });

  test('a fixed learnRate runs proximal gradient steps towards the same optimum', async () => {
    const lbfgs = await glm.train({ task: binary, x, y, options: OPTIONS, seed: 1 });
    const fixed = await glm.train({ task: binary, x, y, options: { ...OPTIONS, learnRate: 1, maxIterations: 3000 }, seed: 1 });
    assert.ok(fixed.history.every((r) => r.learnRate === 1));
    for (const [j, w] of fixed.model.weights.entries()) {
      assert.ok(Math.abs(w - lbfgs.model.weights[j]) < 1e-5, `${w} vs ${lbfgs.model.weights[j]}`);
    }
    await assert.rejects(
      glm.train({
        task: { kind: 'regression' },
        x,
        y: Float64Array.from(y, (v) => v * 1e3),
        options: { ...OPTIONS, learnRate: 50 },
        seed: 1,
      }),
      inputError('E_ML_INPUT', /learn_rate 50/),
    );
  });

  test('without an intercept the intercepts are 0 and predictions pass through the origin', async () => {
    const { model } = await glm.train({
      task: { kind: 'regression' },
      x,
      y,
      options: { ...OPTIONS, fitIntercept: false, l1: 0.001 },
      seed: 1,
    });
    assert.deepEqual(model.intercepts, [0]);
    const zero = glm.predict(model, { rows: 1, cols: 4, data: new Float64Array(4) });
    assert.equal(zero[0], 0);
  });

  test('an aborted signal ends training between iterations with its reason', async () => {
    const controller = new AbortController();
    const run = glm.train({
      task: { kind: 'classification', classes: 3 },
      x,
      y: softmaxLabels(
        x,
        [
          [0, 0, 0, 0],
          [1, 0, 0, 0],
          [0, 1, 0, 0],
        ],
        25,
      ),
      options: { ...OPTIONS, l2: 0 },
      seed: 1,
      signal: controller.signal,
      onIteration: (r) => r.iteration === 2 && controller.abort(new Error('stop here')),
    });
    await assert.rejects(run, /stop here/);
  });

  test('bad input is E_ML_INPUT naming what is wrong', async () => {
    const train = (over: Record<string, unknown>) => glm.train({ task: binary, x, y, options: OPTIONS, seed: 1, ...over });
    const withNaN: Matrix = { ...x, data: Float64Array.from(x.data, (v, i) => (i === 9 ? Number.NaN : v)) };
    await assert.rejects(train({ x: withNaN }), inputError('E_ML_INPUT', /row 2, column 1 is NaN/));
    await assert.rejects(
      train({ y: Float64Array.from(y, (v, i) => (i === 5 ? 2 : v)) }),
      inputError('E_ML_INPUT', /label 5 is 2/),
    );
    await assert.rejects(
      train({ x: { rows: 0, cols: 4, data: new Float64Array(0) }, y: new Float64Array(0) }),
      inputError('E_ML_INPUT', /no rows/),
    );
    await assert.rejects(train({ y: y.subarray(1) }), inputError('E_ML_INPUT', /299 labels for 300 rows/));
    await assert.rejects(train({ task: { kind: 'clustering' } }), inputError('E_ML_INPUT', /clustering/));
    await assert.rejects(train({ options: { ...OPTIONS, l2: -1 } }), inputError('E_ML_INPUT', /l2 is -1/));
    await assert.rejects(train({ weights: new Float64Array(300).fill(-1) }), inputError('E_ML_INPUT', /weight 0 is -1/));
    const { model } = await train({});
    assert.throws(
      () => glm.predict(model, { rows: 1, cols: 3, data: new Float64Array(3) }),
      inputError('E_ML_INPUT', /3 columns where the model has 4/),
    );
  });
});
