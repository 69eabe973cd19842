import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  bucketDistance,
  buildReport,
  readExecution,
  renderReportHtml,
  reportRows,
  summarise,
} from '../../../src/monitor/report/index.js';
import { scratchDir } from '../../helpers/scratch.js';
import { buckets, categorical, numeric, writeExecution } from './report-files.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const UNIFORM = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10];
const ODD = 'len<gth> & "x"';

describe('bucketDistance', () => {
  test('is 0 for the same histogram and the CDF gap for a shifted one', () => {
    const base = numeric('x', 5, buckets(0, 10, UNIFORM));
    assert.equal(bucketDistance(base, base), 0);
    // Uniform on [0,10] against uniform on [5,15]: at 10 the CDFs are 1 and 0.5.
    assert.equal(bucketDistance(base, numeric('x', 10, buckets(5, 15, UNIFORM))), 0.5);
  });

  test('is the largest frequency gap for strings, counting values one side lacks', () => {
    const a = categorical('s', { M: 50, F: 50 });
    assert.ok(Math.abs(bucketDistance(a, categorical('s', { M: 80, F: 20 }))! - 0.3) < 1e-12);
    assert.equal(bucketDistance(a, categorical('s', { M: 50, F: 30, I: 20 })), 0.2);
    assert.equal(bucketDistance(a, numeric('s', 1, buckets(0, 1, UNIFORM))), undefined);
  });
});

describe('summarise', () => {
  test("takes SageMaker's stated distance over the estimate and keeps violated features the files lack", () => {
    const base = { version: 0, dataset: { item_count: 100 }, features: [numeric('a', 5, buckets(0, 10, UNIFORM))] };
    const now = { version: 0, dataset: { item_count: 100 }, features: [numeric('a', 7.5, buckets(0, 15, UNIFORM))] };
    const rows = summarise(base, now, [
      {
        feature_name: 'a',
        constraint_check_type: 'baseline_drift_check',
        description: 'Baseline drift distance: 0.3142 exceeds threshold: 0.1',
      },
      { feature_name: 'gone', constraint_check_type: 'missing_column_check', description: 'There are missing columns' },
    ]);
    assert.deepEqual(
      rows.map((r) => [r.name, r.baselineMean, r.currentMean, r.distance, r.distanceSource, r.violations.length]),
      [
        ['a', 5, 7.5, 0.3142, 'violation', 1],
        ['gone', undefined, undefined, undefined, undefined, 1],
      ],
    );
    // With sketches the distance is the data-quality check's, by the constraints' method: Simple
    // is the plain CDF gap; Robust (SageMaker's suggestion) takes off a margin for 100 values a side.
    const simple = {
      version: 0,
      features: [],
      monitoring_config: { distribution_constraints: { comparison_method: 'Simple' as const } },
    };
    const sketched = summarise(base, now, [], simple)[0]!;
    assert.equal(sketched.distanceSource, 'sketch');
    assert.ok(Math.abs(sketched.distance! - 1 / 3) < 0.02, String(sketched.distance));
    const robust = summarise(base, now, [])[0]!.distance!;
    assert.ok(robust < sketched.distance! - 0.2 && robust > 0, String(robust));
    const bare = (s: typeof base, mean: number, hi: number) => ({
      ...s,
      features: [numeric('a', mean, buckets(0, hi, UNIFORM), false)],
    });
    const estimated = summarise(bare(base, 5, 10), bare(now, 7.5, 15), [])[0]!;
    assert.equal(estimated.distanceSource, 'buckets');
    assert.ok(Math.abs(estimated.distance! - 1 / 3) < 1e-12, String(estimated.distance));
  });
});

describe('the HTML report', () => {
  const root = scratchDir('godwit-monitor-report-');
  const baseline = writeExecution(join(root, 'baseline'), [
    numeric('Length', 0.5, buckets(0, 1, UNIFORM)),
    categorical(ODD, { M: 40, F: 30, I: 30 }),
  ]);
  const runs = [1, 1.2, 1.5].map((scale, i) =>
    writeExecution(
      join(root, `run-${i + 1}`),
      [numeric('Length', 0.5 * scale, buckets(0, scale, UNIFORM)), categorical(ODD, { M: 40, F: 30, I: 30 })],
      scale === 1.5
        ? [
            {
              feature_name: 'Length',
              constraint_check_type: 'baseline_drift_check',
              description: 'Baseline drift distance: 0.3333 exceeds threshold: 0.1 <script>',
            },
          ]
        : [],
      {
        regression_metrics: {
          mae: { value: 1 + i, standard_deviation: 0.1 },
          r2: { value: 0.9 - i / 10, standard_deviation: 0 },
        },
      },
    ),
  );

  test('names every feature, gives the numbers, draws one SVG per chart and escapes the files’ text', async () => {
    const history = await Promise.all(runs.slice(0, 2).map((r) => readExecution(r)));
    const report = buildReport({
      execution: await readExecution(runs[2]!),
      baseline: await readExecution(baseline, 'baseline'),
      history,
    });
    const html = renderReportHtml(report);
    // Charts: the drift over time, the metric trends, and a distribution per feature.
    assert.equal(html.match(/<svg /g)?.length, 4);
    assert.equal(html.match(/<\/svg>/g)?.length, 4);
    assert.equal(html.match(/class="chart distribution"/g)?.length, 2);
    assert.match(
      html,
      /<td>Length<\/td><td>Fractional<\/td><td class="num">0.5<\/td><td class="num">0.75<\/td><td class="num">0.3333<\/td><td>baseline_drift_check<\/td>/,
    );
    assert.ok(html.includes('len&lt;gth&gt; &amp; &quot;x&quot;'), 'the odd feature name is escaped');
    assert.ok(!html.includes(ODD) && !html.includes('<script'), 'no raw text from the files reaches the page');
    assert.ok(!/\s(src|href)=/.test(html), 'no external asset');
    // The trend charts have one point per execution: three for Length's drift, three for mae.
    assert.deepEqual(report.drift.get('Length')?.length, 3);
    assert.deepEqual(report.metrics.get('mae'), [1, 2, 3]);
    assert.equal(report.threshold, 0.1);
    assert.match(html, /data-series="mae"/);
  });

  test('reads the genuine SageMaker files of the Python SDK’s tests', async () => {
    const execution = await readExecution(FIXTURES);
    const report = buildReport({ execution, baseline: await readExecution(join(FIXTURES, 'statistics.json'), 'baseline') });
    const rows = reportRows(report.features);
    assert.deepEqual(rows[0], ['message', 'String', '-', '-', '0', '-']);
    assert.deepEqual(
      rows.find((r) => r[0] === 'store_and_fwd_flag'),
      ['store_and_fwd_flag', 'Unknown', '-', '-', '-', 'categorical_values_check'],
    );
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'constraint_violations.json'), 'utf8'));
    assert.equal(report.features.filter((f) => f.violations.length > 0).length, fixture.violations.length);
    const html = renderReportHtml(report);
    assert.equal(html.match(/<svg /g)?.length, 2, 'the drift chart and the one profiled feature’s distribution');
    assert.equal(html.match(/class="chart distribution" data-feature="message"/g)?.length, 1);
    assert.ok(html.includes('Value: 0.4994994994994995 does not meet the constraint requirement!'));
  });
});
