// Every bias metric on a data set small enough to compute by hand from the Developer Guide's
// formulas (/work/coord/ref/monitor/clarify-*.md); the arithmetic is in the comments.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TableBuilder } from '../../../src/monitor/bias/bias-table.js';
import { type BiasMetricValue, biasAnalysis } from '../../../src/monitor/bias/index.js';
import { workedExample } from './worked-example.js';

const config = {
  label: 'target',
  labelValuesOrThreshold: [1],
  facets: [{ name: 'sex', valueOrThreshold: [0] }],
  groupVariable: 'age',
  predictedLabel: 'pred',
};

function values(metrics: readonly BiasMetricValue[]): Record<string, number | null> {
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

function near(actual: number | null, expected: number, name: string): void {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${name}: ${actual} ≠ ${expected}`);
}

describe('bias metrics on a worked example', () => {
  const analysis = biasAnalysis(workedExample(), config, 'worked example');

  test('pre-training metrics', () => {
    const pre = analysis.pre_training_bias_metrics;
    assert.equal(pre?.label, 'target');
    assert.equal(pre?.label_value_or_threshold, '1');
    assert.equal(pre?.facets.sex[0].value_or_threshold, '0');
    const m = values(pre?.facets.sex[0].metrics ?? []);
    assert.deepEqual(Object.keys(m), ['CDDL', 'CI', 'DPL', 'JS', 'KL', 'KS', 'LP', 'TVD']);
    near(m.CI, 0.25, 'CI'); // (na - nd)/(na + nd) = (5 - 3)/8
    near(m.DPL, 3 / 5 - 1 / 3, 'DPL'); // qa - qd = 0.6 - 0.3333 = 0.2667
    // Pa = [0.4, 0.6] (not positive, positive), Pd = [2/3, 1/3]
    near(m.KL, 0.4 * Math.log(0.4 / (2 / 3)) + 0.6 * Math.log(0.6 / (1 / 3)), 'KL'); // = 0.14834
    // P = ½(Pa + Pd) = [8/15, 7/15]; KL(Pa‖P) = 0.035716, KL(Pd‖P) = 0.036605
    const kl = (p: number[], q: number[]) => p.reduce((s, x, i) => s + x * Math.log(x / q[i]), 0);
    near(m.JS, 0.5 * (kl([0.4, 0.6], [8 / 15, 7 / 15]) + kl([2 / 3, 1 / 3], [8 / 15, 7 / 15])), 'JS'); // = 0.036160
    near(m.LP, Math.sqrt(2) * (0.6 - 1 / 3), 'LP'); // √((0.4 - 2/3)² + (0.6 - 1/3)²) = 0.37712
    near(m.TVD, 0.6 - 1 / 3, 'TVD'); // ½ (0.2667 + 0.2667)
    near(m.KS, 0.6 - 1 / 3, 'KS'); // max(0.2667, 0.2667)
    // Every age is its own subgroup of one row: DDi = 1 for a rejected member of d (40, 50),
    // -1 for an accepted one (30), 0 for facet a. CDDL = (1/8)(1 + 1 - 1) = 0.125.
    near(m.CDDL, 0.125, 'CDDL');
  });

  test('post-training metrics', () => {
    const post = analysis.post_training_bias_metrics;
    const m = values(post?.facets.sex[0].metrics ?? []);
    assert.deepEqual(Object.keys(m), ['AD', 'CDDPL', 'DAR', 'DCA', 'DCR', 'DI', 'DPPL', 'DRR', 'FT', 'GE', 'RD', 'SD', 'TE']);
    near(m.DPPL, 3 / 5 - 2 / 3, 'DPPL'); // n'a(1)/na - n'd(1)/nd = 0.6 - 0.6667 = -0.0667
    near(m.DI, 2 / 3 / (3 / 5), 'DI'); // q'd/q'a = 0.6667/0.6 = 1.1111
    near(m.DCA, 3 / 3 - 1 / 2, 'DCA'); // na(1)/n'a(1) - nd(1)/n'd(1) = 1 - 0.5
    near(m.DCR, 2 / 1 - 2 / 2, 'DCR'); // nd(0)/n'd(0) - na(0)/n'a(0) = 2 - 1
    near(m.DAR, 2 / 3 - 1 / 2, 'DAR'); // TPa/(TPa+FPa) - TPd/(TPd+FPd) = 0.6667 - 0.5
    near(m.DRR, 1 / 1 - 1 / 2, 'DRR'); // TNd/(TNd+FNd) - TNa/(TNa+FNa) = 1 - 0.5
    near(m.AD, 3 / 5 - 2 / 3, 'AD'); // (2+1)/5 - (1+1)/3 = -0.0667
    near(m.RD, 2 / 3 - 1 / 1, 'RD'); // TPa/(TPa+FNa) - TPd/(TPd+FNd) = 0.6667 - 1
    near(m.SD, 1 / 2 - 1 / 2, 'SD'); // TNd/(TNd+FPd) - TNa/(TNa+FPa) = 0.5 - 0.5
    near(m.TE, 0 / 1 - 1 / 1, 'TE'); // FNd/FPd - FNa/FPa = 0 - 1
    // Predicted labels by age: d accepted at 30 and 40 (-1 each), rejected at 50 (+1): (1/8)(-1) = -0.125.
    near(m.CDDPL, -0.125, 'CDDPL');
    // Benefits y' - y + 1: 1,2,1 (d) and 1,0,1,1,2 (a); mean 9/8. Σ[(b/mean)² - 1] =
    // 5((8/9)² - 1) + 2((16/9)² - 1) + (0 - 1) = -1.049383 + 4.320988 - 1 = 2.271605; GE = 2.271605/(8·2·1).
    near(m.GE, (5 * ((8 / 9) ** 2 - 1) + 2 * ((16 / 9) ** 2 - 1) - 1) / 16, 'GE');
    // Flip test, k = 1 (facet a has 5 rows) over the one feature, age: 30 → nearest a is 35 (pred 0),
    // 40 → 35 and 45 tie at 5, row order picks 35 (pred 0), 50 → 45 and 55 tie, 45 (pred 0).
    // Members of d predicted 1 whose neighbour got 0: ages 30 and 40; the reverse: none. FT = (2 - 0)/3.
    near(m.FT, 2 / 3, 'FT');
  });

  test('a threshold facet: facet d is the rows above it', () => {
    const byAge = biasAnalysis(workedExample(), { ...config, facets: [{ name: 'age', valueOrThreshold: [40] }] }, 'w');
    // age is continuous (8 distinct of 8): d = 40 < age ≤ 60 = {45, 50, 55, 60}, a = {20, 30, 35, 40}.
    const group = byAge.pre_training_bias_metrics?.facets.age[0];
    assert.equal(group?.value_or_threshold, '(40, 60]');
    near(values(group?.metrics ?? []).CI, 0, 'CI'); // (4 - 4)/8
    near(values(group?.metrics ?? []).DPL, 3 / 4 - 1 / 4, 'DPL'); // a positives 20, 30, 35 of 4; d: 55 of 4
  });

  test("without a group variable CDDL and CDDPL carry Clarify's error instead of a value", () => {
    const { groupVariable: _, ...noGroup } = config;
    const a = biasAnalysis(workedExample(), noGroup, 'w');
    const cddl = a.pre_training_bias_metrics?.facets.sex[0].metrics.find((m) => m.name === 'CDDL');
    assert.deepEqual(cddl, {
      name: 'CDDL',
      description: 'Conditional Demographic Disparity in Labels (CDDL)',
      value: null,
      error: 'Group variable is empty or not provided',
    });
  });

  test('no facet value: one analysis per value against all the others', () => {
    const a = biasAnalysis(workedExample(), { ...config, facets: [{ name: 'sex' }] }, 'w');
    const groups = a.pre_training_bias_metrics?.facets.sex ?? [];
    assert.deepEqual(
      groups.map((g) => [g.value_or_threshold, values(g.metrics).CI]),
      [
        ['0', 0.25],
        ['1', -0.25],
      ],
    );
  });

  test('zero denominators: 0/0 is 0, x/0 is Infinity, and two infinite ratios differ by 0', () => {
    // Every row predicted positive: n'a(0) = n'd(0) = 0, so DCR's ratios are 2/0 and 2/0 (both
    // +Infinity → 0), DRR's are 0/0 (→ 0); TE = FNd/FPd - FNa/FPa = 0/2 - 0/2.
    const b = new TableBuilder();
    for (const [sex, target] of [
      [0, 1],
      [0, 0],
      [0, 0],
      [1, 1],
      [1, 1],
      [1, 0],
      [1, 0],
    ]) {
      b.add([
        ['sex', sex],
        ['target', target],
        ['pred', 1],
      ]);
    }
    const a = biasAnalysis(b.build(), { ...config, groupVariable: undefined }, 'w');
    const m = values(a.post_training_bias_metrics?.facets.sex[0].metrics ?? []);
    assert.equal(m.DCR, 0);
    assert.equal(m.DRR, 0);
    assert.equal(m.TE, 0);
    // Swap the facet so d has a false negative and no false positive: TE = FNd/0 = Infinity.
    const b2 = new TableBuilder();
    for (const [sex, target, pred] of [
      [0, 1, 0],
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 1],
    ]) {
      b2.add([
        ['sex', sex],
        ['target', target],
        ['pred', pred],
      ]);
    }
    const m2 = values(
      biasAnalysis(b2.build(), { ...config, groupVariable: undefined }, 'w').post_training_bias_metrics?.facets.sex[0].metrics ??
        [],
    );
    assert.equal(m2.TE, Number.POSITIVE_INFINITY); // FNd/FPd - FNa/FPa = 1/0 - 0/1
  });
});
