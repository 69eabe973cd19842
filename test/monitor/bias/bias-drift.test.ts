// The bias-drift check against genuine SageMaker output: the bias-monitor notebook's baseline
// analysis.json and the constraint_violations.json its first execution wrote
// (test/fixtures/monitor/bias/SOURCE.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  type BiasAnalysis,
  checkBiasDrift,
  formatBiasAnalysis,
  parseBiasAnalysis,
  violates,
} from '../../../src/monitor/bias/index.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/monitor/bias/${name}`, import.meta.url)), 'utf8');
const baseline = parseBiasAnalysis(fixture('adult-baseline-analysis.json'), 'baseline');
const genuineViolations = JSON.parse(fixture('adult-constraint-violations.json'));

/** The baseline with some post-training metrics replaced. */
function withPost(values: Record<string, number>): BiasAnalysis {
  const post = baseline.post_training_bias_metrics;
  assert.ok(post);
  const group = post.facets.Sex[0];
  const metrics = group.metrics.map((m) => (m.name in values ? { ...m, value: values[m.name] } : m));
  return { ...baseline, post_training_bias_metrics: { ...post, facets: { Sex: [{ ...group, metrics }] } } };
}

describe('bias drift check', () => {
  test("reproduces the notebook's constraint_violations.json from its metric values", () => {
    // The current values are the ones the genuine violations quote; the other metrics (AD, DI,
    // DPPL, DRR and every pre-training metric) keep their baseline values and so do not violate.
    const current: Record<string, number> = {};
    for (const v of genuineViolations.violations) {
      const quoted = /^Metric value (\S+) /.exec(v.description)?.[1] as string;
      current[v.metric_name] = quoted === 'Infinity' ? Number.POSITIVE_INFINITY : Number(quoted);
    }
    const ours = checkBiasDrift(baseline, withPost(current));
    assert.equal(ours.version, '1.0');
    const sortKeys = (v: object) => Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)));
    assert.deepEqual(ours.violations.map(sortKeys), genuineViolations.violations.map(sortKeys));
    assert.equal(ours.violations.length, 9);
  });

  test('a value as far from balance as the baseline, or closer, does not violate', () => {
    // The guide's example: baseline DPPL 0.2 → 0.1 passes, -0.3 violates.
    assert.equal(violates('DPPL', 0.1, 0.2), false);
    assert.equal(violates('DPPL', -0.2, 0.2), false);
    assert.equal(violates('DPPL', -0.3, 0.2), true);
    assert.equal(violates('TE', Number.POSITIVE_INFINITY, 2.9), true);
    assert.equal(violates('TE', Number.NaN, 2.9), false);
    // DI is a ratio balanced at 1: baseline 0.178 allows 0.5 and 1.8, not 0.1 or 1.9.
    assert.equal(violates('DI', 0.5, 0.178), false);
    assert.equal(violates('DI', 1.8, 0.178), false);
    assert.equal(violates('DI', 0.1, 0.178), true);
    assert.equal(violates('DI', 1.9, 0.178), true);
    assert.deepEqual(checkBiasDrift(baseline, baseline).violations, []);
  });

  test('a metric without a value on either side is not checked', () => {
    const post = withPost({});
    const group = post.post_training_bias_metrics?.facets.Sex[0];
    assert.ok(group);
    const errored = {
      ...post,
      post_training_bias_metrics: {
        ...post.post_training_bias_metrics,
        facets: {
          Sex: [{ ...group, metrics: group.metrics.map((m) => (m.name === 'TE' ? { ...m, value: null, error: 'x' } : m)) }],
        },
      },
    } as BiasAnalysis;
    assert.deepEqual(checkBiasDrift(baseline, errored).violations, []);
    assert.deepEqual(checkBiasDrift(errored, withPost({ TE: 100 })).violations, []);
  });

  test('analysis.json writes infinities as Clarify does ("Infinity") and reads them back', () => {
    const text = formatBiasAnalysis(withPost({ TE: Number.POSITIVE_INFINITY, DCA: Number.NEGATIVE_INFINITY }));
    assert.match(text, /"value": "Infinity"/);
    assert.match(text, /"value": "-Infinity"/);
    assert.match(text, /^\{\n {4}"version": "1.0",/);
    const back = parseBiasAnalysis(text, 'x').post_training_bias_metrics?.facets.Sex[0].metrics;
    assert.equal(back?.find((m) => m.name === 'TE')?.value, Number.POSITIVE_INFINITY);
    assert.equal(back?.find((m) => m.name === 'DCA')?.value, Number.NEGATIVE_INFINITY);
    // Python's json.dumps without Clarify's conversion writes a bare Infinity: still read.
    const bare = parseBiasAnalysis(text.replace('"Infinity"', 'Infinity'), 'x');
    assert.equal(
      bare.post_training_bias_metrics?.facets.Sex[0].metrics.find((m) => m.name === 'TE')?.value,
      Number.POSITIVE_INFINITY,
    );
  });

  test('a baseline that is not a bias analysis is E_BIAS_BASELINE', () => {
    assert.throws(() => parseBiasAnalysis('{"version": 0, "features": []}', 'constraints.json'), {
      code: 'E_BIAS_BASELINE',
      message: /constraints\.json has no pre_training_bias_metrics or post_training_bias_metrics/,
    });
    assert.throws(() => parseBiasAnalysis('{', 'broken.json'), { code: 'E_BIAS_BASELINE', message: /broken\.json is not JSON/ });
  });
});
