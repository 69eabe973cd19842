/** ML.FEATURE_INFO's statistics of each input column over the training rows. */
import type { Column, Row } from '../warehouse.js';
import { categoryOf, columnKind, numberOf } from './bqml-features.js';
import type { FeatureStats } from './bqml-model.js';

export function featureStats(columns: readonly Column[], rows: readonly Row[]): FeatureStats[] {
  return columns.map((c) => {
    const values = rows.map((r) => r[c.name]);
    const nulls = values.filter((v) => v === null || v === undefined).length;
    if (columnKind(c) !== 'numeric') {
      const categories = new Set(values.filter((v) => v !== null && v !== undefined).map(categoryOf));
      return {
        input: c.name,
        min: null,
        max: null,
        mean: null,
        median: null,
        stddev: null,
        category_count: categories.size,
        null_count: nulls,
        dimension: 1,
      };
    }
    const xs = values
      .map(numberOf)
      .filter((v) => !Number.isNaN(v))
      .sort((a, b) => a - b);
    const n = xs.length;
    const mean = n ? xs.reduce((a, b) => a + b, 0) / n : null;
    const sd = n > 1 && mean !== null ? Math.sqrt(xs.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : null;
    const median = n ? (n % 2 ? xs[(n - 1) / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2) : null;
    return {
      input: c.name,
      min: n ? xs[0] : null,
      max: n ? xs[n - 1] : null,
      mean,
      median,
      stddev: sd,
      category_count: null,
      null_count: nulls,
      dimension: 1,
    };
  });
}
