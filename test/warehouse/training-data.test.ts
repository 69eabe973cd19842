import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { toFileUri } from '../../src/core/uri.js';
import { openWarehouse, prepareTrainingData } from '../../src/index.js';
import { objectIn } from '../../src/store/index.js';
import { scratchDir } from '../helpers/scratch.js';

const stores = (uri: string) => objectIn(uri);

async function features() {
  const home = scratchDir('godwit-training-');
  const wh = await openWarehouse('t', { type: 'duckdb' }, { home, stores });
  await wh.execute(
    "create table features as select i as id, i % 7 as x, case when i % 3 = 0 then 'yes' else 'no, \"maybe\"' end as label from range(2500) t(i)",
  );
  return { wh, prefix: (name: string) => `${toFileUri(join(home, 'stage', name))}/` };
}

test('auto uploads a small result from the client, returns its rows, and says why', async () => {
  const { wh, prefix } = await features();
  const staged = await prepareTrainingData(wh, {
    select: 'select * from features where id < $n order by id',
    params: { n: 40 },
    stageTo: prefix('small'),
  });
  assert.equal(staged.mode, 'client');
  assert.match(staged.reason, /^40 rows ≤ 100000/);
  assert.equal(staged.rows?.length, 40);
  assert.deepEqual(staged.rows?.[3], { id: 3, x: 3, label: 'yes' });
  assert.equal(staged.files.length, 1);
  const text = await readFile(fileURLToPath(staged.files[0].uri), 'utf8');
  assert.equal(text.split('\n')[0], 'id,x,label');
  assert.equal(text.split('\n')[2], '1,1,"no, ""maybe"""');
  assert.equal(staged.cost.query?.rows, 40);
  assert.equal(staged.cost.stage.bytesWritten, Buffer.byteLength(text));
  // What the client wrote reads back through COPY as the same rows.
  await wh.execute('create table back (id bigint, x bigint, label varchar)');
  await wh.copyFrom({ name: 'back' }, { uri: staged.files[0].uri, format: 'csv' });
  assert.deepEqual((await wh.query('select * from back order by id')).rows, staged.rows);
  await wh.close();
});

test('auto unloads a result larger than clientMaxRows, without returning rows unless asked', async () => {
  const { wh, prefix } = await features();
  const staged = await prepareTrainingData(wh, {
    select: 'select * from features',
    stageTo: prefix('big'),
    clientMaxRows: 1000,
    format: 'jsonl',
  });
  assert.equal(staged.mode, 'unload');
  assert.match(staged.reason, /more than 1000 rows/);
  assert.equal(staged.rows, undefined);
  assert.equal(staged.cost.stage.rows, 2500);
  const lines = (await Promise.all(staged.files.map((f) => readFile(fileURLToPath(f.uri), 'utf8')))).join('').trim().split('\n');
  assert.equal(lines.length, 2500);
  const asked = await prepareTrainingData(wh, {
    select: 'select * from features',
    stageTo: prefix('parquet'),
    format: 'parquet',
    returnRows: true,
  });
  assert.equal(asked.mode, 'unload');
  assert.match(asked.reason, /Parquet/);
  assert.equal(asked.rows?.length, 2500);
  assert.ok(asked.files.every((f) => f.uri.endsWith('.parquet')));
  await wh.close();
});

test('client mode refuses Parquet; a non-empty stage prefix is refused before the query runs', async () => {
  const { wh, prefix } = await features();
  await assert.rejects(prepareTrainingData(wh, { select: 'select 1', stageTo: prefix('p'), format: 'parquet', mode: 'client' }), {
    code: 'E_DATA_FORMAT',
  });
  await prepareTrainingData(wh, { select: 'select 1 as one', stageTo: prefix('taken') });
  await assert.rejects(prepareTrainingData(wh, { select: 'select 1 as one', stageTo: prefix('taken') }), {
    code: 'E_UNLOAD_NOT_EMPTY',
  });
  const again = await prepareTrainingData(wh, {
    select: 'select 2 as two',
    stageTo: prefix('taken'),
    allowOverwrite: true,
    mode: 'client',
  });
  assert.deepEqual(again.rows, [{ two: 2 }]);
  await wh.close();
});
