/**
 * The ModelExplainability monitoring job end to end: a boosted tree model (XGBoost's JSON, with
 * feature names) loaded through the serving code, a CSV data set with a header, its columns in
 * another order and a label column; a baselining run's analysis.json as the next run's baseline;
 * a drifted window raising feature_attribution_drift_check; captured requests (the line format of
 * the SageMaker Python SDK's tests/data/monitor/capture.jsonl) with a malformed line skipped; and
 * the bad inputs (a model that cannot load, a data set without a model feature, a baseline of
 * another model) as Failed runs with coded reasons.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { systemClock } from '../../../src/core/clock.js';
import { boostedTrees } from '../../../src/ml/boosted-trees/index.js';
import { seededRandom } from '../../../src/ml/random.js';
import { stringifyXgboostJson } from '../../../src/ml/xgboost/index.js';
import { ModelExplainability } from '../../../src/monitor/explainability/index.js';
import type { MonitoringJobInput } from '../../../src/monitor/monitoring-job.js';
import { scratchDir } from '../../helpers/scratch.js';
import { OPTIONS } from '../../ml/boosted-trees/fixtures.js';

const dir = scratchDir('godwit-explain-job-');
const NAMES = ['x0', 'x1', 'x2', 'x3'];
const target = (v: number[]) => 3 * v[0] + v[1] + 0.3 * v[2] + 0.1 * v[3];

function rowsOf(n: number, seed: number, change?: (v: number[]) => void): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const v = NAMES.map(() => random() * 2 - 1);
    change?.(v);
    return v;
  });
}

async function modelDir(): Promise<string> {
  const train = rowsOf(400, 1);
  const x = { rows: train.length, cols: 4, data: Float64Array.from(train.flat()) };
  const options = { ...OPTIONS, rounds: 20, maxDepth: 3 };
  const { model } = await boostedTrees.train({
    task: { kind: 'regression' },
    x,
    y: Float64Array.from(train.map(target)),
    options,
    seed: 1,
  });
  const learner = (model as { learner: Record<string, unknown> }).learner;
  learner.feature_names = NAMES;
  learner.feature_types = NAMES.map(() => 'float');
  const out = join(dir, 'model');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'xgboost-model.json'), stringifyXgboostJson(model));
  return out;
}

/** A CSV with a header: the label first, then the features in reverse order. */
function csv(name: string, rows: number[][], columns = ['y', ...[...NAMES].reverse()]): string {
  const file = join(dir, name);
  const lines = rows.map((v) => columns.map((c) => (c === 'y' ? target(v) : v[NAMES.indexOf(c)])).join(','));
  writeFileSync(file, `${columns.join(',')}\n${lines.join('\n')}\n`);
  return file;
}

function input(model: string, dataset: string, outputUri: string, baseline?: string): MonitoringJobInput {
  return {
    type: 'ModelExplainability',
    dataset: { kind: 'dataset', uri: dataset, format: 'csv', header: true },
    baseline: baseline ? { constraintsUri: baseline } : undefined,
    outputUri,
    config: {
      PrimaryContainer: { ModelDataUrl: model },
      AnalysisConfig: { label: 'y', methods: { shap: { num_samples: 14, seed: 1, agg_method: 'mean_abs' } } },
    },
    clock: systemClock,
  };
}

test('a baselining run writes analysis.json; the same data shows no drift, a drifted window a violation', async () => {
  const model = await modelDir();
  const base = await ModelExplainability.run(input(model, csv('base.csv', rowsOf(60, 2)), join(dir, 'out-base')));
  assert.equal(base.status, 'Completed', base.failureReason);
  const analysisFile = join(dir, 'out-base', 'analysis.json');
  const analysis = JSON.parse(readFileSync(analysisFile, 'utf8'));
  const values = analysis.explanations.kernel_shap.label0.global_shap_values as Record<string, number>;
  assert.deepEqual(Object.keys(values), NAMES, "the model's feature order");
  assert.deepEqual(
    [...NAMES].sort((a, b) => values[b] - values[a]).slice(0, 2),
    ['x0', 'x1'],
    'the features the target depends on most rank first',
  );
  assert.equal(typeof analysis.explanations.kernel_shap.label0.expected_value, 'number');
  assert.ok(base.metrics.some((m) => m.name === 'feature_x0' && m.value === values.x0));

  const same = await ModelExplainability.run(input(model, csv('same.csv', rowsOf(60, 2)), join(dir, 'out-same'), analysisFile));
  assert.equal(same.status, 'Completed', same.failureReason);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'out-same', 'constraint_violations.json'), 'utf8')).violations, []);

  // x0 stops varying: its attribution falls to nothing and the ranking changes.
  const drifted = csv(
    'drift.csv',
    rowsOf(60, 3, (v) => {
      v[0] = 0;
    }),
  );
  const run = await ModelExplainability.run(input(model, drifted, join(dir, 'out-drift'), analysisFile));
  assert.equal(run.status, 'CompletedWithViolations', run.failureReason);
  assert.equal(run.violationCount, 1);
  const [violation] = JSON.parse(readFileSync(join(dir, 'out-drift', 'constraint_violations.json'), 'utf8')).violations;
  assert.equal(violation.constraint_check_type, 'feature_attribution_drift_check');
  assert.equal(violation.label, 'label0');
  assert.equal(violation.metric_name, 'shap');
  assert.match(violation.description, /^Feature attribution drift 0\.\d+ exceeds threshold 0\.9$/);
});

test('captured requests are explained; a malformed capture line is skipped with its place', async () => {
  const model = await modelDir();
  const hour = join(dir, 'capture', 'ep', 'AllTraffic', '2026', '12', '05', '10');
  mkdirSync(hour, { recursive: true });
  const lines = rowsOf(20, 4).map((v, i) =>
    JSON.stringify({
      eventMetadata: { eventId: `e-${i}`, inferenceTime: `2026-12-05T10:${String(i).padStart(2, '0')}:00Z` },
      eventVersion: '0',
      captureData: {
        endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: v.join(','), encoding: 'CSV' },
        endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: String(target(v)), encoding: 'CSV' },
      },
    }),
  );
  lines.splice(3, 0, '{not json');
  writeFileSync(join(hour, 'a.jsonl'), `${lines.join('\n')}\n`);
  const result = await ModelExplainability.run({
    ...input(model, '', join(dir, 'out-capture')),
    dataset: {
      kind: 'capture',
      captureUri: join(dir, 'capture'),
      endpointName: 'ep',
      start: new Date('2026-12-05T10:00:00Z'),
      end: new Date('2026-12-05T11:00:00Z'),
    },
    config: { PrimaryContainer: { ModelDataUrl: model }, AnalysisConfig: { headers: NAMES, methods: { shap: { seed: 2 } } } },
  });
  assert.equal(result.status, 'Completed', result.failureReason);
  assert.equal(result.skipped.length, 1);
  assert.match(result.skipped[0].where, /a\.jsonl:4$/);
  const analysis = JSON.parse(readFileSync(join(dir, 'out-capture', 'analysis.json'), 'utf8'));
  assert.deepEqual(Object.keys(analysis.explanations.kernel_shap.label0.global_shap_values), NAMES);
});

test('bad input fails the run with a coded reason naming the problem, never a throw', async () => {
  const model = await modelDir();
  const data = csv('ok.csv', rowsOf(10, 5));
  const noModel = await ModelExplainability.run(input(join(dir, 'no-such-model'), data, join(dir, 'o1')));
  assert.equal(noModel.status, 'Failed');
  assert.match(noModel.failureReason ?? '', /^E_EXPLAIN_MODEL: .*no-such-model/);

  const missing = csv('missing.csv', rowsOf(10, 5), ['y', 'x0', 'x1', 'x3']);
  const noFeature = await ModelExplainability.run(input(model, missing, join(dir, 'o2')));
  assert.match(noFeature.failureReason ?? '', /^E_EXPLAIN_FEATURES: .*"x2"/);

  const other = join(dir, 'other-analysis.json');
  const otherValues = { age: 1, income: 0.5, zip: 0.1, tenure: 0.2 };
  writeFileSync(
    other,
    JSON.stringify({
      version: '1.0',
      explanations: { kernel_shap: { label0: { global_shap_values: otherValues, expected_value: 0 } } },
    }),
  );
  const wrongBaseline = await ModelExplainability.run(input(model, data, join(dir, 'o3'), other));
  assert.equal(wrongBaseline.status, 'Failed');
  assert.match(wrongBaseline.failureReason ?? '', /^E_EXPLAIN_BASELINE: .*"age"/);

  const badConfig = await ModelExplainability.run({
    ...input(model, data, join(dir, 'o4')),
    config: { PrimaryContainer: { ModelDataUrl: model }, AnalysisConfig: { methods: { shap: { agg_method: 'max' } } } },
  });
  assert.match(badConfig.failureReason ?? '', /^E_EXPLAIN_CONFIG: .*"max"/);
});
