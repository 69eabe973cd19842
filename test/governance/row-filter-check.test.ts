import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkRowFilter } from '../../src/governance/catalog/row-filter-check.js';

const COLUMNS = ['id', 'region', 'Email', 'plan', 'spend', 'signed_up'];
const refused = (expression: string, message: RegExp) =>
  assert.throws(
    () => checkRowFilter(expression, COLUMNS),
    (err: { code?: string; message: string }) => {
      assert.equal(err.code, 'E_CATALOG_ROW_FILTER', err.message);
      assert.match(err.message, message);
      return true;
    },
  );

describe("a data cells filter's row filter", () => {
  test("accepts predicates over the table's columns, in any case, quoted or not", () => {
    for (const ok of [
      "region = 'EU'",
      "REGION = 'EU' AND spend > 10.5",
      '"Email" LIKE \'%@example.com\' OR "email" IS NULL',
      "plan IN ('vip', 'gold') AND NOT (spend BETWEEN 1 AND 5)",
      "lower(region) = 'eu' and coalesce(spend, 0) >= 0",
      'CAST(spend AS DOUBLE PRECISION) > 1 and spend::integer < 100',
      "signed_up >= DATE '2024-01-01'",
      "region IS NOT DISTINCT FROM 'EU'",
      "CASE WHEN plan = 'vip' THEN true ELSE spend > 100 END",
      "region ILIKE 'e%' AND id % 2 = 0",
      "email = 'select * from secrets; -- a string, not SQL'",
    ]) {
      assert.doesNotThrow(() => checkRowFilter(ok, COLUMNS), ok);
    }
    assert.deepEqual(checkRowFilter('REGION = \'EU\' and "spend" > 1', COLUMNS).columns, ['region', 'spend']);
  });

  test('refuses subqueries, statements, comments, parameters and what reads data', () => {
    refused('id IN (SELECT id FROM churn.vip)', /subquery \(SELECT\)/);
    refused('EXISTS (SELECT 1)', /subquery \(EXISTS\)/);
    refused("region = 'EU'; DROP TABLE t", /";"/);
    refused("region = 'EU' -- and plan = 'vip'", /comment/);
    refused("region = 'EU' /* OR 1=1 */", /comment/);
    refused("region = 'EU' UNION SELECT 1", /subquery \(SELECT\)|UNION/);
    refused("len(read_csv('/etc/passwd')) > 0", /read_csv\(\)/);
    refused('count(id) > 1', /count\(\)/);
    refused('row_number() OVER () < 10', /row_number|OVER/);
    refused('id = $1', /parameters/);
    refused('id = ?', /parameters/);
    refused("customers.region = 'EU'", /unqualified/);
    refused("region = 'EU' AS x", /AS outside CAST/);
    refused("(region = 'EU'", /open/);
    refused("region = 'EU')", /never opened/);
    refused('', /empty/);
    refused("getenv('HOME') = 'x'", /getenv/);
    refused('duckdb_settings() IS NULL', /duckdb_settings/);
  });

  test('names every column the table does not have', () => {
    refused("regoin = 'EU' and ssn is not null", /columns the table does not have: regoin, ssn/);
    refused('"e mail" = 1', /does not have: "e mail"/);
    refused('U&"\\0072egion" = \'EU\'', /does not have/);
  });
});
