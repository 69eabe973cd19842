/**
 * The rows an explainability run reads: CSV with and without a header (Clarify's `headers` and
 * `column_<i>` placeholders, the label left out), JSON Lines with a features list or named
 * fields, Parquet through DuckDB, a folder of files; malformed rows skipped with `<uri>:<line>`.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { GodwitError } from '../../../src/core/errors.js';
import { readExplainData } from '../../../src/monitor/explainability/explain-data.js';
import { duckdb } from '../../../src/warehouse/duckdb/duckdb-api.js';
import { scratchDir } from '../../helpers/scratch.js';

const dir = scratchDir('godwit-explain-data-');
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

test('CSV: a header names the features and the label is left out; a bad row is skipped with its line', async () => {
  const uri = file('h.csv', 'y,a,b\n1,0.5,2\n0,x,3\n1,1.5,\n');
  const { table, skipped } = await readExplainData({ kind: 'dataset', uri, format: 'csv', header: true }, { label: 'y' });
  assert.deepEqual(table.names, ['a', 'b']);
  assert.equal(table.rows, 2);
  assert.ok(Number.isNaN(table.data[3]), 'an empty field is a missing value');
  assert.deepEqual(skipped, [{ where: `file://${join(dir, 'h.csv')}:3`, reason: 'column "a" is "x", not a number' }]);
});

test("CSV without a header: Clarify's headers (label included) or column_<i>", async () => {
  const uri = file('n.csv', '1,2,3\n4,5,6\n');
  const named = await readExplainData(
    { kind: 'dataset', uri, format: 'csv' },
    { headers: ['p', 'q', 'target'], label: 'target' },
  );
  assert.deepEqual(named.table.names, ['p', 'q']);
  assert.deepEqual(Array.from(named.table.data), [1, 2, 4, 5]);
  const placeholders = await readExplainData({ kind: 'dataset', uri, format: 'csv' }, { label: 0 });
  assert.deepEqual(placeholders.table.names, ['column_1', 'column_2']);
});

test('JSON Lines: a features list, or named fields; a folder of files is read whole', async () => {
  mkdirSync(join(dir, 'jl'));
  writeFileSync(join(dir, 'jl', 'a.jsonl'), '{"features":[1,2],"label":0}\n{"features":[3,4],"label":1}\n');
  const list = await readExplainData({ kind: 'dataset', uri: join(dir, 'jl'), format: 'jsonl' }, { headers: ['u', 'v'] });
  assert.deepEqual(list.table.names, ['u', 'v']);
  assert.deepEqual(Array.from(list.table.data), [1, 2, 3, 4]);
  const uri = file('o.jsonl', '{"a":1,"b":2,"y":0}\n{"a":3,"b":null,"y":1}\n');
  const named = await readExplainData({ kind: 'dataset', uri, format: 'jsonl' }, { label: 'y' });
  assert.deepEqual(named.table.names, ['a', 'b']);
  assert.ok(Number.isNaN(named.table.data[3]));
});

test('Parquet through DuckDB', async () => {
  const path = join(dir, 'd.parquet');
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (SELECT range::DOUBLE AS a, (range * 2)::BIGINT AS b FROM range(3)) TO '${path}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
  const { table } = await readExplainData({ kind: 'dataset', uri: path, format: 'parquet' });
  assert.deepEqual(table.names, ['a', 'b']);
  assert.deepEqual(Array.from(table.data), [0, 0, 1, 2, 2, 4]);
});

test('no data set, or no numeric row in it, is E_EXPLAIN_DATASET', async () => {
  await assert.rejects(
    readExplainData({ kind: 'dataset', uri: join(dir, 'missing.csv'), format: 'csv' }),
    (err: GodwitError) => err.code === 'E_EXPLAIN_DATASET' && err.message.includes('missing.csv'),
  );
  await assert.rejects(
    readExplainData({ kind: 'dataset', uri: file('t.csv', 'a,b\nx,y\n'), format: 'csv', header: true }),
    (err: GodwitError) => err.code === 'E_EXPLAIN_DATASET' && /1 skipped/.test(err.message),
  );
});
