import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tableView, viewSlices } from '../../src/governance/catalog/effective-view.js';
import type { CatalogTable, DataCellsFilter, LfGrant, ViewSlice } from '../../src/governance/governance-records.js';
import { openWarehouse } from '../../src/index.js';
import { objectIn } from '../../src/store/index.js';
import { scratchDir } from '../helpers/scratch.js';

const CUSTOMERS: CatalogTable = {
  database: 'churn',
  name: 'customers',
  columns: ['id', 'region', 'email', 'plan', 'spend'].map((name) => ({
    name,
    type: name === 'id' || name === 'spend' ? 'INTEGER' : 'VARCHAR',
  })),
};
const FILTERS: DataCellsFilter[] = [
  {
    DatabaseName: 'churn',
    TableName: 'customers',
    Name: 'eu_no_pii',
    RowFilter: { FilterExpression: "region = 'EU'" },
    ColumnWildcard: { ExcludedColumnNames: ['email'] },
  },
  {
    DatabaseName: 'churn',
    TableName: 'customers',
    Name: 'vip_contact',
    RowFilter: { FilterExpression: "plan = 'vip'" },
    ColumnNames: ['id', 'email'],
  },
];
const NO_TAGS = { table: new Map<string, string>(), columns: new Map() };
const grant = (Resource: LfGrant['Resource'], Permissions: LfGrant['Permissions'] = ['SELECT']): LfGrant => ({
  Principal: { DataLakePrincipalIdentifier: 'arn:aws:iam::000000000000:user/ana' },
  Resource,
  Permissions,
  PermissionsWithGrantOption: [],
});
const ANA = FILTERS.map((f) => grant({ DataCellsFilter: { DatabaseName: 'churn', TableName: 'customers', Name: f.Name } }));

/**
 * The view as the design doc writes it, built independently of the rewriter: rows are the union
 * of the slices' rows; a column holds its value where a slice covering the row grants it.
 */
function viewSql(slices: readonly ViewSlice[], table: CatalogTable): string {
  const all = slices.some((s) => s.rowFilter === undefined);
  const cols = table.columns
    .map((c) => c.name)
    .filter((c) => slices.some((s) => s.columns.includes(c)))
    .map((c) => {
      const granting = slices.filter((s) => s.columns.includes(c));
      if (granting.length === slices.length || granting.some((s) => s.rowFilter === undefined)) return c;
      return `CASE WHEN ${granting.map((s) => `(${s.rowFilter})`).join(' OR ')} THEN ${c} END AS ${c}`;
    });
  const where = all ? '' : ` WHERE ${slices.map((s) => `(${s.rowFilter})`).join(' OR ')}`;
  return `SELECT ${cols.join(', ')} FROM churn.customers${where} ORDER BY id`;
}

describe("a principal's view of a table", () => {
  test('the worked example: ana sees exactly the rows and cells of docs/governance-design.md, run on DuckDB', async () => {
    const slices = viewSlices(CUSTOMERS, ANA, FILTERS, NO_TAGS);
    const view = tableView(CUSTOMERS, slices, 'ana');
    assert.equal(view.kind, 'filtered');
    const home = scratchDir('godwit-view-');
    const wh = await openWarehouse('t', { type: 'duckdb' }, { home, stores: (uri) => objectIn(uri) });
    try {
      await wh.execute('CREATE SCHEMA churn');
      await wh.execute('CREATE TABLE churn.customers (id INTEGER, region VARCHAR, email VARCHAR, plan VARCHAR, spend INTEGER)');
      await wh.execute(
        "INSERT INTO churn.customers VALUES (1,'EU','a@x','basic',10),(2,'US','b@x','vip',50),(3,'EU','c@x','vip',70),(4,'US','d@x','basic',5)",
      );
      const { rows } = await wh.query(viewSql(slices, CUSTOMERS));
      assert.deepEqual(
        rows.map((r) => [r.id, r.region, r.email, r.plan, r.spend]),
        [
          [1, 'EU', null, 'basic', 10],
          [2, null, 'b@x', null, null],
          [3, 'EU', 'c@x', 'vip', 70],
        ],
      );
    } finally {
      await wh.close();
    }
  });

  test('a grant of every row and column makes it unrestricted; none, or SELECT-less grants, deny it', () => {
    const whole = viewSlices(
      CUSTOMERS,
      [...ANA, grant({ TableWithColumns: { DatabaseName: 'churn', Name: 'customers', ColumnWildcard: {} } })],
      FILTERS,
      NO_TAGS,
    );
    assert.equal(tableView(CUSTOMERS, whole, 'ana').kind, 'unrestricted');
    const allRowsFilter: DataCellsFilter = {
      DatabaseName: 'churn',
      TableName: 'customers',
      Name: 'everything',
      RowFilter: { AllRowsWildcard: {} },
      ColumnWildcard: {},
    };
    const viaFilter = viewSlices(
      CUSTOMERS,
      [grant({ DataCellsFilter: { DatabaseName: 'churn', TableName: 'customers', Name: 'everything' } })],
      [allRowsFilter],
      NO_TAGS,
    );
    assert.equal(tableView(CUSTOMERS, viaFilter, 'ana').kind, 'unrestricted');
    const describeOnly = viewSlices(
      CUSTOMERS,
      [grant({ Table: { DatabaseName: 'churn', Name: 'customers' } }, ['DESCRIBE'])],
      FILTERS,
      NO_TAGS,
    );
    const denied = tableView(CUSTOMERS, describeOnly, 'ana');
    assert.equal(denied.kind, 'denied');
    const database = viewSlices(CUSTOMERS, [grant({ Database: { Name: 'churn' } }, ['ALL'])], FILTERS, NO_TAGS);
    assert.equal(tableView(CUSTOMERS, database, 'ana').kind, 'denied');
    const other = viewSlices(CUSTOMERS, [grant({ Table: { DatabaseName: 'sales', TableWildcard: {} } })], FILTERS, NO_TAGS);
    assert.equal(tableView(CUSTOMERS, other, 'ana').kind, 'denied');
    const all = viewSlices(
      CUSTOMERS,
      [grant({ Table: { DatabaseName: 'CHURN', Name: 'Customers' } }, ['ALL'])],
      FILTERS,
      NO_TAGS,
    );
    assert.equal(tableView(CUSTOMERS, all, 'ana').kind, 'unrestricted', 'ALL on the table includes SELECT');
  });

  test('a tag policy reaches the tables whose tags match, and only the columns whose tags match', () => {
    const tags = {
      table: new Map([
        ['domain', 'sales'],
        ['pii', 'false'],
      ]),
      columns: new Map([
        [
          'email',
          new Map([
            ['domain', 'sales'],
            ['pii', 'true'],
          ]),
        ],
      ]),
    };
    const policy = grant({
      LFTagPolicy: {
        ResourceType: 'TABLE',
        Expression: [
          { TagKey: 'domain', TagValues: ['sales'] },
          { TagKey: 'pii', TagValues: ['false'] },
        ],
      },
    });
    assert.deepEqual(
      viewSlices(CUSTOMERS, [policy], [], tags).map((s) => s.columns),
      [['id', 'region', 'plan', 'spend']],
    );
    const elsewhere = { table: new Map([['domain', 'finance']]), columns: new Map() };
    assert.deepEqual(viewSlices(CUSTOMERS, [policy], [], elsewhere), []);
  });
});
