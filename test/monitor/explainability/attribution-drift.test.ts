/**
 * Attribution drift: the NDCG of Clarify's documented example (college admissions, 0.69, from
 * clarify-model-monitor-feature-attribution-drift.md), scikit-learn's ndcg_score (Debian
 * python3-sklearn) as the oracle with ties, the violations file in the shape of
 * clarify-model-monitor-model-attribution-drift-violations.md, the metrics of
 * clarify-feature-attribute-drift-cw.md, and the genuine fraud-detection analysis.json (from
 * github.com/aws/amazon-sagemaker-examples, archived fraud_detection, in
 * /work/coord/ref/monitor/examples; re-indented by the formatter, the JSON unchanged) read as a
 * baseline.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import type { GodwitError } from '../../../src/core/errors.js';
import { analysisDocument, globalShapValues, parseAnalysis } from '../../../src/monitor/explainability/analysis-file.js';
import { attributionDrift, attributionMetrics, ndcg } from '../../../src/monitor/explainability/attribution-drift.js';

const FRAUD = join(
  import.meta.dirname,
  '../../fixtures/monitor/explainability/archived_fraud_detection_clarify_output_explainability_analysis.json',
);

test("the documented college-admissions example's NDCG is 0.69", () => {
  const training = { sat: 0.7, gpa: 0.5, rank: 0.05 };
  const live = { sat: 0.1, gpa: 0.2, rank: 0.7 };
  assert.equal(ndcg(training, live).toFixed(2), '0.69');
  assert.equal(ndcg(training, training), 1);
});

test("NDCG equals scikit-learn's ndcg_score, ties included", async (t) => {
  const cases = [
    [
      [0.7, 0.5, 0.05, 0.3, 0.2],
      [0.1, 0.2, 0.7, 0.3, 0.25],
    ],
    [
      [0.4, 0.4, 0.1, 0.9],
      [0.2, 0.2, 0.2, 0.1],
    ],
    [
      [3, 2, 1, 0.5, 0.25, 0],
      [0, 1, 1, 2, 0.5, 0.5],
    ],
  ];
  let sklearn: number[];
  try {
    const script = `import json,sys\nfrom sklearn.metrics import ndcg_score\nprint(json.dumps([ndcg_score([a],[b]) for a,b in json.loads(sys.argv[1])]))`;
    const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-c', script, JSON.stringify(cases)], { timeout: 120_000 });
    sklearn = JSON.parse(stdout);
  } catch (err) {
    return t.skip(`/usr/bin/python3 with scikit-learn is needed: ${(err as Error).message}`);
  }
  cases.forEach(([base, now], i) => {
    const names = base.map((_, j) => `f${j}`);
    const got = ndcg(Object.fromEntries(names.map((n, j) => [n, base[j]])), Object.fromEntries(names.map((n, j) => [n, now[j]])));
    assert.ok(Math.abs(got - sklearn[i]) < 1e-12, `case ${i}: ${got} vs ${sklearn[i]}`);
  });
});

test('global SHAP values by mean_abs, median and mean_sq, written in analysis.json shape', () => {
  // 3 rows × 1 output × 2 features.
  const values = Float64Array.from([1, -2, -3, 4, 2, 0]);
  const shape = { rows: 3, outputs: 1, features: 2 };
  assert.deepEqual(Array.from(globalShapValues(values, shape, 'mean_abs')[0]), [2, 2]);
  assert.deepEqual(Array.from(globalShapValues(values, shape, 'median')[0]), [1, 0]);
  assert.deepEqual(Array.from(globalShapValues(values, shape, 'mean_sq')[0]), [14 / 3, 20 / 3]);
  const doc = analysisDocument('kernel_shap', ['a', 'b'], ['label0'], [Float64Array.from([2, 1])], [0.5]);
  assert.deepEqual(JSON.parse(JSON.stringify(doc)), {
    version: '1.0',
    explanations: { kernel_shap: { label0: { global_shap_values: { a: 2, b: 1 }, expected_value: 0.5 } } },
  });
});

test('the genuine fraud-detection analysis.json is a baseline: no drift against itself, a violation against a reversed ranking', () => {
  const baseline = parseAnalysis(readFileSync(FRAUD, 'utf8'), FRAUD);
  const values = baseline.explanations.kernel_shap?.label0.global_shap_values ?? {};
  assert.equal(Object.keys(values).length > 40, true);
  assert.deepEqual(attributionDrift(baseline, baseline).violations.violations, []);
  const names = Object.keys(values).sort((a, b) => values[b] - values[a]);
  const reversed = Object.fromEntries(names.map((n, i) => [n, i]));
  const current = {
    version: '1.0',
    explanations: { kernel_shap: { label0: { global_shap_values: reversed, expected_value: 0 } } },
  };
  const drift = attributionDrift(baseline, current);
  const score = drift.scores[0].ndcg;
  assert.ok(score < 0.9);
  assert.deepEqual(drift.violations, {
    version: '1.0',
    violations: [
      {
        label: 'label0',
        metric_name: 'shap',
        constraint_check_type: 'feature_attribution_drift_check',
        description: `Feature attribution drift ${score} exceeds threshold 0.9`,
      },
    ],
  });
  const metrics = attributionMetrics(current);
  assert.deepEqual(metrics.at(-1), {
    name: 'ExpectedValue',
    value: 0,
    dimensions: { ExplainabilityMethod: 'KernelShap', Label: 'label0', ValueType: 'ExpectedValue' },
  });
  assert.equal(metrics.find((m) => m.name === 'feature_months_as_customer')?.dimensions?.ValueType, 'GlobalShapValues');
});

test('a baseline of another model (other feature names or labels) is E_EXPLAIN_BASELINE naming them', () => {
  const a = analysisDocument('kernel_shap', ['age', 'income'], ['label0'], [Float64Array.from([1, 2])], [0]);
  const b = analysisDocument('kernel_shap', ['age', 'zip'], ['label0'], [Float64Array.from([1, 2])], [0]);
  assert.throws(
    () => attributionDrift(a, b),
    (err: GodwitError) => err.code === 'E_EXPLAIN_BASELINE' && /"income"/.test(err.message) && /"zip"/.test(err.message),
  );
  const c = analysisDocument('kernel_shap', ['age', 'income'], ['yes'], [Float64Array.from([1, 2])], [0]);
  assert.throws(
    () => attributionDrift(a, c),
    (err: GodwitError) => /label "label0"/.test(err.message),
  );
  assert.throws(
    () => parseAnalysis('{"version":"1.0"}', 'base.json'),
    (err: GodwitError) => err.code === 'E_EXPLAIN_BASELINE' && /base\.json/.test(err.message),
  );
});
