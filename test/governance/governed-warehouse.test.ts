/**
 * One rewriter for the three SQL dialects: BigQuery and Redshift SQL reach the DuckDB engine
 * translated, and the governed engine enforces the translation, so ana sees her view of the
 * worked example through each dialect, and UNLOAD / EXPORT DATA / CTAS write only her view.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { toFileUri } from '../../src/core/uri.js';
import type { Decision } from '../../src/governance/enforce/enforce.js';
import { governedWarehouse } from '../../src/governance/enforce/governed-warehouse.js';
import { objectIn } from '../../src/store/index.js';
import { dialectWarehouse } from '../../src/warehouse/dialect/dialect-warehouse.js';
import { createWarehouse } from '../../src/warehouse/duckdb/duckdb-warehouse.js';
import { openWarehouse } from '../../src/warehouse/index.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { scratchDir } from '../helpers/scratch.js';
import { ana, catalog, loadWorkedExample } from './worked-example.js';

let home: string;
let engine: Warehouse;
let governed: Warehouse;
const recorded: Decision[] = [];

before(async () => {
  home = scratchDir('godwit-governed-');
  engine = createWarehouse('offline', { type: 'duckdb' }, { home, stores: (uri) => objectIn(uri) });
  await loadWorkedExample(engine, home);
  governed = governedWarehouse(engine, ana, catalog, {
    warehouseCatalog: 'godwit',
    via: 'test',
    record: async (d) => {
      recorded.push(...d);
    },
  });
});
after(() => engine.close());

const json = (rows: readonly Record<string, unknown>[]) =>
  rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
const oracle = async () => json((await engine.query('SELECT * FROM oracle.customers ORDER BY id')).rows);
const out = (name: string) => join(home, 'out', name);
const csvLines = (dir: string) =>
  readdirSync(dir)
    .filter((f) => !f.startsWith('.') && f !== 'manifest')
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'));

test('the local caller gets the engine itself', () => {
  assert.equal(governedWarehouse(engine, { kind: 'local', user: 'me' }, catalog), engine);
});

test('DuckDB SQL: ana sees her view; its decisions are recorded', async () => {
  recorded.length = 0;
  assert.deepEqual(json((await governed.query('SELECT * FROM churn.customers ORDER BY id')).rows), await oracle());
  assert.deepEqual(
    recorded.map((d) => [d.resource, d.decision, d.detail, d.via]),
    [['churn.customers', 'allowed', 'filter eu_no_pii, filter vip_contact', 'test']],
  );
});

test('stream and execute are enforced too', async () => {
  const rows = [];
  for await (const batch of governed.stream('SELECT * FROM churn.customers ORDER BY id')) rows.push(...batch.rows);
  assert.deepEqual(json(rows), await oracle());
  await assert.rejects(governed.execute('ATTACH ":memory:" AS x'), { code: 'E_ACCESS_DENIED' });
});

test('a refusal is recorded as denied, and the binder backstop names the column', async () => {
  recorded.length = 0;
  await assert.rejects(governed.query("SELECT * FROM read_csv('x.csv')"), { code: 'E_ACCESS_DENIED' });
  assert.equal(recorded.at(-1)?.decision, 'denied');
  await assert.rejects(governed.query('WITH x AS (FROM churn.customers) SELECT ssn FROM x'), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'E_ACCESS_DENIED');
    assert.match(err.message, /"ssn" of churn\.customers/);
    return true;
  });
});

test('BigQuery SQL is enforced on its DuckDB translation', async () => {
  const bq = dialectWarehouse(governed, 'bigquery');
  assert.deepEqual(json((await bq.query('SELECT * FROM `churn.customers` ORDER BY id')).rows), await oracle());
  await assert.rejects(bq.query('SELECT IFNULL(ssn, "?") AS s FROM churn.customers'), { code: 'E_ACCESS_DENIED' });
});

test('Redshift SQL is enforced on its DuckDB translation', async () => {
  const rs = dialectWarehouse(governed, 'redshift');
  assert.deepEqual(json((await rs.query('SELECT * FROM churn.customers ORDER BY id')).rows), await oracle());
  await assert.rejects(rs.query('SELECT NVL(ssn, email) FROM churn.customers'), { code: 'E_ACCESS_DENIED' });
});

test('Redshift UNLOAD writes only the view', async () => {
  const rs = dialectWarehouse(governed, 'redshift');
  await rs.execute(
    `UNLOAD ('select * from churn.customers order by id') TO '${toFileUri(out('rs'))}/' IAM_ROLE default FORMAT AS CSV HEADER PARALLEL OFF`,
  );
  assert.deepEqual(csvLines(out('rs')), ['id,region,email,plan,spend', '1,EU,,basic,10', '2,,b@x,,', '3,EU,c@x,vip,70']);
  await assert.rejects(
    rs.execute(`UNLOAD ('select ssn from churn.customers') TO '${toFileUri(out('rs2'))}/' IAM_ROLE default FORMAT AS CSV`),
    { code: 'E_ACCESS_DENIED' },
  );
});

test('BigQuery EXPORT DATA writes only the view', async () => {
  const bq = dialectWarehouse(governed, 'bigquery');
  await bq.execute(
    `EXPORT DATA OPTIONS (uri = '${toFileUri(out('bq'))}/*.csv', format = 'CSV', header = true) AS SELECT * FROM churn.customers ORDER BY id`,
  );
  assert.deepEqual(csvLines(out('bq')), ['id,region,email,plan,spend', '1,EU,,basic,10', '2,,b@x,,', '3,EU,c@x,vip,70']);
});

test('CTAS and materialized views copy only the view, and need CREATE_TABLE', async () => {
  await governed.createTableAs({ schema: 'churn', name: 'mine' }, 'SELECT * FROM churn.customers');
  assert.deepEqual(json((await engine.query('SELECT * FROM churn.mine ORDER BY id')).rows), await oracle());
  await governed.createMaterializedView({ schema: 'churn', name: 'mv' }, 'SELECT * FROM churn.customers');
  await governed.refreshMaterializedView({ schema: 'churn', name: 'mv' });
  assert.deepEqual(json((await engine.query('SELECT * FROM churn.mv ORDER BY id')).rows), await oracle());
  await assert.rejects(governed.createTableAs({ schema: 'main', name: 'leak' }, 'SELECT * FROM churn.customers'), {
    code: 'E_ACCESS_DENIED',
  });
});

test('loading files is refused for a principal', async () => {
  await assert.rejects(
    governed.copyFrom({ schema: 'churn', name: 'orders' }, { uri: toFileUri(join(home, 'customers.csv')), format: 'csv' }),
    {
      code: 'E_ACCESS_DENIED',
    },
  );
});

test('BigQuery ML: CREATE MODEL trains on the view, ML.PREDICT scores only the view’s rows', async () => {
  const bq = dialectWarehouse(governed, 'bigquery');
  await bq.execute(
    "CREATE MODEL churn.spend_model OPTIONS (model_type = 'linear_reg', input_label_cols = ['spend']) AS SELECT id, spend FROM churn.customers WHERE spend IS NOT NULL",
  );
  const { rows } = await bq.query(
    'SELECT id, predicted_spend FROM ML.PREDICT(MODEL churn.spend_model, (SELECT id FROM churn.customers)) ORDER BY id',
  );
  assert.deepEqual(
    rows.map((r) => r.id),
    [1, 2, 3],
  );
  await assert.rejects(bq.query('SELECT * FROM ML.PREDICT(MODEL churn.spend_model, (SELECT id, ssn FROM churn.customers))'), {
    code: 'E_ACCESS_DENIED',
  });
  await assert.rejects(
    bq.execute(
      "CREATE MODEL churn.leak OPTIONS (model_type = 'linear_reg', input_label_cols = ['spend']) AS SELECT ssn, spend FROM churn.customers",
    ),
    { code: 'E_ACCESS_DENIED' },
  );
});

test('openWarehouse({ govern }) wraps the engine under the dialect front end; the DuckDB database name comes from the file', async () => {
  const wh = await openWarehouse(
    'offline',
    { type: 'duckdb' },
    { home, stores: (uri) => objectIn(uri) },
    { dialect: 'redshift', govern: (e) => governedWarehouse(e, ana, catalog) },
  );
  try {
    assert.deepEqual(json((await wh.query('SELECT * FROM godwit.churn.customers ORDER BY id')).rows), await oracle());
    await assert.rejects(wh.query('SELECT ssn FROM churn.customers'), { code: 'E_ACCESS_DENIED' });
  } finally {
    await wh.close();
  }
});

test('INSERT … SELECT needs INSERT on the target and copies only the view', async () => {
  await governed.execute('INSERT INTO churn.orders SELECT id + 100, id, spend FROM churn.customers WHERE spend IS NOT NULL');
  const { rows } = await engine.query('SELECT id, amount FROM churn.orders WHERE id > 100 ORDER BY id');
  assert.deepEqual(
    json(rows),
    json([
      { id: 101, amount: 10 },
      { id: 103, amount: 70 },
    ]),
  );
  await assert.rejects(
    governed.execute('INSERT INTO churn.secrets SELECT email FROM churn.customers'),
    (err: Error & { code?: string }) => {
      assert.equal(err.code, 'E_ACCESS_DENIED');
      assert.match(err.message, /INSERT on table churn\.secrets/);
      return true;
    },
  );
  await assert.rejects(governed.execute('DROP TABLE churn.orders'), { code: 'E_ACCESS_DENIED' });
});
