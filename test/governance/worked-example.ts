/**
 * The design document's worked example (docs/governance-design.md, "A principal's view of a
 * table"), for the enforcement tests: churn.customers plus a column no filter grants (ssn),
 * ana's two data cells filters as the rewriter's input (her views as slices, what the catalog's
 * viewOf answers), and ana's view computed independently from the raw rows in JavaScript.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Caller, CatalogTable, GovernanceCatalog, TableView, ViewSlice } from '../../src/governance/governance-records.js';
import type { Warehouse } from '../../src/warehouse/index.js';

export type Raw = { id: number; region: string; email: string; plan: string; spend: number; ssn: string };
export const RAW: Raw[] = [
  { id: 1, region: 'EU', email: 'a@x', plan: 'basic', spend: 10, ssn: 's1' },
  { id: 2, region: 'US', email: 'b@x', plan: 'vip', spend: 50, ssn: 's2' },
  { id: 3, region: 'EU', email: 'c@x', plan: 'vip', spend: 70, ssn: 's3' },
  { id: 4, region: 'US', email: 'd@x', plan: 'basic', spend: 5, ssn: 's4' },
];
export const COLUMNS = ['id', 'region', 'email', 'plan', 'spend', 'ssn'] as const;
export const TYPES: Record<string, string> = {
  id: 'INTEGER',
  region: 'VARCHAR',
  email: 'VARCHAR',
  plan: 'VARCHAR',
  spend: 'INTEGER',
  ssn: 'VARCHAR',
};

/** `RAW` as a SQL VALUES list, `(1, 'EU', 'a@x', 'basic', 10, 's1'), …`; without ssn for a table that lacks it. */
export function valuesSql({ ssn }: { ssn: boolean }): string {
  return RAW.map((r) => `(${r.id}, '${r.region}', '${r.email}', '${r.plan}', ${r.spend}${ssn ? `, '${r.ssn}'` : ''})`).join(', ');
}

/** What ana reads of churn.customers (`SELECT *`, ordered by id): the design's answer, written out. */
export const ANA_SEES = [
  { id: 1, region: 'EU', email: null, plan: 'basic', spend: 10 },
  { id: 2, region: null, email: 'b@x', plan: null, spend: null },
  { id: 3, region: 'EU', email: 'c@x', plan: 'vip', spend: 70 },
];

/** ana's filters, as SQL (for the rewriter) and as JavaScript (for the independent view). */
export const FILTERS = [
  { name: 'eu_no_pii', sql: "region = 'EU'", rows: (r: Raw) => r.region === 'EU', columns: ['id', 'region', 'plan', 'spend'] },
  { name: 'vip_contact', sql: "plan = 'vip'", rows: (r: Raw) => r.plan === 'vip', columns: ['id', 'email'] },
];

/** The design's semantics: rows any filter covers; a cell kept where a covering filter grants its column. */
export function independentView(): { columns: string[]; rows: Record<string, unknown>[] } {
  const columns = COLUMNS.filter((c) => FILTERS.some((f) => f.columns.includes(c)));
  const rows = RAW.flatMap((r) => {
    const covering = FILTERS.filter((f) => f.rows(r));
    if (covering.length === 0) return [];
    return [Object.fromEntries(columns.map((c) => [c, covering.some((f) => f.columns.includes(c)) ? r[c] : null]))];
  });
  return { columns, rows };
}

export const customers: CatalogTable = {
  database: 'churn',
  name: 'customers',
  columns: COLUMNS.map((c) => ({ name: c, type: TYPES[c] })),
};
export const orders: CatalogTable = {
  database: 'churn',
  name: 'orders',
  columns: [
    { name: 'id', type: 'INTEGER' },
    { name: 'customer_id', type: 'INTEGER' },
    { name: 'amount', type: 'INTEGER' },
  ],
};
export const secrets: CatalogTable = { database: 'churn', name: 'secrets', columns: [{ name: 'k', type: 'VARCHAR' }] };

/** The rewriter's input: ana's views as slices (what the catalog's viewOf answers), and her one write grant. */
export const catalog = {
  async listDatabases() {
    return [{ name: 'churn' }];
  },
  async listTables(database: string) {
    return database === 'churn' ? [customers, orders, secrets] : [];
  },
  async getTable(database: string, name: string) {
    return [customers, orders, secrets].find((t) => database === 'churn' && t.name === name);
  },
  async viewOf(_caller: Caller, database: string, table: string): Promise<TableView> {
    if (database === 'churn' && table === 'customers') {
      const slices: ViewSlice[] = FILTERS.map((f) => ({ rowFilter: f.sql, columns: f.columns, source: `filter ${f.name}` }));
      return { kind: 'filtered', table: customers, slices };
    }
    if (database === 'churn' && table === 'orders') return { kind: 'unrestricted', table: orders };
    return { kind: 'denied', table: secrets, reason: `No grant reaches ${database}.${table}.` };
  },
  async allows(
    _caller: Caller,
    permission: string,
    resource: { Database?: { Name: string }; Table?: { DatabaseName: string; Name?: string } },
  ) {
    if (permission === 'INSERT') return resource.Table?.DatabaseName === 'churn' && resource.Table.Name === 'orders';
    return permission === 'CREATE_TABLE' && resource.Database?.Name === 'churn';
  },
} as unknown as GovernanceCatalog;

export const ana: Caller = {
  kind: 'principal',
  principal: { name: 'ana', kind: 'user', arn: 'arn:aws:iam::000000000000:user/ana', policies: [], createdAt: new Date(0) },
};

/**
 * Loads the example into `wh` (schema churn: customers, a look-alike and an uncatalogued copy of
 * its raw rows, orders, secrets) and the oracle (schema oracle: ana's view as a plain table), and
 * writes the raw rows as CSV in `dir`; returns the CSV's path.
 */
export async function loadWorkedExample(wh: Warehouse, dir: string): Promise<string> {
  const cols = COLUMNS.map((c) => `${c} ${TYPES[c]}`).join(', ');
  const values = (rows: Record<string, unknown>[], cs: readonly string[]) =>
    rows
      .map((r) => `(${cs.map((c) => (r[c] === null ? 'NULL' : typeof r[c] === 'number' ? r[c] : `'${r[c]}'`)).join(', ')})`)
      .join(', ');
  await wh.execute('create schema churn');
  await wh.execute(`create table churn.customers (${cols})`);
  await wh.execute(`insert into churn.customers values ${values(RAW, COLUMNS)}`);
  // A look-alike of the governed table, holding the raw rows (Cyrillic "с"), and an uncatalogued copy.
  await wh.execute(`create table churn."сustomers" as select * from churn.customers`);
  await wh.execute('create table main.raw_copy as select * from churn.customers');
  await wh.execute('create table churn.orders (id INTEGER, customer_id INTEGER, amount INTEGER)');
  await wh.execute('insert into churn.orders values (10, 1, 100), (11, 2, 200), (12, 3, 300), (13, 4, 400)');
  await wh.execute('create table churn.secrets (k VARCHAR)');
  await wh.execute("insert into churn.secrets values ('top')");
  // The oracle: ana's view computed independently, as a plain table (and orders, which she reads whole).
  const view = independentView();
  await wh.execute('create schema oracle');
  await wh.execute(`create table oracle.customers (${view.columns.map((c) => `${c} ${TYPES[c]}`).join(', ')})`);
  await wh.execute(`insert into oracle.customers values ${values(view.rows, view.columns)}`);
  await wh.execute('create table oracle.orders as select * from churn.orders');
  // The table's own rows as a file, for read_csv and FROM 'file'.
  const csv = join(dir, 'customers.csv');
  writeFileSync(csv, `${COLUMNS.join(',')}\n${RAW.map((r) => COLUMNS.map((c) => r[c]).join(',')).join('\n')}\n`);
  return csv;
}
