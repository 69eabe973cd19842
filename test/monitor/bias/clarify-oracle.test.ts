// Genuine SageMaker Clarify output as the oracle (test/fixtures/monitor/bias/SOURCE.md has the
// sources): Godwit's metrics on the data Clarify analysed must give Clarify's numbers.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TableBuilder } from '../../../src/monitor/bias/bias-table.js';
import {
  type BiasAnalysis,
  biasAnalysis,
  type FacetBiasMetrics,
  parseBiasAnalysis,
  runBias,
} from '../../../src/monitor/bias/index.js';
import { scratchDir } from '../../helpers/scratch.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/monitor/bias/${name}`, import.meta.url));
const genuine = (name: string) => parseBiasAnalysis(readFileSync(fixture(name), 'utf8'), name);

const ADULT_HEADERS = [
  'Age',
  'Workclass',
  'fnlwgt',
  'Education',
  'Education-Num',
  'Marital Status',
  'Occupation',
  'Relationship',
  'Ethnic group',
  'Sex',
  'Capital Gain',
  'Capital Loss',
  'Hours per week',
  'Country',
  'Target',
];

/** Every metric of `expected` is in `actual` with the same value (within `tolerance`) or the same error. */
function assertSameMetrics(actual: FacetBiasMetrics | undefined, expected: FacetBiasMetrics | undefined, tolerance = 0) {
  assert.equal(actual?.value_or_threshold, expected?.value_or_threshold);
  for (const e of expected?.metrics ?? []) {
    const a = actual?.metrics.find((m) => m.name === e.name);
    assert.ok(a, `${e.name} is missing`);
    assert.equal(a.description, e.description, e.name);
    if (e.value === null) {
      assert.equal(a.value, null, e.name);
      assert.equal(a.error, e.error, e.name);
    } else {
      assert.ok(a.value !== null && Math.abs(a.value - e.value) <= tolerance, `${e.name}: ${a.value} ≠ ${e.value}`);
    }
  }
}

describe('Clarify oracle: the Adult validation data set of the bias-monitor example', () => {
  test("pre-training metrics equal the baselining job's analysis.json", async () => {
    // The notebook's config: JSON Lines with features, headers ending in the label's name,
    // label "label" = 1, facet Sex = 0, group variable Age.
    // A copy: the file store records a digest beside what it reads, and tests write only in scratch folders.
    const dataset = join(scratchDir('godwit-bias-oracle-'), 'validation-dataset.jsonl');
    copyFileSync(fixture('validation-dataset.jsonl'), dataset);
    const { analysis } = await runBias({
      datasetUri: dataset,
      format: 'jsonl',
      config: {
        label: 'label',
        labelValuesOrThreshold: [1],
        facets: [{ name: 'Sex', valueOrThreshold: [0] }],
        groupVariable: 'Age',
        headers: ADULT_HEADERS,
      },
    });
    const expected = genuine('adult-baseline-analysis.json').pre_training_bias_metrics;
    const pre = analysis.pre_training_bias_metrics;
    assert.equal(pre?.label, expected?.label);
    assert.equal(pre?.label_value_or_threshold, expected?.label_value_or_threshold);
    const [ours, theirs] = [pre?.facets.Sex[0], expected?.facets.Sex[0]];
    // Exact for all but JS, whose last bits depend on the order numpy adds in (ours 0.04508199943437754, theirs …52).
    assertSameMetrics(
      { ...ours, metrics: ours?.metrics.filter((m) => m.name !== 'JS') ?? [] } as FacetBiasMetrics,
      {
        ...theirs,
        metrics: theirs?.metrics.filter((m) => m.name !== 'JS') ?? [],
      } as FacetBiasMetrics,
    );
    assertSameMetrics(ours, theirs, 1e-16);
  });
});

/**
 * The fraud-detection example's analysis files (facet customer_gender_female = 1, positive label
 * fraud = 0). Its data is not published; these counts are the only ones the files allow:
 * CI 0.398 with DPL -0.017711586081682884 and KL 0.008323488560379871 hold for na 2796 (2707
 * positive), nd 1204 (1187 positive), every prediction positive (DPPL 0, DI 1, AD = DAR = DCA = DPL).
 * File 2 (CI 0) is na = nd = 2796, positives 2707 and 2779 (DPL = -72/2796), with one true
 * negative predicted in each facet: DAR = DCA = -72/2795, DCR = 17/1 - 89/1 = -72, and the flip
 * test -1/2796 (facet d's true negative has favourable neighbours).
 */
function fraudData(facets: { n: number; positives: number; negativesPredicted: number }[]) {
  const b = new TableBuilder();
  facets.forEach((f, female) => {
    for (let i = 0; i < f.n; i++) {
      const fraud = i < f.positives ? 0 : 1;
      // The predicted negatives are the facet's last rows, so the first five rows of facet a, the
      // neighbours every row ties with on the constant feature, are all predicted positive.
      const predicted = i >= f.n - f.negativesPredicted ? 1 : 0;
      b.add([
        ['customer_gender_female', female],
        ['amount', 0],
        ['fraud', fraud],
        ['predicted', predicted],
      ]);
    }
  });
  return b.build();
}

const fraudConfig = {
  label: 'fraud',
  labelValuesOrThreshold: [0],
  facets: [{ name: 'customer_gender_female', valueOrThreshold: [1] }],
  predictedLabel: 'predicted',
};

function compareFraud(ours: BiasAnalysis, theirs: BiasAnalysis, skip: readonly string[] = []) {
  for (const stage of ['pre_training_bias_metrics', 'post_training_bias_metrics'] as const) {
    assert.equal(ours[stage]?.label_value_or_threshold, '0');
    const expected = theirs[stage]?.facets.customer_gender_female[0];
    const kept = { ...expected, metrics: expected?.metrics.filter((m) => !skip.includes(m.name)) ?? [] } as FacetBiasMetrics;
    assertSameMetrics(ours[stage]?.facets.customer_gender_female[0], kept, 1e-15);
  }
}

describe('Clarify oracle: the fraud-detection example', () => {
  test('bias_1: every prediction positive, DCR of two infinite ratios is 0', () => {
    const data = fraudData([
      { n: 2796, positives: 2707, negativesPredicted: 0 },
      { n: 1204, positives: 1187, negativesPredicted: 0 },
    ]);
    const ours = biasAnalysis(data, fraudConfig, 'fraud 1');
    // This file predates Clarify's JS with the guide's P = ½(Pa + Pd): its 0.0020437563177422677 is
    // ½[KL(Pa‖P) + KL(Pd‖P)] with P the whole data set's label distribution, which equals the
    // midpoint only when na = nd (file 2, and the Adult baseline, agree with the midpoint).
    compareFraud(ours, genuine('fraud-bias-1-analysis.json'), ['JS']);
    const [pa, pd] = [
      [89 / 2796, 2707 / 2796],
      [17 / 1204, 1187 / 1204],
    ];
    const kl = (p: number[], q: number[]) => p.reduce((s, x, i) => s + x * Math.log(x / q[i]), 0);
    const m = pa.map((x, i) => 0.5 * (x + pd[i]));
    const js = ours.pre_training_bias_metrics?.facets.customer_gender_female[0].metrics.find((x) => x.name === 'JS');
    assert.equal(js?.value, 0.5 * (kl(pa, m) + kl(pd, m)));
  });

  test('bias_2: one predicted rejection per facet, DCR -72 and the flip test -1/2796', () => {
    const data = fraudData([
      { n: 2796, positives: 2707, negativesPredicted: 1 },
      { n: 2796, positives: 2779, negativesPredicted: 1 },
    ]);
    compareFraud(biasAnalysis(data, fraudConfig, 'fraud 2'), genuine('fraud-bias-2-analysis.json'));
  });
});
