/**
 * The adversarial corpus (docs/governance-design.md, "Enforcement on every read path"): statements
 * that try to read more of the worked example's table than ana's view, each run as ana through
 * the rewriter against a real DuckDB warehouse. Each is refused with E_ACCESS_DENIED, or returns
 * exactly what the same query returns over `oracle.customers`: ana's view computed independently
 * from the raw rows (worked-example.ts: the design's semantics, in JavaScript) and stored as a plain table.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { GodwitError } from '../../src/core/errors.js';
import { toFileUri } from '../../src/core/uri.js';
import { deniedColumn, enforce } from '../../src/governance/enforce/enforce.js';
import { ExternalReads } from '../../src/governance/external/external-relation.js';
import type { Caller, CatalogTable, GovernanceCatalog, TableView } from '../../src/governance/governance-records.js';
import { objectIn } from '../../src/store/index.js';
import { openWarehouse, type Warehouse } from '../../src/warehouse/index.js';
import { scratchDir } from '../helpers/scratch.js';
import { ana, COLUMNS, catalog, customers, loadWorkedExample, RAW, type Raw } from './worked-example.js';

let wh: Warehouse;
let dir: string;
let csv = '';

before(async () => {
  dir = scratchDir('godwit-bypass-');
  wh = await openWarehouse('wh', { type: 'duckdb' }, { home: dir, stores: (uri: string) => objectIn(uri) });
  csv = await loadWorkedExample(wh, dir);
});

after(async () => {
  await wh?.close?.();
});

/** Runs `sql` as ana: the rewriter, then the warehouse (its binder errors mapped as the read path does). */
async function asAna(sql: string) {
  const enforced = await enforce(sql, 'duckdb', ana, catalog, { warehouseCatalog: 'godwit' });
  try {
    return { enforced, result: await wh.query(enforced.sql) };
  } catch (err) {
    throw deniedColumn(err, enforced);
  }
}

const json = (rows: readonly Record<string, unknown>[]) =>
  rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))).sort();

async function sameAsOracle(sql: string, oracle = sql.replace(/churn\./gi, 'oracle.')) {
  const { result } = await asAna(sql);
  const expected = await wh.query(oracle);
  assert.deepEqual(
    result.columns.map((c) => c.name),
    expected.columns.map((c) => c.name),
  );
  assert.deepEqual(json(result.rows), json(expected.rows));
}

async function denied(sql: string, names?: string) {
  await assert.rejects(asAna(sql), (err: unknown) => {
    assert.ok(err instanceof GodwitError, String(err));
    assert.equal(err.code, 'E_ACCESS_DENIED', err.message);
    if (names) assert.ok(err.message.includes(names), `${err.message} should name ${names}`);
    return true;
  });
}

test('the worked example: ana sees exactly the design document’s table', async () => {
  const { enforced, result } = await asAna('SELECT * FROM churn.customers ORDER BY id');
  assert.deepEqual(
    result.columns.map((c) => c.name),
    ['id', 'region', 'email', 'plan', 'spend'],
  );
  assert.deepEqual(
    json(result.rows),
    json([
      { id: 1, region: 'EU', email: null, plan: 'basic', spend: 10 },
      { id: 2, region: null, email: 'b@x', plan: null, spend: null },
      { id: 3, region: 'EU', email: 'c@x', plan: 'vip', spend: 70 },
    ]),
  );
  assert.equal(
    enforced.sql,
    "SELECT * FROM (SELECT id, CASE WHEN region = 'EU' THEN region END AS region, CASE WHEN plan = 'vip' THEN email END AS email, " +
      "CASE WHEN region = 'EU' THEN plan END AS plan, CASE WHEN region = 'EU' THEN spend END AS spend FROM churn.customers " +
      "WHERE (region = 'EU') OR (plan = 'vip')) AS customers ORDER BY id",
  );
  assert.deepEqual(enforced.decisions, [
    {
      principal: 'arn:aws:iam::000000000000:user/ana',
      action: 'lakeformation:SELECT',
      resource: 'churn.customers',
      decision: 'allowed',
      detail: 'filter eu_no_pii, filter vip_contact',
      via: 'godwit sql',
    },
  ]);
});

test('the local caller’s statements pass unchanged', async () => {
  const sql = 'select ssn from churn.customers';
  assert.deepEqual(await enforce(sql, 'duckdb', { kind: 'local', user: 'me' }, catalog), {
    sql,
    decisions: [],
    hidden: new Map(),
  });
});

/** Statements that must return exactly what the same query returns over the oracle. */
const SAME: [string, string, string?][] = [
  ['plain', 'SELECT * FROM churn.customers'],
  ['upper case', 'SELECT * FROM CHURN.CUSTOMERS', 'SELECT * FROM oracle.customers'],
  ['mixed case', 'SeLeCt * FrOm ChUrN.CuStOmErS', 'SELECT * FROM oracle.customers'],
  ['quoted names', 'SELECT * FROM "churn"."customers"', 'SELECT * FROM oracle.customers'],
  ['quoted, other case', 'SELECT * FROM "CHURN"."Customers"', 'SELECT * FROM oracle.customers'],
  ['comments inside the name', 'SELECT * FROM churn/* a */./* b */customers', 'SELECT * FROM oracle.customers'],
  [
    'a comment hiding a second statement',
    "SELECT * FROM churn.customers -- ; ATTACH 'x.db' AS x",
    'SELECT * FROM oracle.customers',
  ],
  ['a block comment with a semicolon', 'SELECT * FROM churn.customers /* ; DROP TABLE churn.orders */ WHERE id > 0'],
  ['nested block comments', 'SELECT * FROM /* /* */ churn.customers */ churn.orders', 'SELECT * FROM oracle.orders'],
  ['catalog-qualified', 'SELECT * FROM godwit.churn.customers', 'SELECT * FROM oracle.customers'],
  ['alias', 'SELECT c.* FROM churn.customers AS c'],
  ['bare alias with a quote in it', 'SELECT * FROM churn.customers "x""y"'],
  ['alias with column names', 'SELECT a, b FROM churn.customers t(a, b)'],
  ['SELECT * EXCLUDE', 'SELECT * EXCLUDE (email) FROM churn.customers'],
  ['COLUMNS(*)', 'SELECT COLUMNS(*) FROM churn.customers'],
  ['COLUMNS regex', "SELECT COLUMNS('.*') FROM churn.customers"],
  ['struct pack of the table', 'SELECT customers FROM churn.customers'],
  ['star in nested subqueries', 'SELECT * FROM (SELECT * FROM (SELECT * FROM churn.customers) s) t'],
  ['parenthesized table', 'SELECT * FROM (churn.customers)', 'SELECT * FROM (SELECT * FROM oracle.customers)'],
  [
    'a recursive CTE named like an uncatalogued table reads only itself',
    'WITH RECURSIVE raw_copy(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM raw_copy WHERE n < 3) SELECT * FROM raw_copy',
    'SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3',
  ],
  [
    'UNION',
    "SELECT id, email FROM churn.customers WHERE region = 'US' UNION ALL SELECT id, email FROM churn.customers WHERE plan = 'basic'",
  ],
  [
    'correlated EXISTS',
    "SELECT id FROM churn.orders o WHERE EXISTS (SELECT 1 FROM churn.customers c WHERE c.id = o.customer_id AND c.region = 'US')",
  ],
  [
    'correlated scalar subquery',
    'SELECT o.id, (SELECT c.email FROM churn.customers c WHERE c.id = o.customer_id) AS e FROM churn.orders o',
  ],
  ['join', 'SELECT * FROM churn.customers c JOIN churn.orders o ON c.id = o.customer_id'],
  ['comma join', 'SELECT c.id, c.spend, o.amount FROM churn.orders o, churn.customers c WHERE c.id = o.customer_id'],
  [
    'lateral',
    'SELECT o.id, l.email FROM churn.orders o, LATERAL (SELECT email FROM churn.customers c WHERE c.id = o.customer_id) l',
  ],
  ['CTE named like the table', 'WITH customers AS (SELECT * FROM churn.customers) SELECT * FROM customers'],
  ['CTE chain', 'WITH c AS (SELECT * FROM churn.customers), d AS (SELECT * FROM c) SELECT * FROM d'],
  ['a CTE does not shadow a qualified name', 'WITH customers AS (SELECT 1 AS x) SELECT * FROM churn.customers'],
  ['window function', 'SELECT id, sum(spend) OVER (ORDER BY id) AS s FROM churn.customers'],
  ['aggregate', 'SELECT count(*) AS n, count(email) AS e, sum(spend) AS s FROM churn.customers'],
  ['FROM-first', 'FROM churn.customers SELECT id, email'],
  ['FROM alone', 'FROM churn.customers'],
  ['TABLE t', 'TABLE churn.customers'],
  ['SUMMARIZE', 'SUMMARIZE churn.customers'],
  ['PIVOT', "PIVOT churn.customers ON region IN ('EU', 'US') USING sum(spend) GROUP BY plan"],
  ['sample', 'SELECT * FROM churn.customers USING SAMPLE 100 PERCENT (bernoulli)'],
  [
    'a dollar-quoted string that looks like SQL',
    'SELECT $$ FROM churn.customers $$ AS x, id FROM churn.customers',
    'SELECT $$ FROM churn.customers $$ AS x, id FROM oracle.customers',
  ],
  ['FROM-first in a subquery', 'SELECT count(*) AS n FROM (FROM churn.customers)'],
  ['SUMMARIZE as a subquery', 'SELECT (SELECT max(max) FROM (SUMMARIZE churn.customers)) AS m'],
  ['DESCRIBE as a subquery', 'SELECT column_name FROM (DESCRIBE churn.customers)'],
  ['SHOW', 'SHOW churn.customers', 'SHOW oracle.customers'],
  ['PIVOT as a subquery', "SELECT * FROM (PIVOT churn.customers ON plan IN ('vip', 'basic') USING max(email))"],
  ['UNPIVOT with a list of columns', 'UNPIVOT churn.customers ON plan, region INTO NAME k VALUE v'],
  ['NATURAL JOIN', 'SELECT * FROM churn.customers NATURAL JOIN (SELECT 2 AS id) x'],
  ['ASOF JOIN', 'SELECT * FROM churn.customers c ASOF JOIN churn.orders o ON c.id >= o.customer_id'],
  ['IN subquery', 'SELECT * FROM churn.customers WHERE id IN (SELECT customer_id FROM churn.orders)'],
];

for (const [name, sql, oracle] of SAME) {
  test(`returns only ana's view: ${name}`, () => sameAsOracle(sql, oracle));
}

test('returns only ana’s view: EXPLAIN ANALYZE runs the rewritten query', async () => {
  const { enforced, result } = await asAna('EXPLAIN ANALYZE SELECT email FROM churn.customers');
  assert.match(enforced.sql, /^EXPLAIN ANALYZE SELECT email FROM \(SELECT id, CASE WHEN/);
  assert.equal(result.rows.length, 1);
});

test('returns only ana’s view: DESCRIBE lists the view’s columns', async () => {
  const { result } = await asAna('DESCRIBE churn.customers');
  assert.deepEqual(
    result.rows.map((r) => r.column_name),
    ['id', 'region', 'email', 'plan', 'spend'],
  );
});

/** Statements that must be refused, and what the refusal names. */
const DENIED: [string, () => string, string?][] = [
  ['a column no filter grants', () => 'SELECT ssn FROM churn.customers', 'ssn'],
  ['a hidden column, qualified', () => 'SELECT c.ssn FROM churn.customers c', 'ssn'],
  ['a hidden column, quoted and upper case', () => 'SELECT "SSN" FROM churn.customers', 'ssn'],
  ['a hidden column in WHERE', () => "SELECT count(*) FROM churn.customers WHERE ssn = 's4'", 'ssn'],
  ['a hidden column in a window', () => 'SELECT id, row_number() OVER (PARTITION BY ssn) FROM churn.customers', 'ssn'],
  [
    'a hidden column in a correlated subquery',
    () => 'SELECT o.id, (SELECT c.ssn FROM churn.customers c WHERE c.id = o.customer_id) FROM churn.orders o',
    'ssn',
  ],
  ['a hidden column in a struct', () => 'SELECT struct_pack(a := ssn) FROM churn.customers', 'ssn'],
  ['a hidden column in UNION', () => 'SELECT id, email FROM churn.customers UNION SELECT id, ssn FROM churn.customers', 'ssn'],
  ['a hidden column through a CTE (binder backstop)', () => 'WITH x AS (SELECT * FROM churn.customers) SELECT ssn FROM x', 'ssn'],
  ['a table with no grant', () => 'SELECT * FROM churn.secrets', 'churn.secrets'],
  ['an uncatalogued table holding the raw rows', () => 'SELECT * FROM main.raw_copy', 'raw_copy'],
  ['a look-alike (Cyrillic с) holding the raw rows', () => 'SELECT * FROM churn.сustomers', 'сustomers'],
  ['a quoted look-alike', () => 'SELECT * FROM churn."сustomers"', 'сustomers'],
  ['a look-alike (long s)', () => 'SELECT * FROM churn.cuſtomers', 'cuſtomers'],
  ['a full-width look-alike', () => 'SELECT * FROM churn.ｃｕｓｔｏｍｅｒｓ'],
  ['a unicode escape', () => 'SELECT * FROM churn.U&"cust\\006Fmers"', 'U&'],
  [
    'an unqualified name that is not a CTE in scope',
    () => 'SELECT * FROM (WITH customers AS (SELECT 1) SELECT 1), customers',
    'customers',
  ],
  ['a CTE’s own name inside its body', () => 'WITH raw_copy AS (SELECT * FROM raw_copy) SELECT * FROM raw_copy', 'raw_copy'],
  [
    'a recursive CTE’s own name in its anchor',
    () => 'WITH RECURSIVE raw_copy AS (SELECT * FROM raw_copy UNION SELECT * FROM raw_copy) SELECT * FROM raw_copy',
    'raw_copy',
  ],
  ['INSERT … ON CONFLICT', () => 'INSERT INTO churn.orders VALUES (10, 1, 1) ON CONFLICT DO NOTHING', 'CONFLICT'],
  [
    'information_schema beyond tables, columns and schemata',
    () => 'SELECT * FROM information_schema.views',
    'information_schema',
  ],
  ['SHOW DATABASES', () => 'SHOW DATABASES', 'SHOW'],
  ['pg_catalog', () => 'SELECT * FROM pg_catalog.pg_tables', 'pg_catalog'],
  ['duckdb_tables()', () => 'SELECT * FROM duckdb_tables()', 'duckdb_tables'],
  ['duckdb_columns view', () => 'SELECT * FROM duckdb_columns', 'duckdb_columns'],
  ['system schema', () => 'SELECT * FROM system.main.duckdb_tables', 'duckdb_tables'],
  ['read_csv on the table’s own file', () => `SELECT * FROM read_csv('${csv}')`, 'read_csv'],
  ['read_csv_auto as a scalar subquery', () => `SELECT (SELECT count(*) FROM read_csv_auto('${csv}'))`, 'read_csv_auto'],
  ['the file as a table', () => `SELECT * FROM '${csv}'`, csv],
  ['an E-string as a table', () => "SELECT * FROM e'churn.customers'"],
  ['query()', () => "SELECT * FROM query('SELECT * FROM churn.customers')", 'query'],
  ['query_table()', () => "SELECT * FROM query_table('churn.customers')", 'query_table'],
  ['glob()', () => `SELECT * FROM glob('${dir}/*')`, 'glob'],
  ['pragma_table_info()', () => "SELECT * FROM pragma_table_info('churn.customers')", 'pragma_table_info'],
  ['range(), another table function', () => 'SELECT * FROM range(3)', 'range'],
  ['getenv()', () => "SELECT getenv('HOME')", 'getenv'],
  ['ATTACH', () => `ATTACH '${join(dir, 'warehouse', 'godwit.duckdb')}' AS raw (READ_ONLY)`, 'ATTACH'],
  ['DETACH', () => 'DETACH godwit', 'DETACH'],
  ['USE', () => 'USE churn', 'USE'],
  ['PRAGMA', () => "PRAGMA table_info('churn.customers')", 'PRAGMA'],
  ['SET search_path', () => "SET search_path = 'churn'", 'SET'],
  ['RESET', () => 'RESET search_path', 'RESET'],
  ['INSTALL', () => 'INSTALL httpfs', 'INSTALL'],
  ['LOAD', () => 'LOAD httpfs', 'LOAD'],
  ['CALL', () => 'CALL pragma_version()', 'CALL'],
  ['EXPORT DATABASE', () => `EXPORT DATABASE '${join(dir, 'export')}'`, 'EXPORT'],
  ['IMPORT DATABASE', () => `IMPORT DATABASE '${join(dir, 'export')}'`, 'IMPORT'],
  ['COPY a table to a file', () => `COPY churn.customers TO '${join(dir, 'out.csv')}'`, 'COPY'],
  ['COPY a query to a file', () => `COPY (SELECT * FROM churn.customers) TO '${join(dir, 'out2.csv')}'`, 'COPY'],
  ['COPY from a file', () => `COPY churn.orders FROM '${csv}'`, 'COPY'],
  ['a second statement that is refused', () => "SELECT * FROM churn.customers; ATTACH 'x.db' AS x", 'ATTACH'],
  ['a second statement reading a hidden column', () => 'SELECT 1; SELECT ssn FROM churn.customers', 'ssn'],
  ['CREATE MACRO over the table', () => 'CREATE MACRO m() AS TABLE SELECT * FROM churn.customers', 'MACRO'],
  ['CREATE FUNCTION', () => 'CREATE FUNCTION f(x) AS x + 1', 'FUNCTION'],
  [
    'a foreign key probing the table’s rows',
    () => 'CREATE TABLE churn.probe (id INTEGER REFERENCES churn.customers (id))',
    'REFERENCES',
  ],
  ['CTAS of a hidden column', () => 'CREATE TABLE churn.leak AS SELECT ssn FROM churn.customers', 'ssn'],
  ['CTAS into a database without CREATE_TABLE', () => 'CREATE TABLE main.leak AS SELECT * FROM churn.customers', 'CREATE_TABLE'],
  ['PREPARE', () => 'PREPARE p AS SELECT * FROM churn.customers', 'PREPARE'],
  ['UPDATE', () => "UPDATE churn.customers SET region = 'EU'", 'UPDATE'],
  ['DELETE', () => "DELETE FROM churn.customers WHERE ssn = 's1'", 'DELETE'],
  ['a backslash that does not escape the quote', () => "SELECT 'a\\', * FROM main.raw_copy", 'raw_copy'],
  ['a relation after an E-string with an escaped quote', () => "SELECT E'\\'', * FROM main.raw_copy", 'raw_copy'],
  ['a relation after a tagged dollar string', () => 'SELECT $a$b$ x $a$, * FROM main.raw_copy', 'raw_copy'],
  ['a relation after a line comment', () => 'SELECT * FROM churn.customers--\n, main.raw_copy', 'raw_copy'],
  ['a comma join hidden by comments', () => 'SELECT/**/*/**/FROM/**/churn.customers/**/,/**/main.raw_copy', 'raw_copy'],
  ['EXISTS over SUMMARIZE of an uncatalogued table', () => 'SELECT EXISTS (SUMMARIZE main.raw_copy)', 'raw_copy'],
  ['a join to an uncatalogued table', () => 'SELECT * FROM churn.customers JOIN main.raw_copy USING (id)', 'raw_copy'],
  ['SUMMARIZE of an uncatalogued table as a subquery', () => 'SELECT * FROM (SUMMARIZE main.raw_copy)', 'raw_copy'],
  ['a prefix alias (DuckDB’s `FROM a: t`)', () => 'FROM a: churn.customers SELECT a.id'],
  ['EXPLAIN ANALYZE of a hidden column', () => 'EXPLAIN ANALYZE SELECT ssn FROM churn.customers', 'ssn'],
];

for (const [name, sql, names] of DENIED) {
  test(`refused: ${name}`, () => denied(sql(), names));
}

test('CTAS copies only the view', async () => {
  await asAna('CREATE TABLE churn.copy AS SELECT * FROM churn.customers');
  const copied = await wh.query('SELECT * FROM churn.copy');
  assert.deepEqual(json(copied.rows), json((await wh.query('SELECT * FROM oracle.customers')).rows));
});

test('a view created by ana stores the rewritten text: read later by anyone, it holds only the view', async () => {
  await asAna('CREATE VIEW churn.v AS SELECT * FROM churn.customers');
  const read = await wh.query('SELECT * FROM churn.v');
  assert.deepEqual(json(read.rows), json((await wh.query('SELECT * FROM oracle.customers')).rows));
});

// ── The same view over an external table (docs/governance-design.md, "External tables over
// locations"): lake.customers is the worked example's raw rows as two CSV objects under a
// file:// location, read through Godwit's store; ana holds the same two filters on it. Its
// rewritten text names read_csv over the objects, but ana can neither name them herself nor widen
// the view the rewriter builds over them.

const lakeDir = () => join(dir, 'lake', 'customers');
let lakeCustomers: CatalogTable;
let lakeCatalog: GovernanceCatalog;

before(async () => {
  mkdirSync(lakeDir(), { recursive: true });
  const line = (r: Raw) => COLUMNS.map((c) => r[c]).join(',');
  writeFileSync(join(lakeDir(), 'part-1.csv'), `${COLUMNS.join(',')}\n${RAW.slice(0, 2).map(line).join('\n')}\n`);
  writeFileSync(join(lakeDir(), 'part-2.csv'), `${COLUMNS.join(',')}\n${RAW.slice(2).map(line).join('\n')}\n`);
  writeFileSync(join(lakeDir(), '_SUCCESS'), '');
  lakeCustomers = { ...customers, database: 'lake', location: { uri: `${toFileUri(lakeDir())}/`, format: 'csv' } };
  lakeCatalog = {
    ...catalog,
    listDatabases: async () => [{ name: 'churn' }, { name: 'lake' }],
    listTables: async (d: string) => (d === 'lake' ? [lakeCustomers] : catalog.listTables(d)),
    getTable: async (d: string, n: string) =>
      d === 'lake' ? (n === 'customers' ? lakeCustomers : undefined) : catalog.getTable(d, n),
    viewOf: async (caller: Caller, d: string, n: string): Promise<TableView> => {
      if (d !== 'lake') return catalog.viewOf(caller, d, n);
      const view = await catalog.viewOf(caller, 'churn', 'customers');
      return view.kind === 'filtered' ? { ...view, table: lakeCustomers } : view;
    },
  } as GovernanceCatalog;
});

async function asAnaOverObjects(sql: string) {
  const reads = new ExternalReads((uri: string) => objectIn(uri));
  try {
    const enforced = await enforce(sql, 'duckdb', ana, lakeCatalog, {
      warehouseCatalog: 'godwit',
      externalRelation: (t) => reads.relation(t),
    });
    try {
      return { enforced, result: await wh.query(enforced.sql) };
    } catch (err) {
      throw deniedColumn(err, enforced);
    }
  } finally {
    await reads.close();
  }
}

const SAME_EXTERNAL: [string, string, string?][] = [
  ['plain', 'SELECT * FROM lake.customers'],
  ['quoted, other case', 'SELECT * FROM "LAKE"."Customers"', 'SELECT * FROM oracle.customers'],
  ['catalog-qualified', 'SELECT * FROM godwit.lake.customers', 'SELECT * FROM oracle.customers'],
  ['alias and WHERE true OR …', 'SELECT c.* FROM lake.customers c WHERE true OR c.id IS NULL'],
  ['star in nested subqueries', 'SELECT * FROM (SELECT * FROM (SELECT * FROM lake.customers) s) t'],
  [
    'UNION of two reads',
    "SELECT id, email FROM lake.customers WHERE region = 'US' UNION ALL SELECT id, email FROM lake.customers",
  ],
  [
    'joined to a warehouse table',
    'SELECT c.id, c.email, o.amount FROM lake.customers c JOIN churn.orders o ON c.id = o.customer_id',
  ],
  ['CTE named like the table', 'WITH customers AS (SELECT * FROM lake.customers) SELECT * FROM customers'],
  ['FROM-first', 'FROM lake.customers SELECT id, email'],
  ['TABLE t', 'TABLE lake.customers'],
  ['aggregate', 'SELECT count(*) AS n, count(email) AS e, sum(spend) AS s FROM lake.customers'],
  ['DESCRIBE as a subquery', 'SELECT column_name FROM (DESCRIBE lake.customers)'],
];

for (const [name, sql, oracle] of SAME_EXTERNAL) {
  test(`over an external table, returns only ana's view: ${name}`, async () => {
    const { result } = await asAnaOverObjects(sql);
    const expected = await wh.query(oracle ?? sql.replace(/lake\./gi, 'oracle.'));
    assert.deepEqual(
      result.columns.map((c) => c.name),
      expected.columns.map((c) => c.name),
    );
    assert.deepEqual(json(result.rows), json(expected.rows));
  });
}

const DENIED_EXTERNAL: [string, () => string, string?][] = [
  ['a column no filter grants', () => 'SELECT ssn FROM lake.customers', 'ssn'],
  ['a hidden column through a CTE (binder backstop)', () => 'WITH x AS (SELECT * FROM lake.customers) SELECT ssn FROM x', 'ssn'],
  ['read_csv on one of its objects', () => `SELECT * FROM read_csv('${join(lakeDir(), 'part-1.csv')}')`, 'read_csv'],
  ['read_csv over its whole prefix', () => `SELECT * FROM read_csv('${lakeDir()}/*.csv')`, 'read_csv'],
  ['read_csv as a scalar subquery', () => `SELECT (SELECT max(ssn) FROM read_csv_auto('${lakeDir()}/*.csv'))`, 'read_csv_auto'],
  ['an object as a table', () => `SELECT * FROM '${join(lakeDir(), 'part-2.csv')}'`, 'part-2.csv'],
  ['glob() over its location', () => `SELECT * FROM glob('${lakeDir()}/*')`, 'glob'],
  ['query_table() of it', () => "SELECT * FROM query_table('lake.customers')", 'query_table'],
  ['a look-alike of it (Cyrillic с)', () => 'SELECT * FROM lake.сustomers', 'сustomers'],
  ['INSERT into it without INSERT', () => 'INSERT INTO lake.customers SELECT * FROM lake.customers', 'INSERT'],
];

for (const [name, sql, names] of DENIED_EXTERNAL) {
  test(`over an external table, refused: ${name}`, () =>
    assert.rejects(asAnaOverObjects(sql()), (err: unknown) => {
      assert.ok(err instanceof GodwitError, String(err));
      assert.equal(err.code, 'E_ACCESS_DENIED', err.message);
      if (names) assert.ok(err.message.includes(names), `${err.message} should name ${names}`);
      return true;
    }));
}

test('over an external table, an object written after the first read is in the next read (never stale)', async () => {
  const before = (await asAnaOverObjects('SELECT count(*) AS n FROM lake.customers')).result.rows[0].n;
  writeFileSync(join(lakeDir(), 'part-3.csv'), `${COLUMNS.join(',')}\n5,EU,e@x,vip,99,s5\n`);
  try {
    const after = await asAnaOverObjects('SELECT id, email FROM lake.customers WHERE id = 5');
    assert.equal(Number(before), 3);
    assert.deepEqual(json(after.result.rows), json([{ id: 5, email: 'e@x' }]));
  } finally {
    rmSync(join(lakeDir(), 'part-3.csv'));
  }
});

test('information_schema.tables lists only the tables ana may describe (no secrets, no look-alike, no uncatalogued copy)', async () => {
  const { result } = await asAna('SELECT table_catalog, table_schema, table_name, table_type FROM information_schema.tables');
  assert.deepEqual(result.rows.map((r) => `${r.table_catalog}.${r.table_schema}.${r.table_name} ${r.table_type}`).sort(), [
    'godwit.churn.customers BASE TABLE',
    'godwit.churn.orders BASE TABLE',
  ]);
  const qualified = await asAna("SELECT count(*) AS n FROM godwit.information_schema.tables WHERE table_name = 'secrets'");
  assert.equal(Number(qualified.result.rows[0].n), 0);
});

test('information_schema.columns lists only the columns of ana’s view', async () => {
  const { result } = await asAna(
    "SELECT column_name, ordinal_position, data_type FROM information_schema.columns c WHERE c.table_name = 'customers' ORDER BY ordinal_position",
  );
  assert.deepEqual(
    result.rows.map((r) => [r.column_name, r.ordinal_position, r.data_type]),
    [
      ['id', 1, 'INTEGER'],
      ['region', 2, 'VARCHAR'],
      ['email', 3, 'VARCHAR'],
      ['plan', 4, 'VARCHAR'],
      ['spend', 5, 'INTEGER'],
    ],
  );
  const ssn = await asAna("SELECT count(*) AS n FROM information_schema.columns WHERE column_name = 'ssn'");
  assert.equal(Number(ssn.result.rows[0].n), 0);
});

test('information_schema.schemata lists the databases ana may describe', async () => {
  const { result } = await asAna('SELECT schema_name FROM information_schema.schemata');
  assert.deepEqual(
    result.rows.map((r) => r.schema_name),
    ['churn'],
  );
});

test('SHOW ALL TABLES and DESCRIBE are answered from the catalog; SHOW TABLES lists the main schema’s', async () => {
  for (const sql of ['SHOW ALL TABLES', 'DESCRIBE']) {
    const { result } = await asAna(sql);
    assert.deepEqual(
      result.columns.map((c) => c.name),
      ['database', 'schema', 'name', 'column_names', 'column_types', 'temporary'],
    );
    assert.deepEqual(
      result.rows.map((r) => [r.schema, r.name, r.column_names]),
      [
        ['churn', 'customers', ['id', 'region', 'email', 'plan', 'spend']],
        ['churn', 'orders', ['id', 'customer_id', 'amount']],
      ],
    );
  }
  const { result } = await asAna('SHOW TABLES');
  assert.deepEqual(result.rows, []);
});
