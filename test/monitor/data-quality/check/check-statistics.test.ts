import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkStatistics, parseConstraints, suggestConstraints } from '../../../../src/monitor/data-quality/check/index.js';
import { parseStatistics } from '../../../../src/monitor/data-quality/profile/index.js';
import type {
  DataQualityConstraints,
  DataQualityStatistics,
  DataQualityViolations,
  FeatureStatistics,
} from '../../../../src/monitor/monitor-files.js';

// Genuine SageMaker files: github.com/aws/sagemaker-python-sdk tests/data/monitor at 8326c232^.
const sdk = (name: string) => readFileSync(new URL(`../../../fixtures/monitor/sagemaker-sdk/${name}`, import.meta.url), 'utf8');
const sdkStatistics = () => parseStatistics(sdk('statistics.json'), 'statistics.json');
const sdkConstraints = () => parseConstraints(sdk('constraints.json'), 'constraints.json');

const stats = (...features: FeatureStatistics[]): DataQualityStatistics => ({
  version: 0,
  dataset: { item_count: 1977 },
  features,
});

const integral = (name: string, present: number, missing = 0, data: number[][] = [[1, 2, 3]]): FeatureStatistics => ({
  name,
  inferred_type: 'Integral',
  numerical_statistics: {
    common: { num_present: present, num_missing: missing },
    mean: 2,
    sum: 2 * present,
    std_dev: 1,
    min: 1,
    max: 3,
    distribution: { kll: { buckets: [], sketch: { parameters: { c: 0.64, k: 2048 }, data } } },
  },
});

const categorical = (name: string, counts: Record<string, number>): FeatureStatistics => {
  const buckets = Object.entries(counts).map(([value, count]) => ({ value, count }));
  return {
    name,
    inferred_type: 'String',
    string_statistics: {
      common: { num_present: buckets.reduce((s, b) => s + b.count, 0), num_missing: 0 },
      distinct_count: buckets.length,
      distribution: { categorical: { buckets } },
    },
  };
};

const types = (result: { violations: DataQualityViolations }) =>
  result.violations.violations.map((v) => `${v.feature_name}:${v.constraint_check_type}`).sort();

describe('checkStatistics against SageMaker’s own files', () => {
  it('reads SageMaker’s statistics and constraints and flags the column the statistics lack', () => {
    const result = checkStatistics(sdkStatistics(), sdkStatistics(), sdkConstraints());
    assert.deepEqual(types(result), ['second_message:missing_column_check']);
    assert.deepEqual(result.features, [{ name: 'message', completeness: 1, distance: 0, emitMetrics: true }]);
  });

  it('flags a value outside SageMaker’s suggested domain as categorical_values_check', () => {
    const current = stats(categorical('message', { 'preproc-not-YET-supported-for-csv-json': 9, other: 1 }));
    const result = checkStatistics(current, sdkStatistics(), sdkConstraints());
    assert.ok(types(result).includes('message:categorical_values_check'));
    const v = result.violations.violations.find((x) => x.constraint_check_type === 'categorical_values_check');
    assert.match(v?.description ?? '', /Only 90\.0% of data is in the baseline domain\. Values not in the domain: "other"/);
  });

  it('writes violations with the keys and check types of SageMaker’s constraint_violations.json', () => {
    const genuine = JSON.parse(sdk('constraint_violations.json')) as DataQualityViolations;
    const current = stats(integral('message', 5), integral('extra', 5));
    const mine = checkStatistics(current, sdkStatistics(), sdkConstraints()).violations;
    const keys = (v: object) => Object.keys(v).sort().join(',');
    const allowed = new Set(genuine.violations.map((v) => v.constraint_check_type));
    for (const t of ['missing_column_check', 'extra_column_check', 'baseline_drift_check']) allowed.add(t as never);
    assert.deepEqual(Object.keys(mine), Object.keys(genuine));
    for (const v of mine.violations) {
      assert.equal(keys(v), keys(genuine.violations[0]));
      assert.ok(allowed.has(v.constraint_check_type), v.constraint_check_type);
    }
    assert.deepEqual(types({ violations: mine }), ['extra:extra_column_check', 'second_message:missing_column_check']);
  });
});

describe('checkStatistics', () => {
  const baseline = stats(integral('Churn', 1977), categorical('State', { NV: 10, CA: 20 }));
  const constraints = suggestConstraints(baseline);

  it('writes SageMaker’s data_type_check text, numbers and all', () => {
    // The text is the output of github.com/aws/amazon-sagemaker-examples,
    // deploy_and_monitor/sm-model_monitor_introduction/sm-model_monitor_introduction.ipynb;
    // 1970 of 1977 values is the share it reports.
    const typeCounts = new Map([['Churn', { integral: 1970, fractional: 7, string: 0 }]]);
    const result = checkStatistics(baseline, baseline, constraints, { typeCounts });
    assert.deepEqual(result.violations.violations, [
      {
        feature_name: 'Churn',
        constraint_check_type: 'data_type_check',
        description:
          'Data type match requirement is not met. Expected data type: Integral, Expected match: 100.0%. Observed: Only 99.64592817400101% of data is Integral.',
      },
    ]);
  });

  it('reads the type match from a String feature’s categories when no counts are given', () => {
    const current = stats(categorical('Churn', { 'True.': 1977 }), categorical('State', { NV: 10, CA: 20 }));
    const [v] = checkStatistics(current, baseline, constraints).violations.violations;
    assert.equal(v.constraint_check_type, 'data_type_check');
    assert.match(v.description, /Observed: Only 0\.0% of data is Integral\.$/);
  });

  it('flags completeness below the constraint with both numbers', () => {
    const current = stats(integral('Churn', 1900, 77), categorical('State', { NV: 10, CA: 20 }));
    const result = checkStatistics(current, baseline, constraints);
    assert.deepEqual(types(result), ['Churn:completeness_check']);
    assert.match(
      result.violations.violations[0].description,
      /Expected completeness: 100\.0%\. Observed: Only 96\.\d+% of data is present\./,
    );
  });

  it('flags drift above comparison_threshold and gives the distance', () => {
    const current = stats(integral('Churn', 1977, 0, [[7, 8, 9]]), categorical('State', { NV: 10, CA: 20 }));
    const simple: DataQualityConstraints = {
      ...constraints,
      monitoring_config: { distribution_constraints: { comparison_method: 'Simple' } },
    };
    const result = checkStatistics(current, baseline, simple);
    assert.deepEqual(types(result), ['Churn:baseline_drift_check']);
    assert.equal(
      result.violations.violations[0].description,
      'Baseline drift distance: 1.0 exceeds threshold: 0.1 (comparison method: Simple).',
    );
    assert.equal(result.features.find((f) => f.name === 'Churn')?.distance, 1);
    // Three values a side are too few for the Robust distance to call it drift.
    assert.deepEqual(types(checkStatistics(current, baseline, constraints)), []);
  });

  it('honours a feature’s monitoringConfigOverrides', () => {
    const current = stats(integral('Churn', 1900, 77, [[7, 8, 9]]), categorical('State', { NV: 10, TX: 20 }));
    const overridden: DataQualityConstraints = {
      ...constraints,
      monitoring_config: { distribution_constraints: { comparison_method: 'Simple' } },
      features: constraints.features.map((f) =>
        f.name === 'Churn'
          ? { ...f, monitoringConfigOverrides: { evaluate_constraints: 'Disabled' } }
          : { ...f, monitoringConfigOverrides: { domain_content_threshold: 0.5, emit_metrics: 'Disabled' } },
      ),
    };
    const result = checkStatistics(current, baseline, overridden);
    assert.deepEqual(types(result), ['State:baseline_drift_check', 'State:categorical_values_check']);
    assert.deepEqual(
      result.features.map((f) => [f.name, f.emitMetrics]),
      [['State', false]],
    );
    const noDrift: DataQualityConstraints = {
      ...overridden,
      features: overridden.features.map((f) =>
        f.name === 'State'
          ? {
              ...f,
              monitoringConfigOverrides: {
                domain_content_threshold: 0.5,
                distribution_constraints: { perform_comparison: 'Disabled' },
              },
            }
          : f,
      ),
    };
    assert.deepEqual(types(checkStatistics(current, baseline, noDrift)), ['State:categorical_values_check']);
    // 10 of 30 values are in the domain: 33% passes a 0.3 threshold, where the suggested 1.0 flags it.
    const lenient: DataQualityConstraints = {
      ...noDrift,
      features: noDrift.features.map((f) =>
        f.name === 'State'
          ? { ...f, monitoringConfigOverrides: { ...f.monitoringConfigOverrides, domain_content_threshold: 0.3 } }
          : f,
      ),
    };
    assert.deepEqual(types(checkStatistics(current, baseline, lenient)), []);
  });

  it('skips drift when no baseline statistics are given', () => {
    const current = stats(integral('Churn', 1977, 0, [[7, 8, 9]]), categorical('State', { NV: 10, CA: 20 }));
    const result = checkStatistics(current, undefined, constraints);
    assert.deepEqual(types(result), []);
    assert.equal(result.features[0].distance, undefined);
  });
});
