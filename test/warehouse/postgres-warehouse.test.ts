import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { warehouseFor } from '../../src/warehouse/index.js';
import { createWarehouse } from '../../src/warehouse/postgres/postgres-warehouse.js';
import { ansiDialect, warehouseContract } from '../../src/warehouse/warehouse.contract.js';
import { POSTGRES_SKIP, POSTGRES_URL } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';
import { fileDatabase, postgresFixture } from './postgres-fixture.js';

if (POSTGRES_URL) warehouseContract('postgres', () => postgresFixture('postgres', createWarehouse), ansiDialect(':'));

const stores = () => Promise.reject(new Error('no store in this test'));

describe('PostgreSQL warehouse: errors and PostgreSQL specifics', { skip: POSTGRES_SKIP }, () => {
  test('an unreachable server is E_WAREHOUSE_UNREACHABLE naming host:port, never the password', async () => {
    const wh = createWarehouse(
      'far',
      { type: 'postgres', url: 'postgres://etl:s3cret-pw@127.0.0.1:1/db' },
      { home: scratchDir('pgwh-'), stores },
    );
    await assert.rejects(wh.query('select 1'), (err: Error & { code?: string; hint?: string }) => {
      assert.equal(err.code, 'E_WAREHOUSE_UNREACHABLE');
      assert.match(err.message, /127\.0\.0\.1:1/);
      assert.doesNotMatch(`${err.message} ${err.hint}`, /s3cret-pw/);
      return true;
    });
    await wh.close();
  });

  test('a login the server refuses is E_WAREHOUSE_AUTH, and the password is not shown', async () => {
    const url = new URL(await fileDatabase());
    const admin = createWarehouse('admin', { type: 'postgres', url: url.toString() }, { home: scratchDir('pgwh-'), stores });
    const role = `r_${Date.now()}`;
    // The test server trusts local logins, so a password is never checked (28P01); a role that may
    // not log in is refused by the same authentication step (28000), which maps to the same code.
    await admin.execute(`create role ${role} nologin password 'right-pw'`);
    await admin.close();
    url.username = role;
    url.password = 'wrong-pw-123';
    const wh = createWarehouse('auth', { type: 'postgres', url: url.toString() }, { home: scratchDir('pgwh-'), stores });
    await assert.rejects(wh.query('select 1'), (err: Error & { code?: string; hint?: string }) => {
      assert.equal(err.code, 'E_WAREHOUSE_AUTH');
      assert.match(err.message, /warehouse "auth"/);
      assert.doesNotMatch(`${err.message} ${err.hint}`, /wrong-pw-123/);
      return true;
    });
    await wh.close();
  });

  test('a syntax error is E_SQL with its line and column', async () => {
    const wh = createWarehouse('syntax', { type: 'postgres', url: await fileDatabase() }, { home: scratchDir('pgwh-'), stores });
    await assert.rejects(wh.query('select 1,\n  from t'), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'E_SQL');
      assert.match(err.message, /line 2, column 3 \(near "from"\)/);
      return true;
    });
    await wh.close();
  });

  test(':name inside strings, quoted names, comments, dollar quotes and ::casts is not a parameter', async () => {
    const wh = createWarehouse('params', { type: 'postgres', url: await fileDatabase() }, { home: scratchDir('pgwh-'), stores });
    const sql = `select ':a' as s, 1::text as "x:a", $$ :a $$ as d, E'\\':a' as e, 'C:\\' as path, :a as a -- :a\n`;
    const { rows } = await wh.query(sql, { a: 'bound' });
    assert.deepEqual(rows, [{ s: ':a', 'x:a': '1', d: ' :a ', e: "':a", path: 'C:\\', a: 'bound' }]);
    await wh.close();
  });

  test('warehouseFor opens a configured postgres warehouse, and a Redshift one on PostgreSQL', async () => {
    const url = await fileDatabase();
    const config = {
      home: scratchDir('pgwh-'),
      warehouses: { pg: { type: 'postgres' as const, url }, rs: { type: 'redshift' as const, url } },
      s3: {},
      gcs: {},
    };
    const pg = await warehouseFor(config, 'pg');
    assert.equal(pg.type, 'postgres');
    assert.deepEqual((await pg.query('select :n + 1 as m', { n: 41 })).rows, [{ m: 42 }]);
    await pg.close();
    const rs = await warehouseFor(config, 'rs');
    assert.deepEqual([rs.type, rs.dialect], ['redshift', 'redshift']);
    await rs.close();
  });

  test('leaving a stream early closes its cursor and gives the connection back', async () => {
    const wh = createWarehouse('early', { type: 'postgres', url: await fileDatabase() }, { home: scratchDir('pgwh-'), stores });
    // More early exits than the pool has connections: each must have returned its own.
    for (let i = 0; i < 6; i++) {
      for await (const batch of wh.stream('select g from generate_series(1, 100000) g', {}, { batchRows: 10 })) {
        assert.equal(batch.rows.length, 10);
        break;
      }
    }
    // No session of this database is left inside the cursor's transaction.
    const { rows } = await wh.query(
      "select count(*) as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'",
    );
    assert.deepEqual(rows, [{ n: 0 }]);
    await wh.close();
  });

  test('a bad url is E_WAREHOUSE_CONFIG, shown without its password', () => {
    assert.throws(
      () => createWarehouse('bad', { type: 'postgres', url: 'mysql://u:pw-xyz@h/db' }, { home: scratchDir('pgwh-'), stores }),
      (err: Error & { code?: string }) => err.code === 'E_WAREHOUSE_CONFIG' && !err.message.includes('pw-xyz'),
    );
  });
});
