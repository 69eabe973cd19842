// The ModelBias monitoring job and `godwit monitor bias`, on the worked example written to files.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../../../src/core/clock.js';
import { ModelBias, parseBiasAnalysis } from '../../../src/monitor/bias/index.js';
import type { MonitoringJobInput } from '../../../src/monitor/monitoring-job.js';
import { cli } from '../../cli/capture.js';
import { scratchDir } from '../../helpers/scratch.js';
import { workedExampleCsv } from './worked-example.js';

const dir = scratchDir('godwit-bias-job-');
const dataset = join(dir, 'window.csv');
writeFileSync(dataset, workedExampleCsv());

// Clarify's analysis config, as a ModelBiasJobDefinition's ConfigUri file holds it, with the
// endpoint input's InferenceAttribute naming the predicted-label column.
const config = {
  label: 'target',
  label_values_or_threshold: [1],
  facet: [{ name_or_index: 'sex', value_or_threshold: [0] }],
  group_variable: 'age',
  InferenceAttribute: 'pred',
};

function input(over: Partial<MonitoringJobInput>): MonitoringJobInput {
  return {
    type: 'ModelBias',
    dataset: { kind: 'dataset', uri: dataset, format: 'csv' },
    outputUri: pathToFileURL(join(dir, 'out')).href,
    config,
    clock: systemClock,
    ...over,
  };
}

/** A baseline analysis.json whose values are the worked example's, but TE and DI tighter. */
function tightBaseline(): string {
  const analysis = JSON.parse(readFileSync(join(dir, 'baseline', 'analysis.json'), 'utf8'));
  for (const m of analysis.post_training_bias_metrics.facets.sex[0].metrics) {
    if (m.name === 'TE') m.value = 0.5; // current -1.0 is farther from 0
    if (m.name === 'DI') m.value = 1.05; // current 1.111 is farther from 1
  }
  const path = join(dir, 'tight-analysis.json');
  writeFileSync(path, JSON.stringify(analysis));
  return path;
}

describe('the ModelBias monitoring job', () => {
  test('writes analysis.json and publishes bias_metric_<NAME>; checked against itself it is Completed', async () => {
    const base = await ModelBias.run(input({ outputUri: pathToFileURL(join(dir, 'baseline')).href }));
    assert.equal(base.status, 'Completed', base.failureReason);
    assert.deepEqual(base.files, [pathToFileURL(join(dir, 'baseline', 'analysis.json')).href]);
    const metrics = Object.fromEntries(base.metrics.map((m) => [m.name, m.value]));
    assert.equal(metrics.bias_metric_CI, 0.25);
    assert.equal(metrics.bias_metric_TE, -1);
    assert.equal(base.metrics.length, 8 + 13);
    const again = await ModelBias.run(input({ baseline: { constraintsUri: join(dir, 'baseline', 'analysis.json') } }));
    assert.equal(again.status, 'Completed');
    assert.equal(again.violationCount, 0);
  });

  test('against a tighter baseline: CompletedWithViolations and constraint_violations.json', async () => {
    const r = await ModelBias.run(input({ baseline: { constraintsUri: tightBaseline() } }));
    assert.equal(r.status, 'CompletedWithViolations');
    assert.equal(r.violationCount, 2);
    const written = JSON.parse(readFileSync(join(dir, 'out', 'constraint_violations.json'), 'utf8'));
    assert.deepEqual(written, {
      version: '1.0',
      violations: [
        {
          facet: 'sex',
          facet_value: '0',
          metric_name: 'DI',
          constraint_check_type: 'bias_drift_check',
          description: "Metric value 1.1111111111111112 doesn't meet the baseline constraint requirement 1.05",
        },
        {
          facet: 'sex',
          facet_value: '0',
          metric_name: 'TE',
          constraint_check_type: 'bias_drift_check',
          description: "Metric value -1.0 doesn't meet the baseline constraint requirement 0.5",
        },
      ],
    });
    const analysis = parseBiasAnalysis(readFileSync(join(dir, 'out', 'analysis.json'), 'utf8'), 'out');
    assert.equal(analysis.pre_training_bias_metrics?.facets.sex[0].metrics.find((m) => m.name === 'CDDL')?.value, 0.125);
  });

  test('bad input is a Failed result with the code, never a throw', async () => {
    const missing = await ModelBias.run(
      input({ config: { ...config, facet: [{ name_or_index: 'gender', value_or_threshold: [0] }] } }),
    );
    assert.equal(missing.status, 'Failed');
    assert.match(missing.failureReason ?? '', /^E_BIAS_COLUMN_MISSING: The facet column "gender" is not in /);
    const absent = await ModelBias.run(
      input({ config: { ...config, facet: [{ name_or_index: 'sex', value_or_threshold: [7] }] } }),
    );
    assert.match(absent.failureReason ?? '', /^E_BIAS_FACET_EMPTY: Facet value "7" of column "sex" selects no row/);
    const capture = await ModelBias.run(
      input({ dataset: { kind: 'capture', captureUri: dir, endpointName: 'churn', start: new Date(0), end: new Date(1) } }),
    );
    assert.match(
      capture.failureReason ?? '',
      /^E_BIAS_DATASET: The bias job reads CSV or JSON Lines data sets, not captured data of endpoint "churn"/,
    );
    const noBaseline = await ModelBias.run(input({ baseline: { constraintsUri: join(dir, 'nothing.json') } }));
    assert.match(noBaseline.failureReason ?? '', /^E_BIAS_BASELINE: The baseline .*nothing\.json cannot be read/);
  });
});

describe('godwit monitor bias', () => {
  const args = [
    'monitor',
    'bias',
    '--dataset',
    dataset,
    '--label',
    'target',
    '--label-value',
    '1',
    '--facet',
    'sex',
    '--facet-value',
    '0',
  ];

  test('prints a row per metric; --predicted adds the post-training ones', async () => {
    const pre = await cli(args);
    assert.equal(pre.code, 0, pre.stderr);
    const lines = pre.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.replace(/ +/g, ' '));
    assert.equal(lines[0], 'FACET VALUE STAGE METRIC RESULT');
    assert.equal(lines[2], 'sex 0 pre CI 0.25');
    assert.equal(lines.length, 1 + 8);
    const post = await cli([...args, '--predicted', 'pred', '--json']);
    const out = JSON.parse(post.stdout);
    assert.equal(out.analysis.post_training_bias_metrics.facets.sex[0].metrics.length, 13);
  });

  test('--baseline and --output: writes both files and exits 1 on a violation', async () => {
    const out = join(dir, 'cli-out');
    const r = await cli([...args, '--predicted', 'pred', '--baseline', tightBaseline(), '--output', out]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /sex +0 +post +TE +-1\.0 +VIOLATION/);
    assert.match(r.stdout, /\n2 bias_drift_check violations\.\n$/);
    assert.match(r.stderr, /wrote .*cli-out\/constraint_violations\.json/);
    assert.equal(JSON.parse(readFileSync(join(out, 'constraint_violations.json'), 'utf8')).violations.length, 2);
  });

  test('a facet column that is not there is a sentence naming it', async () => {
    const r = await cli([...args.slice(0, 8), '--facet', 'gender']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /The facet column "gender" is not in .*window\.csv\. Its columns: sex, age, target, pred\./);
  });
});
