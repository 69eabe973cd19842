/**
 * The view's SQL (src/governance/enforce/view-sql.ts): CASE only where a column is granted for
 * some rows; one slice is exactly the hand-written query; a bad predicate is refused, not spliced.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { viewSelect } from '../../src/governance/enforce/view-sql.js';
import type { CatalogTable } from '../../src/governance/governance-records.js';

const table: CatalogTable = {
  database: 'churn',
  name: 'customers',
  columns: ['id', 'region', 'email', 'plan', 'spend'].map((name) => ({ name, type: 'VARCHAR' })),
};

test('one slice is exactly SELECT its columns FROM t WHERE its predicate', () => {
  const v = viewSelect(table, 'churn.customers', [
    { rowFilter: "region = 'EU'", columns: ['id', 'region', 'plan'], source: 'filter f' },
  ]);
  assert.equal(v.select, "SELECT id, region, plan FROM churn.customers WHERE region = 'EU'");
  assert.deepEqual(v.hidden, ['email', 'spend']);
});

test('an all-rows slice needs no WHERE, and its columns no CASE', () => {
  const v = viewSelect(table, 'churn.customers', [
    { columns: ['id', 'plan'], source: 'columns' },
    { rowFilter: "plan = 'vip'", columns: ['id', 'email'], source: 'filter vip' },
  ]);
  assert.equal(v.select, "SELECT id, CASE WHEN plan = 'vip' THEN email END AS email, plan FROM churn.customers");
});

test('a column granted by several filtered slices is kept where any of them covers the row', () => {
  const v = viewSelect(table, 'churn.customers', [
    { rowFilter: "region = 'EU'", columns: ['id', 'email'], source: 'a' },
    { rowFilter: "plan = 'vip'", columns: ['id', 'email'], source: 'b' },
    { rowFilter: 'spend > 10', columns: ['id'], source: 'c' },
  ]);
  assert.equal(
    v.select,
    "SELECT id, CASE WHEN (region = 'EU') OR (plan = 'vip') THEN email END AS email FROM churn.customers WHERE (region = 'EU') OR (plan = 'vip') OR (spend > 10)",
  );
});

test('names that need quoting are quoted; column names match case-insensitively', () => {
  const t: CatalogTable = {
    database: 'd',
    name: 'T',
    columns: [
      { name: 'Select', type: 'INT' },
      { name: 'my col', type: 'INT' },
    ],
  };
  const v = viewSelect(t, 'd."T"', [{ columns: ['select', 'MY COL'], source: 'table' }]);
  assert.equal(v.select, 'SELECT "Select", "my col" FROM d."T"');
});

test('a predicate that is not one expression is refused, never spliced into the statement', () => {
  for (const bad of ["region = 'EU' -- ", "region = 'EU'; ATTACH 'x'", "region = 'EU')", "region = 'EU", 'a = 1 /* x */']) {
    assert.throws(() => viewSelect(table, 'churn.customers', [{ rowFilter: bad, columns: ['id'], source: 'filter bad' }]), {
      code: 'E_ACCESS_DENIED',
    });
  }
});

test('a view with no column granted is refused', () => {
  assert.throws(() => viewSelect(table, 'churn.customers', [{ rowFilter: 'true', columns: ['nope'], source: 'f' }]), {
    code: 'E_ACCESS_DENIED',
  });
});
