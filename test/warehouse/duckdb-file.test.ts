import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { objectIn } from '../../src/store/index.js';
import { openWarehouse, warehouseFor } from '../../src/warehouse/index.js';
import { scratchDir } from '../helpers/scratch.js';

const stores = (uri: string) => objectIn(uri);

/** A separate node process holding the DuckDB file open (as a pipeline step would) for `holdMs`. */
async function holdFile(path: string, holdMs: number) {
  const script = `const { DuckDBInstance } = await import('@duckdb/node-api');
    const i = await DuckDBInstance.create(${JSON.stringify(path)}); await i.connect();
    process.stdout.write('ready\\n'); setTimeout(() => process.exit(0), ${holdMs});`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const [first] = await Promise.race([once(child.stdout, 'data'), exited]);
  assert.equal(String(first).trim(), 'ready', 'the holding process could not open the file');
  return { pid: child.pid, kill: () => child.kill(), exited };
}

test('the default warehouse is one DuckDB file in the home, kept across opens', async () => {
  const home = scratchDir('godwit-whfile-');
  const wh = await warehouseFor({ home, warehouses: {}, s3: {}, gcs: {} });
  assert.equal(wh.name, 'default');
  assert.equal(wh.type, 'duckdb');
  await wh.execute('create table kept as select 42 as answer');
  await wh.close();
  assert.ok(existsSync(join(home, 'warehouse', 'godwit.duckdb')));
  const again = await warehouseFor({ home, warehouses: {}, s3: {}, gcs: {} });
  assert.deepEqual((await again.query('select answer from kept')).rows, [{ answer: 42 }]);
  await again.close();
});

test('warehouseFor resolves names and defaultWarehouse; an unknown name is E_CONFIG listing the names', async () => {
  const home = scratchDir('godwit-whfile-');
  const config = {
    home,
    s3: {},
    gcs: {},
    warehouses: { analytics: { type: 'duckdb' as const, url: 'analytics.duckdb' } },
    defaultWarehouse: 'analytics',
  };
  const wh = await warehouseFor(config);
  assert.equal(wh.name, 'analytics');
  await wh.execute('create table t (x integer)');
  await wh.close();
  assert.ok(existsSync(join(home, 'analytics.duckdb')));
  await assert.rejects(warehouseFor(config, 'analytic'), (err: Error & { code?: string; hint?: string }) => {
    assert.equal(err.code, 'E_CONFIG');
    assert.match(err.message, /"analytic".*Did you mean "analytics"/);
    assert.match(err.hint ?? '', /default, analytics/);
    return true;
  });
  await assert.rejects(openWarehouse('x', { type: 'oracle' as 'duckdb' }, { home, stores }), { code: 'E_CONFIG' });
});

test('a second process waits for the file, then gets E_WAREHOUSE_LOCKED naming the holder', async () => {
  const home = scratchDir('godwit-whlock-');
  const path = join(home, 'locked.duckdb');
  const holder = await holdFile(path, 60_000);
  try {
    const wh = await openWarehouse('busy', { type: 'duckdb', url: path, lockWaitMs: 300 }, { home, stores });
    await assert.rejects(wh.query('select 1'), (err: Error & { code?: string; hint?: string }) => {
      assert.equal(err.code, 'E_WAREHOUSE_LOCKED');
      assert.ok(err.message.includes(String(holder.pid)) && err.message.includes(path), err.message);
      assert.match(err.hint ?? '', /lockWaitMs/);
      return true;
    });
  } finally {
    holder.kill();
    await holder.exited;
  }
  const brief = await holdFile(path, 400);
  const patient = await openWarehouse('patient', { type: 'duckdb', url: path, lockWaitMs: 30_000 }, { home, stores });
  assert.deepEqual((await patient.query('select 1 as one')).rows, [{ one: 1 }], 'waits for a brief holder');
  await patient.close();
  await brief.exited;
});

test('tableVersion: a write whose target cannot be read changes every version; a user transaction commits with its bumps', async () => {
  const home = scratchDir('godwit-whver-');
  const wh = await openWarehouse('v', { type: 'duckdb' }, { home, stores });
  await wh.execute('create table a (x integer)');
  await wh.execute('create table b (x integer)');
  const [a1, b1] = [await wh.tableVersion({ name: 'a' }), await wh.tableVersion({ name: 'b' })];
  await wh.execute('insert into "A" values (1)');
  assert.notEqual(await wh.tableVersion({ name: 'a' }), a1, 'names match case-insensitively');
  assert.equal(await wh.tableVersion({ name: 'b' }), b1, 'a write to a leaves b');
  const a2 = await wh.tableVersion({ name: 'a' });
  await wh.execute('with v as (select 1 as x) insert into b select x from v');
  assert.notEqual(await wh.tableVersion({ name: 'b' }), b1);
  assert.notEqual(await wh.tableVersion({ name: 'a' }), a2, 'an unknown target changes every version');
  await wh.execute('begin transaction');
  await wh.execute('update a set x = 2');
  await wh.execute('rollback');
  assert.deepEqual((await wh.query('select x from a')).rows, [{ x: 1 }]);
  const before = await wh.tableVersion({ name: 'a' });
  await wh.execute('begin');
  await wh.execute('update a set x = 3');
  await wh.execute('commit');
  assert.notEqual(await wh.tableVersion({ name: 'a' }), before);
  await wh.close();
});
