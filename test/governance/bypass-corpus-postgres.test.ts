/**
 * The adversarial corpus, PostgreSQL half (docs/governance-design.md, "Enforcement on every read
 * path"): statements in PostgreSQL's SQL that try to read more of the worked example's table than
 * ana's view, each run as ana through `governedWarehouse` on the real PostgreSQL server the test
 * runner starts (so unqualified names resolve by the server's own search_path). Each is refused
 * with E_ACCESS_DENIED, or returns exactly what the same query returns over `oracle.customers`:
 * ana's view computed independently from the raw rows (worked-example.ts) and stored as a plain
 * table. The Redshift warehouse on PostgreSQL is read the same way.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GodwitError } from '../../src/core/errors.js';
import { governedWarehouse } from '../../src/governance/enforce/governed-warehouse.js';
import type { Caller, CatalogTable, GovernanceCatalog, TableView } from '../../src/governance/governance-records.js';
import { objectIn } from '../../src/store/index.js';
import { openWarehouse, type Warehouse } from '../../src/warehouse/index.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';
import { ana, COLUMNS, independentView, RAW, TYPES, catalog as worked } from './worked-example.js';

const skip = POSTGRES_SKIP;
let raw: Warehouse;
let wh: Warehouse;
let database = '';
let url = '';

/** public.items: a table of the catalog's `public` database that ana reads whole (for unqualified names). */
const items: CatalogTable = {
  database: 'public',
  name: 'items',
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'label', type: 'text' },
  ],
};

/** The worked example's catalog, plus the `public` database (items, unrestricted). */
const catalog = {
  ...worked,
  async listDatabases() {
    return [{ name: 'churn' }, { name: 'public' }];
  },
  async listTables(db: string) {
    return db === 'public' ? [items] : worked.listTables(db);
  },
  async viewOf(caller: Caller, db: string, table: string): Promise<TableView> {
    if (db === 'public' && table === 'items') return { kind: 'unrestricted', table: items };
    return worked.viewOf(caller, db, table);
  },
  allows: worked.allows.bind(worked),
} as unknown as GovernanceCatalog;

const values = (rows: Record<string, unknown>[], cs: readonly string[]) =>
  rows
    .map((r) => `(${cs.map((c) => (r[c] === null ? 'NULL' : typeof r[c] === 'number' ? r[c] : `'${r[c]}'`)).join(', ')})`)
    .join(', ');

before(async () => {
  if (skip) return;
  url = await testDatabase();
  database = new URL(url).pathname.slice(1);
  const dir = scratchDir('godwit-bypass-pg-');
  raw = await openWarehouse('pg', { type: 'postgres', url }, { home: dir, stores: (uri: string) => objectIn(uri) });
  const cols = COLUMNS.map((c) => `${c} ${TYPES[c]}`).join(', ');
  await raw.execute('create schema churn');
  await raw.execute(`create table churn.customers (${cols})`);
  await raw.execute(`insert into churn.customers values ${values(RAW, COLUMNS)}`);
  // Look-alikes holding the raw rows: Cyrillic "с", and the same name in another case (a distinct table in PostgreSQL).
  await raw.execute('create table churn."сustomers" as select * from churn.customers');
  await raw.execute('create table churn."Customers" as select * from churn.customers');
  await raw.execute('create table public.raw_copy as select * from churn.customers');
  await raw.execute('create table churn.orders (id INTEGER, customer_id INTEGER, amount INTEGER)');
  await raw.execute('insert into churn.orders values (10, 1, 100), (11, 2, 200), (12, 3, 300), (13, 4, 400)');
  await raw.execute('create table churn.secrets (k VARCHAR)');
  await raw.execute("insert into churn.secrets values ('top')");
  await raw.execute('create table public.items (id integer, label text)');
  await raw.execute("insert into public.items values (1, 'a'), (2, 'b')");
  const view = independentView();
  await raw.execute('create schema oracle');
  await raw.execute(`create table oracle.customers (${view.columns.map((c) => `${c} ${TYPES[c]}`).join(', ')})`);
  await raw.execute(`insert into oracle.customers values ${values(view.rows, view.columns)}`);
  await raw.execute('create table oracle.orders as select * from churn.orders');
  wh = governedWarehouse(raw, ana, catalog);
});

after(async () => {
  await raw?.close();
});

const json = (rows: readonly Record<string, unknown>[]) =>
  rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))).sort();

async function sameAsOracle(sql: string, oracle = sql.replace(/churn\./gi, 'oracle.')) {
  const result = await wh.query(sql);
  const expected = await raw.query(oracle);
  assert.deepEqual(
    result.columns.map((c) => c.name),
    expected.columns.map((c) => c.name),
  );
  assert.deepEqual(json(result.rows), json(expected.rows));
}

async function denied(sql: string, names?: string) {
  await assert.rejects(wh.query(sql), (err: unknown) => {
    assert.ok(err instanceof GodwitError, String(err));
    assert.equal(err.code, 'E_ACCESS_DENIED', err.message);
    if (names) assert.ok(err.message.includes(names), `${err.message} should name ${names}`);
    return true;
  });
}

test('postgres: ana sees exactly the design document’s table', { skip }, async () => {
  const result = await wh.query('SELECT * FROM churn.customers ORDER BY id');
  assert.deepEqual(
    json(result.rows),
    json([
      { id: 1, region: 'EU', email: null, plan: 'basic', spend: 10 },
      { id: 2, region: null, email: 'b@x', plan: null, spend: null },
      { id: 3, region: 'EU', email: 'c@x', plan: 'vip', spend: 70 },
    ]),
  );
});

/** Statements that must return exactly what the same query returns over the oracle. */
const SAME: [string, () => string, (() => string)?][] = [
  ['plain', () => 'SELECT * FROM churn.customers'],
  ['upper case folds to the table', () => 'SELECT * FROM CHURN.CUSTOMERS', () => 'SELECT * FROM oracle.customers'],
  ['quoted lower-case names', () => 'SELECT * FROM "churn"."customers"', () => 'SELECT * FROM oracle.customers'],
  ['comments inside the name', () => 'SELECT * FROM churn/* a */./* b */customers', () => 'SELECT * FROM oracle.customers'],
  ['nested block comments', () => 'SELECT * FROM /* /* */ churn.customers */ churn.orders', () => 'SELECT * FROM oracle.orders'],
  [
    'a dollar-quoted string that looks like SQL',
    () => 'SELECT $$ FROM churn.customers $$ AS x, id FROM churn.customers',
    () => 'SELECT $$ FROM churn.customers $$ AS x, id FROM oracle.customers',
  ],
  [
    'a tagged dollar string holding $$',
    () => 'SELECT $q$ $$ FROM churn.customers $q$ AS x, id FROM churn.customers',
    () => 'SELECT $q$ $$ FROM churn.customers $q$ AS x, id FROM oracle.customers',
  ],
  ['an E-string with an escaped quote', () => "SELECT E'it\\'s' AS x, email FROM churn.customers"],
  ['a standard string ending in a backslash', () => "SELECT 'a\\' AS x, email FROM churn.customers"],
  ['database-qualified', () => `SELECT * FROM ${database}.churn.customers`, () => 'SELECT * FROM oracle.customers'],
  ['alias', () => 'SELECT c.* FROM churn.customers AS c'],
  ['alias with column names', () => 'SELECT a, b FROM churn.customers t(a, b)'],
  ['casts with ::', () => 'SELECT id::text AS i, spend::numeric(10, 2) AS s, email::varchar FROM churn.customers'],
  ['the whole row as JSON', () => 'SELECT to_jsonb(c) AS j FROM churn.customers c'],
  ['the whole row as a record', () => 'SELECT c::text AS r FROM churn.customers c'],
  ['TABLE t', () => 'TABLE churn.customers'],
  ['ONLY', () => 'SELECT * FROM ONLY churn.customers', () => 'SELECT * FROM oracle.customers'],
  ['t * (with descendants)', () => 'SELECT * FROM churn.customers *', () => 'SELECT * FROM oracle.customers'],
  [
    'UNION',
    () =>
      "SELECT id, email FROM churn.customers WHERE region = 'US' UNION ALL SELECT id, email FROM churn.customers WHERE plan = 'basic'",
  ],
  [
    'correlated EXISTS',
    () =>
      "SELECT id FROM churn.orders o WHERE EXISTS (SELECT 1 FROM churn.customers c WHERE c.id = o.customer_id AND c.region = 'US')",
  ],
  [
    'correlated scalar subquery',
    () => 'SELECT o.id, (SELECT c.email FROM churn.customers c WHERE c.id = o.customer_id) AS e FROM churn.orders o',
  ],
  ['join', () => 'SELECT * FROM churn.customers c JOIN churn.orders o ON c.id = o.customer_id'],
  ['comma join', () => 'SELECT c.id, c.spend, o.amount FROM churn.orders o, churn.customers c WHERE c.id = o.customer_id'],
  [
    'lateral',
    () => 'SELECT o.id, l.email FROM churn.orders o, LATERAL (SELECT email FROM churn.customers c WHERE c.id = o.customer_id) l',
  ],
  ['CTE named like the table', () => 'WITH customers AS (SELECT * FROM churn.customers) SELECT * FROM customers'],
  ['CTE chain', () => 'WITH c AS (SELECT * FROM churn.customers), d AS (SELECT * FROM c) SELECT * FROM d'],
  [
    'a recursive CTE named like an uncatalogued table reads only itself',
    () => 'WITH RECURSIVE raw_copy(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM raw_copy WHERE n < 3) SELECT * FROM raw_copy',
    () => 'SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3',
  ],
  ['window function', () => 'SELECT id, sum(spend) OVER (ORDER BY id) AS s FROM churn.customers'],
  ['aggregate', () => 'SELECT count(*) AS n, count(email) AS e, sum(spend) AS s FROM churn.customers'],
  ['IN subquery', () => 'SELECT * FROM churn.customers WHERE id IN (SELECT customer_id FROM churn.orders)'],
  ['NATURAL JOIN', () => 'SELECT * FROM churn.customers NATURAL JOIN (SELECT 2 AS id) x'],
  ['generate_series beside the table', () => 'SELECT c.id, g FROM churn.customers c, generate_series(1, 2) g'],
  [
    'an unqualified name resolved by the search_path',
    () => 'SELECT items.id, label FROM items ORDER BY id',
    () => 'SELECT items.id, label FROM public.items ORDER BY id',
  ],
  ['an unqualified name in upper case', () => 'SELECT * FROM ITEMS', () => 'SELECT * FROM public.items'],
  ['TABLE of an unqualified name', () => 'TABLE items', () => 'TABLE public.items'],
];

for (const [name, sql, oracle] of SAME) {
  test(`postgres returns only ana's view: ${name}`, { skip }, () => sameAsOracle(sql(), oracle?.()));
}

/** Statements that must be refused, and what the refusal names. */
const DENIED: [string, string, string?][] = [
  ['a column no filter grants', 'SELECT ssn FROM churn.customers', 'ssn'],
  ['a hidden column, qualified', 'SELECT c.ssn FROM churn.customers c', 'ssn'],
  ['a hidden column, quoted', 'SELECT "ssn" FROM churn.customers', 'ssn'],
  ['a hidden column in WHERE', "SELECT count(*) FROM churn.customers WHERE ssn = 's4'", 'ssn'],
  ['a hidden column through a CTE (binder backstop)', 'WITH x AS (SELECT * FROM churn.customers) SELECT ssn FROM x', 'ssn'],
  [
    'a qualified hidden column through a CTE (binder backstop: column x.ssn does not exist)',
    'WITH x AS (SELECT * FROM churn.customers) SELECT x.ssn FROM x',
    'ssn',
  ],
  ['a hidden column as a field of the row', 'SELECT (c).ssn FROM churn.customers c', 'ssn'],
  ['ctid', 'SELECT ctid FROM churn.customers', 'ctid'],
  ['xmin, qualified', 'SELECT c.xmin FROM churn.customers c', 'xmin'],
  ['a table with no grant', 'SELECT * FROM churn.secrets', 'churn.secrets'],
  ['an uncatalogued table holding the raw rows', 'SELECT * FROM public.raw_copy', 'raw_copy'],
  ['an unqualified uncatalogued table on the search_path', 'SELECT * FROM raw_copy', 'raw_copy'],
  ['an unqualified name not on the search_path', 'SELECT * FROM customers', 'customers'],
  ['the same name in another case, quoted (another table)', 'SELECT * FROM churn."Customers"', 'Customers'],
  ['a look-alike (Cyrillic с)', 'SELECT * FROM churn.сustomers', 'сustomers'],
  ['a unicode escape', 'SELECT * FROM churn.U&"cust\\006Fmers"', 'U&'],
  ['a unicode escape with UESCAPE', 'SELECT * FROM churn.U&"cust!006Fmers" UESCAPE \'!\'', 'U&'],
  ['pg_read_file', "SELECT pg_read_file('/etc/passwd')", 'pg_read_file'],
  ['pg_read_binary_file', "SELECT pg_read_binary_file('/etc/passwd')", 'pg_read_binary_file'],
  ['pg_ls_dir', "SELECT * FROM pg_ls_dir('.')", 'pg_ls_dir'],
  ['pg_stat_file', "SELECT pg_stat_file('postgresql.conf')", 'pg_stat_file'],
  ['lo_import', "SELECT lo_import('/etc/passwd')", 'lo_import'],
  ['lo_export', "SELECT lo_export(1, '/tmp/leak')", 'lo_export'],
  ['lo_get', 'SELECT lo_get(1)', 'lo_get'],
  ['dblink', "SELECT * FROM dblink('dbname=postgres', 'SELECT ssn FROM churn.customers') AS t(s text)", 'dblink'],
  ['query_to_xml', "SELECT query_to_xml('SELECT * FROM churn.customers', true, false, '')", 'query_to_xml'],
  ['table_to_xml', "SELECT table_to_xml('churn.customers', true, false, '')", 'table_to_xml'],
  ['cursor_to_xml', "SELECT cursor_to_xml('c', 10, true, false, '')", 'cursor_to_xml'],
  ['schema_to_xml', "SELECT schema_to_xml('churn', true, false, '')", 'schema_to_xml'],
  ['xpath over a query', "SELECT xpath('//ssn', query_to_xml('SELECT * FROM churn.customers', true, false, ''))", 'xpath'],
  ['ts_stat runs a query given as text', "SELECT * FROM ts_stat('SELECT to_tsvector(ssn) FROM churn.customers')", 'ts_stat'],
  ['current_setting', "SELECT current_setting('data_directory')", 'current_setting'],
  ['set_config', "SELECT set_config('search_path', 'churn', false)", 'set_config'],
  ['a pg_catalog function', 'SELECT pg_catalog.pg_sleep(0)', 'pg_sleep'],
  ['DO block', 'DO $$ BEGIN PERFORM 1; END $$', 'DO'],
  [
    'CREATE FUNCTION',
    'CREATE FUNCTION churn.f() RETURNS SETOF churn.customers AS $$ SELECT * FROM churn.customers $$ LANGUAGE sql',
    'FUNCTION',
  ],
  ['PREPARE', 'PREPARE p AS SELECT * FROM churn.customers', 'PREPARE'],
  ['EXECUTE', 'EXECUTE p', 'EXECUTE'],
  ['LISTEN', 'LISTEN leak', 'LISTEN'],
  ['NOTIFY', "NOTIFY leak, 'x'", 'NOTIFY'],
  ['SET ROLE', 'SET ROLE postgres', 'SET'],
  ['SET SESSION AUTHORIZATION', 'SET SESSION AUTHORIZATION postgres', 'SET'],
  ['SET search_path', 'SET search_path = churn', 'SET'],
  ['SHOW', 'SHOW data_directory', 'SHOW'],
  ['COPY a table to a file', "COPY churn.customers TO '/tmp/leak.csv'", 'COPY'],
  ['COPY to a program', "COPY (SELECT * FROM churn.customers) TO PROGRAM 'cat'", 'COPY'],
  ['COPY from a file', "COPY churn.orders FROM '/etc/passwd'", 'COPY'],
  ['DECLARE a cursor', 'DECLARE c CURSOR FOR SELECT * FROM churn.customers', 'DECLARE'],
  ['pg_catalog.pg_tables', 'SELECT * FROM pg_catalog.pg_tables', 'pg_catalog'],
  ['an unqualified system view', 'SELECT * FROM pg_stat_activity', 'pg_stat_activity'],
  ['pg_class', 'SELECT relname FROM pg_class', 'pg_class'],
  ['information_schema beyond tables, columns and schemata', 'SELECT * FROM information_schema.views', 'information_schema'],
  ['SELECT … INTO', 'SELECT * INTO churn.leak FROM churn.customers', 'INTO'],
  ['DELETE … RETURNING in a WITH clause', 'WITH d AS (DELETE FROM churn.customers RETURNING *) SELECT * FROM d', 'DELETE'],
  [
    'UPDATE … RETURNING in a WITH clause',
    'WITH u AS (UPDATE churn.customers SET region = region RETURNING *) SELECT * FROM u',
    'UPDATE',
  ],
  ['UPDATE', "UPDATE churn.customers SET region = 'EU'", 'UPDATE'],
  ['DELETE', "DELETE FROM churn.customers WHERE ssn = 's1'", 'DELETE'],
  ['TRUNCATE', 'TRUNCATE churn.customers', 'TRUNCATE'],
  ['ALTER TABLE', 'ALTER TABLE churn.customers DISABLE ROW LEVEL SECURITY', 'ALTER'],
  ['GRANT', 'GRANT SELECT ON churn.customers TO PUBLIC', 'GRANT'],
  ['CREATE TABLE … LIKE', 'CREATE TABLE churn.leak (LIKE churn.customers INCLUDING ALL)', 'LIKE'],
  ['CREATE TABLE … INHERITS', 'CREATE TABLE churn.leak () INHERITS (churn.customers)', 'INHERITS'],
  [
    'a foreign key probing the table’s rows',
    'CREATE TABLE churn.probe (id integer REFERENCES churn.customers (id))',
    'REFERENCES',
  ],
  ['CTAS of a hidden column', 'CREATE TABLE churn.leak AS SELECT ssn FROM churn.customers', 'ssn'],
  ['CTAS into a database without CREATE_TABLE', 'CREATE TABLE public.leak AS SELECT * FROM churn.customers', 'CREATE_TABLE'],
  ['a temp table that would shadow a name', 'CREATE TEMP TABLE items AS SELECT * FROM churn.customers', 'CREATE_TABLE'],
  ['a second statement that is refused', "SELECT 1; SELECT pg_read_file('/etc/passwd')", 'pg_read_file'],
  ['a relation after a string ending in a backslash', "SELECT 'a\\', * FROM public.raw_copy", 'raw_copy'],
  ['a relation after an E-string with an escaped quote', "SELECT E'\\'', * FROM public.raw_copy", 'raw_copy'],
  ['a relation after a tagged dollar string', 'SELECT $a$b$ x $a$, * FROM public.raw_copy', 'raw_copy'],
  ['a relation after a line comment', 'SELECT * FROM churn.customers--\n, public.raw_copy', 'raw_copy'],
  ['a relation hidden after a nested comment', 'SELECT * FROM churn.customers /* /* */ */, public.raw_copy', 'raw_copy'],
  ['EXPLAIN ANALYZE of a hidden column', 'EXPLAIN ANALYZE SELECT ssn FROM churn.customers', 'ssn'],
  ['another database', 'SELECT * FROM postgres.churn.customers', 'postgres.churn.customers'],
];

for (const [name, sql, names] of DENIED) {
  test(`postgres refused: ${name}`, { skip }, () => denied(sql, names));
}

test('postgres: CTAS copies only the view, into the schema named', { skip }, async () => {
  await wh.query('CREATE TABLE churn.copy AS SELECT * FROM churn.customers');
  const copied = await raw.query('SELECT * FROM churn.copy');
  assert.deepEqual(json(copied.rows), json((await raw.query('SELECT * FROM oracle.customers')).rows));
  await wh.createTableAs({ schema: 'churn', name: 'copy2' }, 'SELECT id, email FROM churn.customers');
  const copied2 = await raw.query('SELECT * FROM churn.copy2');
  assert.deepEqual(json(copied2.rows), json((await raw.query('SELECT id, email FROM oracle.customers')).rows));
});

test('postgres: information_schema.tables lists only what ana may describe', { skip }, async () => {
  const { rows } = await wh.query(
    'SELECT table_catalog, table_schema, table_name FROM information_schema.tables ORDER BY table_schema, table_name',
  );
  assert.deepEqual(
    rows.map((r) => `${r.table_catalog}.${r.table_schema}.${r.table_name}`),
    [`${database}.churn.customers`, `${database}.churn.orders`, `${database}.public.items`],
  );
  const hidden = await wh.query(
    "SELECT count(*) AS n FROM information_schema.tables t WHERE t.table_name IN ('secrets', 'raw_copy')",
  );
  assert.equal(Number(hidden.rows[0].n), 0);
});

test('postgres: information_schema.columns lists only the view’s columns', { skip }, async () => {
  const { rows } = await wh.query(
    "SELECT column_name, ordinal_position, data_type FROM information_schema.columns WHERE table_schema = 'churn' AND table_name = 'customers' ORDER BY ordinal_position",
  );
  assert.deepEqual(
    rows.map((r) => r.column_name),
    ['id', 'region', 'email', 'plan', 'spend'],
  );
  const ssn = await wh.query("SELECT count(*) AS n FROM information_schema.columns WHERE column_name = 'ssn'");
  assert.equal(Number(ssn.rows[0].n), 0);
  const secrets = await wh.query("SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'secrets'");
  assert.equal(Number(secrets.rows[0].n), 0);
});

test('postgres: information_schema.schemata lists the catalog’s databases ana may describe', { skip }, async () => {
  const { rows } = await wh.query(`SELECT schema_name FROM ${database}.information_schema.schemata ORDER BY schema_name`);
  assert.deepEqual(
    rows.map((r) => r.schema_name),
    ['churn', 'public'],
  );
});

test('the Redshift warehouse on PostgreSQL is read with PostgreSQL’s rules', { skip }, async () => {
  const url = await testDatabase();
  const dir = scratchDir('godwit-bypass-rs-');
  const rs = await openWarehouse('rs', { type: 'redshift', url }, { home: dir, stores: (uri: string) => objectIn(uri) });
  try {
    const cols = COLUMNS.map((c) => `${c} ${TYPES[c]}`).join(', ');
    await rs.execute('create schema churn');
    await rs.execute(`create table churn.customers (${cols}) diststyle key distkey (id)`);
    await rs.execute(`insert into churn.customers values ${values(RAW, COLUMNS)}`);
    const governed = governedWarehouse(rs, ana, catalog);
    const { rows } = await governed.query('SELECT id, email FROM CHURN.customers ORDER BY id');
    assert.deepEqual(
      rows.map((r) => [r.id, r.email]),
      independentView().rows.map((r) => [r.id, r.email]),
    );
    await assert.rejects(governed.query('SELECT ssn FROM churn.customers'), /ssn/);
    await assert.rejects(
      governed.query("SELECT pg_read_file('/etc/passwd')"),
      (err: GodwitError) => err.code === 'E_ACCESS_DENIED',
    );
  } finally {
    await rs.close();
  }
});

test('BigQuery SQL on PostgreSQL is enforced on its PostgreSQL translation', { skip }, async () => {
  const dir = scratchDir('godwit-bypass-bq-');
  const bq = await openWarehouse(
    'pg',
    { type: 'postgres', url },
    { home: dir, stores: (uri: string) => objectIn(uri) },
    { dialect: 'bigquery', govern: (engine) => governedWarehouse(engine, ana, catalog) },
  );
  try {
    const { rows } = await bq.query('SELECT id, email FROM churn.customers ORDER BY id');
    assert.deepEqual(
      rows.map((r) => [Number(r.id), r.email]),
      independentView().rows.map((r) => [r.id, r.email]),
    );
    await assert.rejects(bq.query('SELECT ssn FROM churn.customers'), (err: GodwitError) => err.code === 'E_ACCESS_DENIED');
    await assert.rejects(bq.query('SELECT * FROM churn.secrets'), (err: GodwitError) => err.code === 'E_ACCESS_DENIED');
  } finally {
    await bq.close();
  }
});
