/**
 * The contract the governance catalog passes on every database: one node:test suite per backend,
 * run against a real one (a SQLite file, a real PostgreSQL server). `open` returns metadata on a
 * fresh, empty database; the suite closes it. The design doc's worked example (ana, eu_no_pii,
 * vip_contact) is the canonical test of a principal's view.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Metadata } from '../../meta/index.js';
import { type Caller, EVERYONE, type LfGrant, type Principal } from '../governance-records.js';
import type { CatalogStore } from './catalog-store.js';

const ACCOUNT = 'arn:aws:iam::000000000000';
export const ANA = `${ACCOUNT}:user/ana`;
const BOB = `${ACCOUNT}:user/bob`;
const ANALYSTS = `${ACCOUNT}:role/analysts`;

const code = (expected: string, message?: RegExp) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, expected, String(err));
  if (message) assert.match((err as Error).message, message);
  return true;
};

export const as = (arn: string): Caller => ({
  kind: 'principal',
  principal: {
    name: arn.split('/').pop() as string,
    kind: 'user',
    arn,
    policies: [],
    createdAt: new Date(0),
  } satisfies Principal,
});

const CUSTOMERS = [
  { name: 'id', type: 'BIGINT' },
  { name: 'region', type: 'VARCHAR' },
  { name: 'email', type: 'VARCHAR' },
  { name: 'plan', type: 'VARCHAR' },
  { name: 'spend', type: 'DOUBLE' },
];

/** churn.customers and churn.orders as a warehouse sync reads them. */
const CHURN_TABLES = [
  { database: 'churn', name: 'customers', columns: CUSTOMERS },
  {
    database: 'churn',
    name: 'orders',
    columns: [
      { name: 'id', type: 'BIGINT' },
      { name: 'amount', type: 'DOUBLE' },
    ],
  },
];

/** churn.customers and churn.orders as a warehouse sync would record them. */
export async function churnCatalog(catalog: CatalogStore): Promise<void> {
  await catalog.syncWarehouse({ warehouse: 'default', tables: CHURN_TABLES });
}

/** The design doc's worked example: ana holds SELECT on eu_no_pii and vip_contact. */
export async function workedExample(catalog: CatalogStore): Promise<void> {
  await catalog.createFilter({
    DatabaseName: 'churn',
    TableName: 'customers',
    Name: 'eu_no_pii',
    RowFilter: { FilterExpression: "region = 'EU'" },
    ColumnWildcard: { ExcludedColumnNames: ['email'] },
  });
  await catalog.createFilter({
    DatabaseName: 'churn',
    TableName: 'customers',
    Name: 'vip_contact',
    RowFilter: { FilterExpression: "plan = 'vip'" },
    ColumnNames: ['id', 'email'],
  });
  for (const name of ['eu_no_pii', 'vip_contact']) {
    await catalog.grant(
      {
        Principal: { DataLakePrincipalIdentifier: ANA },
        Resource: { DataCellsFilter: { DatabaseName: 'churn', TableName: 'customers', Name: name } },
        Permissions: ['SELECT'],
        PermissionsWithGrantOption: [],
      },
      'admin',
    );
  }
}

const grantOf = (
  principal: string,
  Resource: LfGrant['Resource'],
  Permissions: LfGrant['Permissions'],
  withOption: LfGrant['Permissions'] = [],
) => ({
  Principal: { DataLakePrincipalIdentifier: principal },
  Resource,
  Permissions,
  PermissionsWithGrantOption: withOption,
});

export function catalogStoreContract(name: string, open: () => Promise<Metadata>, options: { skip?: string } = {}): void {
  describe(`governance catalog on ${name}`, { skip: options.skip }, () => {
    let metadata: Metadata;
    let catalog: CatalogStore;
    before(async () => {
      metadata = await open();
      catalog = metadata.catalog;
      await churnCatalog(catalog);
    });
    after(async () => metadata?.close());

    test('sync records databases and tables with their columns, and removes what the warehouse dropped', async () => {
      assert.deepEqual(
        (await catalog.listDatabases()).map((d) => [d.name, d.warehouse]),
        [['churn', 'default']],
      );
      const t = await catalog.getTable('Churn', 'CUSTOMERS');
      assert.deepEqual(t?.columns, CUSTOMERS);
      await catalog.syncWarehouse({
        warehouse: 'default',
        tables: [...CHURN_TABLES, { database: 'scratch', name: 'tmp', columns: [{ name: 'x', type: 'INTEGER' }] }],
      });
      await catalog.grant(grantOf(BOB, { Table: { DatabaseName: 'scratch', Name: 'tmp' } }, ['SELECT']), 'admin');
      const result = await catalog.syncWarehouse({
        warehouse: 'default',
        tables: CHURN_TABLES,
      });
      assert.deepEqual(result.removed, ['scratch.tmp']);
      assert.deepEqual(await catalog.listPermissions({ principal: BOB }), [], 'the grants on a dropped table go with it');
      await assert.rejects(catalog.listTables('nope'), code('E_CATALOG_NOT_FOUND', /database "nope"/));
    });

    test('external tables over a location: recorded with their format, the location registered, deleted with their grants', async () => {
      const events = {
        database: 'lake',
        name: 'events',
        columns: [{ name: 'at', type: 'TIMESTAMP' }],
        location: { uri: 's3://bucket/events', format: 'csv' as const },
      };
      await assert.rejects(
        catalog.createTable(events),
        code('E_CATALOG_NOT_FOUND', /registered data location covering "s3:\/\/bucket\/events\/"/),
      );
      assert.equal(await catalog.getTable('lake', 'events'), undefined, 'nothing recorded');
      await catalog.registerLocation('s3://bucket/');
      const t = await catalog.createTable({
        database: 'lake',
        name: 'events',
        columns: [
          { name: 'at', type: 'TIMESTAMP' },
          { name: 'kind', type: 'VARCHAR' },
        ],
        location: { uri: 's3://bucket/events', format: 'csv' },
      });
      assert.deepEqual(t.location, { uri: 's3://bucket/events/', format: 'csv' });
      assert.equal((await catalog.getLocation('arn:aws:s3:::bucket'))?.resourceArn, 's3://bucket/');
      assert.equal(await catalog.getLocation('s3://elsewhere/'), undefined);
      await assert.rejects(
        catalog.deregisterLocation('s3://bucket'),
        code('E_CATALOG_INPUT', /holds the external tables lake\.events/),
      );
      await assert.rejects(catalog.deregisterLocation('s3://nowhere/'), code('E_CATALOG_NOT_FOUND', /s3:\/\/nowhere\//));
      await assert.rejects(
        catalog.createTable({
          database: 'lake',
          name: 'events',
          columns: [{ name: 'a', type: 'INT' }],
          location: { uri: 's3://b/x/', format: 'json' },
        }),
        code('E_CATALOG_EXISTS'),
      );
      await catalog.grant(grantOf(BOB, { Table: { DatabaseName: 'lake', Name: 'events' } }, ['SELECT', 'INSERT']), 'admin');
      await catalog.deleteTable('lake', 'events');
      assert.equal(await catalog.getTable('lake', 'events'), undefined);
      assert.deepEqual(await catalog.listPermissions({ principal: BOB }), []);
      await catalog.deregisterLocation('s3://bucket/');
      assert.ok(!(await catalog.listLocations()).some((l) => l.resourceArn === 's3://bucket/'));
    });

    test('a repeated grant merges; revoke removes exactly what it names, grant options with their permission', async () => {
      const table = { Table: { DatabaseName: 'churn', Name: 'orders' } };
      await catalog.grant(grantOf(ANALYSTS, table, ['SELECT'], ['SELECT']), 'admin');
      await catalog.grant(grantOf(ANALYSTS, { Table: { DatabaseName: 'CHURN', Name: 'Orders' } }, ['INSERT', 'DELETE']), 'root');
      let [g] = await catalog.listPermissions({ principal: ANALYSTS });
      assert.deepEqual([...g.Permissions].sort(), ['DELETE', 'INSERT', 'SELECT']);
      assert.deepEqual(g.PermissionsWithGrantOption, ['SELECT']);
      assert.equal(g.LastUpdatedBy, 'root');
      assert.ok(g.LastUpdated instanceof Date);
      await catalog.revoke(grantOf(ANALYSTS, table, ['INSERT']), 'admin');
      [g] = await catalog.listPermissions({ principal: ANALYSTS });
      assert.deepEqual([...g.Permissions].sort(), ['DELETE', 'SELECT']);
      await catalog.revoke({ ...grantOf(ANALYSTS, table, []), PermissionsWithGrantOption: ['SELECT'] }, 'admin');
      [g] = await catalog.listPermissions({ principal: ANALYSTS });
      assert.deepEqual([...g.Permissions].sort(), ['DELETE', 'SELECT'], 'revoking the grant option keeps the permission');
      assert.deepEqual(g.PermissionsWithGrantOption, []);
      await assert.rejects(
        catalog.revoke(grantOf(ANALYSTS, table, ['DROP']), 'admin'),
        code('E_CATALOG_INPUT', /No permissions revoked.*DROP/),
      );
      await catalog.revoke(grantOf(ANALYSTS, table, ['DELETE', 'SELECT']), 'admin');
      assert.deepEqual(await catalog.listPermissions({ principal: ANALYSTS }), []);
      await catalog.grant(grantOf(ANALYSTS, table, ['SELECT']), 'admin');
      await catalog.grant(grantOf(ANALYSTS, { Database: { Name: 'churn' } }, ['DESCRIBE']), 'admin');
      assert.equal(await catalog.revokeAll(ANALYSTS), 2, 'a deleted principal loses every grant');
      assert.deepEqual(await catalog.listPermissions({ principal: ANALYSTS }), []);
    });

    test('grants are checked as Lake Formation checks them, naming what is wrong', async () => {
      const reject = (grant: Parameters<CatalogStore['grant']>[0], expected: string, message: RegExp) =>
        assert.rejects(catalog.grant(grant, 'admin'), code(expected, message));
      await reject(
        grantOf(BOB, { Database: { Name: 'churn' } }, ['SELECT']),
        'E_CATALOG_INPUT',
        /SELECT cannot be granted on database churn/,
      );
      await reject(
        grantOf(BOB, { Table: { DatabaseName: 'churn', Name: 'customers' } }, ['DATA_LOCATION_ACCESS']),
        'E_CATALOG_INPUT',
        /DATA_LOCATION_ACCESS/,
      );
      await reject(
        grantOf(BOB, { TableWithColumns: { DatabaseName: 'churn', Name: 'customers', ColumnNames: ['id'] } }, ['INSERT']),
        'E_CATALOG_INPUT',
        /INSERT cannot be granted on columns/,
      );
      await reject(
        grantOf(BOB, { TableWithColumns: { DatabaseName: 'churn', Name: 'customers', ColumnNames: ['id', 'ssn'] } }, ['SELECT']),
        'E_CATALOG_INPUT',
        /does not have: ssn/,
      );
      await reject(
        grantOf(BOB, { Table: { DatabaseName: 'churn', Name: 'nope' } }, ['SELECT']),
        'E_CATALOG_NOT_FOUND',
        /table "nope"/,
      );
      await reject(grantOf(BOB, { Database: { Name: 'sales' } }, ['CREATE_TABLE']), 'E_CATALOG_NOT_FOUND', /database "sales"/);
      await reject(
        grantOf(BOB, { DataCellsFilter: { DatabaseName: 'churn', TableName: 'customers', Name: 'ghost' } }, ['SELECT']),
        'E_CATALOG_NOT_FOUND',
        /filter ghost/,
      );
      await reject(
        grantOf('ana', { Catalog: {} }, ['CREATE_DATABASE']),
        'E_CATALOG_INPUT',
        /"ana" is not a Lake Formation principal/,
      );
      await reject(
        grantOf(BOB, { Table: { DatabaseName: 'churn', Name: 'orders' } }, ['SELECT'], ['INSERT']),
        'E_CATALOG_INPUT',
        /grant option.*|PermissionsWithGrantOption names INSERT/,
      );
      await reject(
        grantOf(BOB, { Catalog: {}, Database: { Name: 'churn' } }, ['ALL']),
        'E_CATALOG_INPUT',
        /Catalog and Database/,
      );
      await reject(
        grantOf(BOB, { DataLocation: { ResourceArn: 'arn:aws:s3:::unregistered/x' } }, ['DATA_LOCATION_ACCESS']),
        'E_CATALOG_NOT_FOUND',
        /registered/,
      );
      await reject(
        grantOf(BOB, { Table: { DatabaseName: 'churn', Name: 'orders' } }, ['READ' as 'SELECT']),
        'E_CATALOG_INPUT',
        /"READ" is not a Lake Formation permission/,
      );
      assert.deepEqual(await catalog.listPermissions({ principal: BOB }), [], 'nothing was recorded');
    });

    test('data cells filters: row filters checked, columns resolved, create / get / list / update / delete', async () => {
      const base = { DatabaseName: 'churn', TableName: 'orders' };
      const f = await catalog.createFilter({
        ...base,
        Name: 'big',
        RowFilter: { FilterExpression: 'AMOUNT > 100' },
        ColumnNames: ['ID'],
      });
      assert.deepEqual(f.ColumnNames, ['id']);
      assert.ok(f.VersionId);
      await assert.rejects(
        catalog.createFilter({ ...base, Name: 'big', RowFilter: { AllRowsWildcard: {} }, ColumnWildcard: {} }),
        code('E_CATALOG_EXISTS'),
      );
      await assert.rejects(
        catalog.createFilter({
          ...base,
          Name: 'sneaky',
          RowFilter: { FilterExpression: 'id in (select id from churn.customers)' },
          ColumnWildcard: {},
        }),
        code('E_CATALOG_ROW_FILTER', /subquery/),
      );
      await assert.rejects(
        catalog.createFilter({ ...base, Name: 'typo', RowFilter: { FilterExpression: 'amout > 1' }, ColumnWildcard: {} }),
        code('E_CATALOG_ROW_FILTER', /does not have: amout/),
      );
      await assert.rejects(
        catalog.createFilter({ ...base, Name: 'cols', RowFilter: { AllRowsWildcard: {} }, ColumnNames: ['price'] }),
        code('E_CATALOG_INPUT', /price/),
      );
      const updated = await catalog.updateFilter({
        ...base,
        Name: 'big',
        RowFilter: { FilterExpression: 'amount > 500' },
        ColumnWildcard: {},
      });
      assert.notEqual(updated.VersionId, f.VersionId);
      assert.deepEqual((await catalog.getFilter('churn', 'orders', 'big'))?.RowFilter, { FilterExpression: 'amount > 500' });
      assert.deepEqual(
        (await catalog.listFilters({ database: 'churn', name: 'orders' })).map((x) => x.Name),
        ['big'],
      );
      await catalog.grant(grantOf(BOB, { DataCellsFilter: { ...base, Name: 'big' } }, ['SELECT']), 'admin');
      await catalog.deleteFilter('churn', 'orders', 'big');
      assert.equal(await catalog.getFilter('churn', 'orders', 'big'), undefined);
      assert.deepEqual(await catalog.listPermissions({ principal: BOB }), [], "a filter's grants go with it");
      await assert.rejects(catalog.deleteFilter('churn', 'orders', 'big'), code('E_CATALOG_NOT_FOUND'));
    });

    test("the worked example: ana's view of churn.customers is the union of eu_no_pii and vip_contact", async () => {
      await workedExample(catalog);
      const view = await catalog.viewOf(as(ANA), 'churn', 'customers');
      assert.equal(view.kind, 'filtered');
      assert.deepEqual(view.kind === 'filtered' && view.slices, [
        { rowFilter: "region = 'EU'", columns: ['id', 'region', 'plan', 'spend'], source: 'filter eu_no_pii' },
        { rowFilter: "plan = 'vip'", columns: ['id', 'email'], source: 'filter vip_contact' },
      ]);
      assert.equal((await catalog.viewOf({ kind: 'local', user: 'me' }, 'churn', 'customers')).kind, 'unrestricted');
      const bob = await catalog.viewOf(as(BOB), 'churn', 'customers');
      assert.equal(bob.kind, 'denied');
      assert.match(bob.kind === 'denied' ? bob.reason : '', /user\/bob holds no SELECT on churn\.customers/);
      assert.equal(
        await catalog.allows(as(ANA), 'SELECT', { Table: { DatabaseName: 'churn', Name: 'customers' } }),
        false,
        'filtered is not the whole table',
      );
      assert.equal(
        await catalog.allows(as(ANA), 'SELECT', {
          DataCellsFilter: { DatabaseName: 'churn', TableName: 'customers', Name: 'vip_contact' },
        }),
        true,
      );
      await assert.rejects(catalog.viewOf(as(ANA), 'churn', 'nope'), code('E_CATALOG_NOT_FOUND'));
    });

    test('table, column and everyone grants are slices; one of every row and column makes the view unrestricted', async () => {
      const carl = `${ACCOUNT}:user/carl`;
      await catalog.grant(
        grantOf(
          carl,
          { TableWithColumns: { DatabaseName: 'churn', Name: 'customers', ColumnWildcard: { ExcludedColumnNames: ['email'] } } },
          ['SELECT'],
        ),
        'admin',
      );
      let view = await catalog.viewOf(as(carl), 'churn', 'customers');
      assert.deepEqual(view.kind === 'filtered' && view.slices, [
        { columns: ['id', 'region', 'plan', 'spend'], source: 'columns except email' },
      ]);
      assert.equal(
        await catalog.allows(as(carl), 'SELECT', {
          TableWithColumns: { DatabaseName: 'churn', Name: 'customers', ColumnNames: ['id', 'plan'] },
        }),
        true,
      );
      await catalog.grant(grantOf(EVERYONE, { Table: { DatabaseName: 'churn', TableWildcard: {} } }, ['SELECT']), 'admin');
      view = await catalog.viewOf(as(carl), 'churn', 'customers');
      assert.equal(view.kind, 'unrestricted');
      assert.equal((await catalog.viewOf(as(BOB), 'churn', 'orders')).kind, 'unrestricted', 'everyone reaches bob');
      await catalog.revoke(grantOf(EVERYONE, { Table: { DatabaseName: 'churn', TableWildcard: {} } }, ['SELECT']), 'admin');
      await catalog.grant(grantOf(carl, { Database: { Name: 'churn' } }, ['ALL']), 'admin');
      view = await catalog.viewOf(as(carl), 'churn', 'orders');
      assert.equal(view.kind, 'denied', "a database's ALL gives no SELECT on its tables (Lake Formation's rule)");
      assert.equal(
        await catalog.allows(as(carl), 'CREATE_TABLE', { Database: { Name: 'churn' } }),
        true,
        'ALL implies CREATE_TABLE',
      );
      assert.equal(await catalog.allows(as(carl), 'DROP', { Table: { DatabaseName: 'churn', Name: 'orders' } }), false);
    });

    test('LF-tags: assigned with inheritance; a TABLE tag policy grants the matching tables and columns', async () => {
      await catalog.createTag('domain', ['sales', 'finance']);
      await catalog.createTag('pii', ['true', 'false']);
      await assert.rejects(catalog.createTag('domain', ['x']), code('E_CATALOG_EXISTS'));
      await catalog.assignTags({ database: 'churn' }, [{ TagKey: 'domain', TagValues: ['sales'] }]);
      await catalog.assignTags({ database: 'churn' }, [{ TagKey: 'pii', TagValues: ['false'] }]);
      await catalog.assignTags({ database: 'churn', table: 'customers', column: 'EMAIL' }, [
        { TagKey: 'pii', TagValues: ['true'] },
      ]);
      await assert.rejects(
        catalog.assignTags({ database: 'churn', table: 'customers' }, [{ TagKey: 'domain', TagValues: ['hr'] }]),
        code('E_CATALOG_INPUT', /no value hr/),
      );
      await assert.rejects(
        catalog.assignTags({ database: 'churn' }, [{ TagKey: 'owner', TagValues: ['x'] }]),
        code('E_CATALOG_NOT_FOUND', /owner/),
      );
      const tags = await catalog.resourceTags({ database: 'churn', table: 'customers' });
      assert.deepEqual(
        tags.database.map((t) => t.TagKey),
        ['domain', 'pii'],
      );
      assert.deepEqual(tags.columns?.find((c) => c.name === 'email')?.tags, [{ TagKey: 'pii', TagValues: ['true'] }]);
      const dana = `${ACCOUNT}:user/dana`;
      await catalog.grant(
        grantOf(
          dana,
          {
            LFTagPolicy: {
              ResourceType: 'TABLE',
              Expression: [
                { TagKey: 'domain', TagValues: ['sales'] },
                { TagKey: 'pii', TagValues: ['false'] },
              ],
            },
          },
          ['SELECT', 'DESCRIBE'],
        ),
        'admin',
      );
      const view = await catalog.viewOf(as(dana), 'churn', 'customers');
      assert.deepEqual(view.kind === 'filtered' && view.slices.map((s) => [s.rowFilter, s.columns]), [
        [undefined, ['id', 'region', 'plan', 'spend']],
      ]);
      assert.equal((await catalog.viewOf(as(dana), 'churn', 'orders')).kind, 'unrestricted');
      assert.equal(await catalog.allows(as(dana), 'DESCRIBE', { Table: { DatabaseName: 'churn', Name: 'orders' } }), true);
      assert.equal(await catalog.allows(as(dana), 'DROP', { Table: { DatabaseName: 'churn', Name: 'orders' } }), false);
      await catalog.grant(
        grantOf(dana, { LFTagPolicy: { ResourceType: 'DATABASE', Expression: [{ TagKey: 'domain', TagValues: ['sales'] }] } }, [
          'CREATE_TABLE',
        ]),
        'admin',
      );
      assert.equal(await catalog.allows(as(dana), 'CREATE_TABLE', { Database: { Name: 'churn' } }), true);
      assert.deepEqual(await catalog.listTags(), [
        { TagKey: 'domain', TagValues: ['sales', 'finance'] },
        { TagKey: 'pii', TagValues: ['true', 'false'] },
      ]);
    });

    test('locations: DATA_LOCATION_ACCESS covers sub-prefixes; catalog CREATE_DATABASE', async () => {
      await catalog.registerLocation('arn:aws:s3:::datalake/raw');
      await assert.rejects(catalog.registerLocation('s3://datalake/raw/'), code('E_CATALOG_EXISTS'));
      const eve = `${ACCOUNT}:role/etl`;
      await catalog.grant(
        grantOf(eve, { DataLocation: { ResourceArn: 'arn:aws:s3:::datalake/raw' } }, ['DATA_LOCATION_ACCESS']),
        'admin',
      );
      assert.equal(
        await catalog.allows(as(eve), 'DATA_LOCATION_ACCESS', { DataLocation: { ResourceArn: 's3://datalake/raw/2026/x.csv' } }),
        true,
      );
      assert.equal(
        await catalog.allows(as(eve), 'DATA_LOCATION_ACCESS', { DataLocation: { ResourceArn: 's3://datalake/rawer' } }),
        false,
      );
      assert.equal(await catalog.allows(as(eve), 'CREATE_DATABASE', { Catalog: {} }), false);
      await catalog.grant(grantOf(eve, { Catalog: {} }, ['CREATE_DATABASE']), 'admin');
      assert.equal(await catalog.allows(as(eve), 'CREATE_DATABASE', { Catalog: {} }), true);
      const listed = await catalog.listPermissions({ resource: { DataLocation: { ResourceArn: 's3://datalake/raw/' } } });
      assert.deepEqual(
        listed.map((g) => [g.Principal.DataLakePrincipalIdentifier, g.Resource]),
        [[eve, { DataLocation: { ResourceArn: 'arn:aws:s3:::datalake/raw' } }]],
      );
    });
  });
}
