import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseConstraints, suggestConstraints } from '../../../../src/monitor/data-quality/check/index.js';
import { parseStatistics } from '../../../../src/monitor/data-quality/profile/index.js';
import type { DataQualityStatistics, FeatureStatistics } from '../../../../src/monitor/monitor-files.js';

// Genuine SageMaker files: github.com/aws/sagemaker-python-sdk tests/data/monitor at 8326c232^.
const sdk = (name: string) => new URL(`../../../fixtures/monitor/sagemaker-sdk/${name}`, import.meta.url);
const read = (name: string) => readFileSync(sdk(name), 'utf8');

const numeric = (name: string, min: number, present = 10, missing = 0): FeatureStatistics => ({
  name,
  inferred_type: 'Fractional',
  numerical_statistics: {
    common: { num_present: present, num_missing: missing },
    mean: 0,
    sum: 0,
    std_dev: 1,
    min,
    max: min + 5,
  },
});

const strings = (name: string, counts: Record<string, number>, distinct?: number): FeatureStatistics => {
  const buckets = Object.entries(counts).map(([value, count]) => ({ value, count }));
  const present = buckets.reduce((s, b) => s + b.count, 0);
  return {
    name,
    inferred_type: 'String',
    string_statistics: {
      common: { num_present: present, num_missing: 0 },
      distinct_count: distinct ?? buckets.length,
      distribution: { categorical: { buckets } },
    },
  };
};

describe('suggestConstraints', () => {
  it('suggests from SageMaker’s own statistics.json the features SageMaker’s constraints.json has', () => {
    const stats = parseStatistics(read('statistics.json'), 'statistics.json');
    const genuine = parseConstraints(read('constraints.json'), 'constraints.json');
    const suggested = suggestConstraints(stats);
    const mine = suggested.features[0];
    const theirs = genuine.features.find((f) => f.name === mine.name);
    assert.ok(theirs);
    assert.equal(mine.inferred_type, theirs.inferred_type);
    assert.equal(mine.completeness, theirs.completeness);
    assert.deepEqual(mine.string_constraints?.domains, theirs.string_constraints?.domains);
  });

  it('writes the monitoring_config the baselining job suggests', () => {
    const c = suggestConstraints({ version: 0, dataset: { item_count: 10 }, features: [numeric('a', 0)] });
    assert.deepEqual(c.monitoring_config, {
      evaluate_constraints: 'Enabled',
      emit_metrics: 'Enabled',
      datatype_check_threshold: 1,
      domain_content_threshold: 1,
      distribution_constraints: { perform_comparison: 'Enabled', comparison_threshold: 0.1, comparison_method: 'Robust' },
    });
    assert.equal(c.version, 0);
  });

  it('suggests is_non_negative from the minimum and the observed completeness', () => {
    const stats: DataQualityStatistics = {
      version: 0,
      dataset: { item_count: 10 },
      features: [numeric('zero', 0), numeric('neg', -0.5, 8, 2)],
    };
    const [zero, neg] = suggestConstraints(stats).features;
    assert.deepEqual(zero, {
      name: 'zero',
      inferred_type: 'Fractional',
      completeness: 1,
      num_constraints: { is_non_negative: true },
    });
    assert.deepEqual(neg, {
      name: 'neg',
      inferred_type: 'Fractional',
      completeness: 0.8,
      num_constraints: { is_non_negative: false },
    });
  });

  it('gives a domain only to a small, fully listed category set that is not mostly one-off values', () => {
    const stats: DataQualityStatistics = {
      version: 0,
      dataset: { item_count: 100 },
      features: [
        strings('sex', { M: 40, F: 35, I: 25 }),
        strings('id', Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`id-${i}`, i < 5 ? 5 : 1]))),
        strings('top-only', { a: 50, b: 50 }, 300),
      ],
    };
    const [sex, id, top] = suggestConstraints(stats).features;
    assert.deepEqual(sex.string_constraints, { domains: ['F', 'I', 'M'] });
    assert.equal(id.string_constraints, undefined);
    assert.equal(top.string_constraints, undefined);
  });
});

describe('suggestConstraints against a genuine baselining job’s output', () => {
  // The statistics and the constraints SageMaker suggested from them, as the output cells of
  // github.com/aws/amazon-sagemaker-examples,
  // deploy_and_monitor/sm-model_monitor_introduction/sm-model_monitor_introduction.ipynb, print them: name, type, counts, mean, sum, std_dev, min, max.
  const table: [string, 'Integral' | 'Fractional', number, number, number, number, number][] = [
    ['Churn', 'Integral', 0.139306, 325.0, 0.346265, 0.0, 1.0],
    ['Account Length', 'Integral', 101.276897, 236279.0, 39.552442, 1.0, 243.0],
    ['VMail Message', 'Integral', 8.214316, 19164.0, 13.776908, 0.0, 51.0],
    ['Day Mins', 'Fractional', 180.226489, 420468.4, 53.987179, 0.0, 350.8],
    ['Day Calls', 'Integral', 100.259323, 233905.0, 20.165008, 0.0, 165.0],
    ['Eve Mins', 'Fractional', 200.050107, 466716.9, 50.015928, 31.2, 361.8],
    ['Eve Calls', 'Integral', 99.573939, 232306.0, 19.675578, 12.0, 170.0],
    ['Night Mins', 'Fractional', 201.388598, 469839.6, 50.627961, 23.2, 395.0],
    ['Night Calls', 'Integral', 100.227175, 233830.0, 19.282029, 42.0, 175.0],
    ['Intl Mins', 'Fractional', 10.253065, 23920.4, 2.778766, 0.0, 18.4],
  ];
  const stats: DataQualityStatistics = {
    version: 0,
    dataset: { item_count: 2333 },
    features: table.map(([name, inferred_type, mean, sum, std_dev, min, max]) => ({
      name,
      inferred_type,
      numerical_statistics: { common: { num_present: 2333, num_missing: 0 }, mean, sum, std_dev, min, max },
    })),
  };

  it('suggests the name, type, completeness and is_non_negative SageMaker suggested', () => {
    const suggested = suggestConstraints(stats).features.map((f) => [
      f.name,
      f.inferred_type,
      f.completeness,
      f.num_constraints?.is_non_negative,
    ]);
    assert.deepEqual(
      suggested,
      table.map(([name, type]) => [name, type, 1.0, true]),
    );
  });
});
