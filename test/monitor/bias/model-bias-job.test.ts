// The ModelBias monitoring job and `godwit monitor bias`, on the worked example written to files.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../../../src/core/clock.js';
import { biasAnalysis, ModelBias, parseBiasAnalysis } from '../../../src/monitor/bias/index.js';
import type { MonitoringJobInput } from '../../../src/monitor/monitoring-job.js';
import { cli } from '../../cli/capture.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { scratchDir } from '../../helpers/scratch.js';
import { workedExample, workedExampleCsv } from './worked-example.js';

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
    assert.match(capture.failureReason ?? '', /^E_BIAS_CONFIG: A bias run on captured data needs GroundTruthS3Input\.S3Uri/);
    const noBaseline = await ModelBias.run(input({ baseline: { constraintsUri: join(dir, 'nothing.json') } }));
    assert.match(noBaseline.failureReason ?? '', /^E_BIAS_BASELINE: The baseline .*nothing\.json cannot be read/);
  });
});

describe('the ModelBias job on captured data', () => {
  // The worked example as an endpoint saw it: CSV requests "sex,age", CSV answers "pred", and the
  // labels uploaded as ground truth by eventId; plus one request without a label and one bad line.
  const capture = join(dir, 'capture');
  const truth = join(dir, 'ground-truth');
  const hour = '2026/12/05/10';
  const t = workedExample();
  const col = (name: string) => t.column(name) ?? [];
  const lines = col('sex').map((sex, i) => {
    const side = (mode: string, data: string) => ({ observedContentType: 'text/csv', mode, data, encoding: 'CSV' });
    return JSON.stringify({
      captureData: {
        endpointInput: side('INPUT', `${sex},${col('age')[i]}`),
        endpointOutput: side('OUTPUT', String(col('pred')[i])),
      },
      eventMetadata: { eventId: `e${i}`, inferenceTime: `2026-12-05T10:0${i}:00Z` },
      eventVersion: '0',
    });
  });
  const unlabelled = lines[0].replace('"e0"', '"e-unlabelled"');
  mkdirSync(join(capture, 'churn', 'AllTraffic', hour), { recursive: true });
  writeFileSync(join(capture, 'churn', 'AllTraffic', hour, 'a.jsonl'), `${[...lines, unlabelled, '{not json'].join('\n')}\n`);
  mkdirSync(join(truth, hour), { recursive: true });
  const labels = col('target').map((y, i) =>
    JSON.stringify({
      groundTruthData: { data: String(y), encoding: 'CSV' },
      eventMetadata: { eventId: `e${i}` },
      eventVersion: '0',
    }),
  );
  writeFileSync(join(truth, hour, 'labels.jsonl'), `${labels.join('\n')}\n`);

  test('merges capture with ground truth and computes what the data set gives', async () => {
    const r = await ModelBias.run(
      input({
        dataset: {
          kind: 'capture',
          captureUri: capture,
          endpointName: 'churn',
          start: new Date('2026-12-05T10:00:00Z'),
          end: new Date('2026-12-05T11:00:00Z'),
        },
        config: {
          ...config,
          InferenceAttribute: undefined,
          headers: ['sex', 'age', 'target'],
          GroundTruthS3Input: { S3Uri: truth },
        },
        outputUri: pathToFileURL(join(dir, 'capture-out')).href,
        clock: new FakeClock(Date.parse('2026-12-05T11:30:00Z')),
      }),
    );
    assert.equal(r.status, 'Completed', r.failureReason);
    assert.deepEqual(
      r.skipped.map((s) => s.where.replace(/^.*\//, '')),
      ['a.jsonl:10'],
    );
    const fromCapture = parseBiasAnalysis(readFileSync(join(dir, 'capture-out', 'analysis.json'), 'utf8'), 'capture');
    const fromData = biasAnalysis(
      workedExample(),
      {
        label: 'target',
        labelValuesOrThreshold: [1],
        facets: [{ name: 'sex', valueOrThreshold: [0] }],
        groupVariable: 'age',
        predictedLabel: 'pred',
      },
      'w',
    );
    assert.deepEqual(fromCapture.pre_training_bias_metrics, fromData.pre_training_bias_metrics);
    assert.deepEqual(fromCapture.post_training_bias_metrics, fromData.post_training_bias_metrics);
  });
  test('a window whose requests have no ground truth is a Failed run saying so', async () => {
    const r = await ModelBias.run(
      input({
        dataset: {
          kind: 'capture',
          captureUri: capture,
          endpointName: 'churn',
          start: new Date('2026-12-05T10:00:00Z'),
          end: new Date('2026-12-05T11:00:00Z'),
        },
        config: { ...config, headers: ['sex', 'age', 'target'], GroundTruthS3Input: { S3Uri: join(dir, 'no-labels') } },
        clock: new FakeClock(Date.parse('2026-12-05T11:30:00Z')),
      }),
    );
    assert.equal(r.status, 'Failed');
    assert.match(
      r.failureReason ?? '',
      /^E_BIAS_DATASET: No row to analyse: 9 captured requests of endpoint "churn" in \[2026-12-05T10:00:00\.000Z, 2026-12-05T11:00:00\.000Z\), 9 without ground truth/,
    );
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
