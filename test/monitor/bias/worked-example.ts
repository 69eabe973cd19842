/** The bias tests' small data set, computed by hand in bias-metrics.test.ts. */

import { TableBuilder } from '../../../src/monitor/bias/bias-table.js';
import type { BiasTable } from '../../../src/monitor/bias/index.js';

/**
 * Facet d = sex 0 (3 rows), facet a = sex 1 (5 rows); positive label and prediction = 1.
 *
 *   sex age target pred        d: TP (30), FP (40), TN (50)          → TPd 1 FPd 1 FNd 0 TNd 1
 *   0   30  1      1           a: TP (20), FN (35), TN (45), TP (55), FP (60)
 *   0   40  0      1                                                 → TPa 2 FPa 1 FNa 1 TNa 1
 *   0   50  0      0           na 5, na(1) 3, na(0) 2, n'a(1) 3, n'a(0) 2
 *   1   20  1      1           nd 3, nd(1) 1, nd(0) 2, n'd(1) 2, n'd(0) 1
 *   1   35  1      0
 *   1   45  0      0
 *   1   55  1      1
 *   1   60  0      1
 */
export function workedExample(): BiasTable {
  const rows = [
    [0, 30, 1, 1],
    [0, 40, 0, 1],
    [0, 50, 0, 0],
    [1, 20, 1, 1],
    [1, 35, 1, 0],
    [1, 45, 0, 0],
    [1, 55, 1, 1],
    [1, 60, 0, 1],
  ];
  const b = new TableBuilder();
  for (const [sex, age, target, pred] of rows) {
    b.add([
      ['sex', sex],
      ['age', age],
      ['target', target],
      ['pred', pred],
    ]);
  }
  return b.build();
}

/** The worked example as CSV text (header row), for the job and CLI tests. */
export function workedExampleCsv(): string {
  const t = workedExample();
  const cols = t.columns.map((c) => t.column(c) ?? []);
  const rows = Array.from({ length: t.rowCount }, (_, i) => cols.map((c) => String(c[i])).join(','));
  return `${t.columns.join(',')}\n${rows.join('\n')}\n`;
}
