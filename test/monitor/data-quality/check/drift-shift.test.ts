import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkStatistics, suggestConstraints } from '../../../../src/monitor/data-quality/check/index.js';
import { abaloneColumns, exactStatistics } from './exact-statistics.js';

describe('baseline drift on a shifted feature', () => {
  const baseline = exactStatistics(abaloneColumns(1500, 1));
  const constraints = suggestConstraints(baseline);

  it('flags baseline_drift_check for the feature multiplied by 1.5, and for no other', () => {
    const window = abaloneColumns(400, 2);
    window.height = window.height.map((v) => v * 1.5);
    const result = checkStatistics(exactStatistics(window), baseline, constraints);
    assert.deepEqual(
      result.violations.violations.map((v) => [v.feature_name, v.constraint_check_type]),
      [['height', 'baseline_drift_check']],
    );
    const distances = Object.fromEntries(result.features.map((f) => [f.name, f.distance]));
    assert.ok((distances.height ?? 0) > 0.3, `height drifted by ${distances.height}`);
    for (const name of ['length', 'diameter', 'whole_weight']) assert.equal(distances[name], 0, name);
  });

  it('finds no violation in a fresh sample of the baseline’s distribution', () => {
    const result = checkStatistics(exactStatistics(abaloneColumns(400, 3)), baseline, constraints);
    assert.deepEqual(result.violations.violations, []);
  });
});
