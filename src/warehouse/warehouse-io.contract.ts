/**
 * The COPY and UNLOAD half of the warehouse contract (`warehouse.contract.ts` runs it): loading
 * CSV, Parquet and JSON lines from one object or a prefix, atomically; unloading with parallel
 * files, a size limit and Redshift's manifest, refusing a non-empty prefix, publishing nothing
 * when it fails.
 */
import assert from 'node:assert/strict';
import type { ContractContext } from './warehouse.contract.js';
import { expectCode } from './warehouse.contract.js';

export function warehouseIoContract(ctx: ContractContext): void {
  const { dialect: d, current, ref, peopleTable, rowsOf } = ctx;
  const wh = () => current().warehouse;
  const uri = (key: string) => `${current().objects}${key}`;
  const put = async (key: string, text: string) => {
    const { store, key: k } = await current().stores(uri(key));
    await store.put(k, text);
  };
  const listed = async (prefix: string) => {
    const { store, key } = await current().stores(uri(prefix));
    return (await store.list(key)).map((o) => ({ uri: store.uri(o.key), key: o.key.slice(key.length), size: o.size }));
  };
  const read = async (objectUri: string) => {
    const { store, key } = await current().stores(objectUri);
    return (await store.get(key)).toString('utf8');
  };

  ctx.test('COPY CSV with a header into an existing table, with cost', async () => {
    const t = await peopleTable('people', [[1, 'kept']]);
    await put('people.csv', 'id,name\n2,"Smith, Jo"\n3,\n');
    const cost = await wh().copyFrom(t, { uri: uri('people.csv'), format: 'csv' });
    assert.equal(cost.rows, 2);
    assert.ok(cost.durationMs >= 0);
    assert.deepEqual(await rowsOf(t), [
      { id: 1, name: 'kept' },
      { id: 2, name: 'Smith, Jo' },
      { id: 3, name: null },
    ]);
  });

  ctx.test('COPY CSV without a header, with delimiter, quote and nullAs', async () => {
    const t = await peopleTable('piped');
    await put('piped.txt', "1|'a|b'\n2|NULL\n3|''\n");
    await wh().copyFrom(t, {
      uri: uri('piped.txt'),
      format: 'csv',
      csv: { header: false, delimiter: '|', quote: "'", nullAs: 'NULL' },
    });
    assert.deepEqual(await rowsOf(t), [
      { id: 1, name: 'a|b' },
      { id: 2, name: null },
      { id: 3, name: '' },
    ]);
  });

  ctx.test('COPY JSON lines', async () => {
    const t = await peopleTable('json_people');
    await put('people.jsonl', '{"id":1,"name":"ann"}\n{"id":2,"name":null}\n{"id":3,"name":"x\\"y"}\n');
    assert.equal((await wh().copyFrom(t, { uri: uri('people.jsonl'), format: 'jsonl' })).rows, 3);
    assert.deepEqual(await rowsOf(t), [
      { id: 1, name: 'ann' },
      { id: 2, name: null },
      { id: 3, name: 'x"y' },
    ]);
  });

  ctx.test('COPY every object under a prefix, creating the table from the data', async () => {
    await put('in/part-1.csv', 'id,name\n1,a\n2,b\n');
    await put('in/part-2.csv', 'id,name\n3,c\n');
    await put('other.csv', 'id,name\n99,not under the prefix\n');
    const t = ref('created');
    assert.equal((await wh().copyFrom(t, { uri: uri('in/'), format: 'csv', createTable: true })).rows, 3);
    const rows = await rowsOf(t);
    assert.deepEqual(
      rows.map((r) => [Number(r.id), r.name]),
      [
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ],
    );
  });

  ctx.test('UNLOAD Parquet and COPY it back', async () => {
    const src = await peopleTable('pq_src', [
      [1, 'a'],
      [2, null],
      [3, 'c'],
    ]);
    const result = await wh().unload(`select id, name from ${d.table(src)}`, { uri: uri('pq/'), format: 'parquet' });
    assert.ok(result.files.length >= 1 && result.files.every((f) => f.uri.endsWith('.parquet')));
    const back = await peopleTable('pq_back');
    assert.equal((await wh().copyFrom(back, { uri: uri('pq/'), format: 'parquet' })).rows, 3);
    assert.deepEqual(await rowsOf(back), [
      { id: 1, name: 'a' },
      { id: 2, name: null },
      { id: 3, name: 'c' },
    ]);
  });

  ctx.test('a COPY failing in its second file leaves the table as it was, and creates none', async () => {
    const t = await peopleTable('atomic', [[1, 'before']]);
    await put('bad/1.csv', `id,name\n${Array.from({ length: 50 }, (_, i) => `${i + 10},ok`).join('\n')}\n`);
    await put('bad/2.csv', 'id,name\n7,fine\n8,too,many,fields\n');
    const v = await wh().tableVersion(t);
    await assert.rejects(wh().copyFrom(t, { uri: uri('bad/'), format: 'csv' }), (err: Error) => {
      expectCode('E_COPY')(err);
      assert.match(err.message, /bad\//);
      return true;
    });
    assert.deepEqual(await rowsOf(t), [{ id: 1, name: 'before' }]);
    assert.equal(await wh().tableVersion(t), v);
    const fresh = ref('never_made');
    await assert.rejects(wh().copyFrom(fresh, { uri: uri('bad/'), format: 'csv', createTable: true }), expectCode('E_COPY'));
    assert.equal(await wh().tableVersion(fresh), undefined);
  });

  ctx.test('COPY from nothing is E_NOT_FOUND; a URI escaping its prefix is refused', async () => {
    const t = await peopleTable('empty_src');
    await assert.rejects(wh().copyFrom(t, { uri: uri('missing.csv'), format: 'csv' }), expectCode('E_NOT_FOUND'));
    await assert.rejects(wh().copyFrom(t, { uri: uri('nothing-here/'), format: 'csv' }), expectCode('E_NOT_FOUND'));
    await put('secret.csv', 'id,name\n1,secret\n');
    await assert.rejects(
      wh().copyFrom(t, { uri: uri('x/../secret.csv'), format: 'csv' }),
      expectCode('E_KEY_ESCAPES_ROOT', 'E_URI'),
    );
    await assert.rejects(
      wh().unload('select 1 as one', { uri: uri('x/../out/'), format: 'csv' }),
      expectCode('E_KEY_ESCAPES_ROOT', 'E_URI'),
    );
    assert.deepEqual(await rowsOf(t), []);
  });

  ctx.test('UNLOAD CSV writes files with a header under the prefix, with cost', async () => {
    const result = await wh().unload(
      `select i as id, ${d.param('tag')} as tag from (${d.series(100)}) as s order by i`,
      { uri: uri('csv/'), format: 'csv', parallel: false },
      { tag: 'a,b' },
    );
    const files = await listed('csv/');
    assert.deepEqual(
      result.files.map((f) => [f.uri, f.size]),
      files.map((f) => [f.uri, f.size]),
    );
    assert.ok(
      files.every((f) => /^\d+_part_\d+\.csv$/.test(f.key)),
      files.map((f) => f.key).join(),
    );
    assert.equal(result.rows, 100);
    assert.equal(result.filesWritten, files.length);
    assert.equal(
      result.bytesWritten,
      files.reduce((sum, f) => sum + f.size, 0),
    );
    const lines = (await Promise.all(files.map((f) => read(f.uri)))).join('').trim().split(/\r?\n/);
    assert.equal(lines[0], 'id,tag');
    assert.equal(lines[1], '1,"a,b"');
    assert.equal(lines.length, 101);
  });

  ctx.test('UNLOAD JSON lines with parallel off writes one file in order', async () => {
    const result = await wh().unload(`select i from (${d.series(500)}) as s order by i desc`, {
      uri: uri('json/'),
      format: 'jsonl',
      parallel: false,
    });
    assert.equal(result.files.length, 1);
    const values = (await read(result.files[0]?.uri ?? ''))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).i);
    assert.deepEqual(
      values,
      Array.from({ length: 500 }, (_, k) => 500 - k),
    );
  });

  ctx.test("UNLOAD with maxFileBytes splits the result, and writes Redshift's manifest", async () => {
    const select = `select i, 'some padding text to make rows wide' as pad from (${d.series(20000)}) as s`;
    const result = await wh().unload(select, { uri: uri('split/'), format: 'csv', maxFileBytes: 100_000, manifest: true });
    assert.ok(result.files.length > 1, `expected several files, got ${result.files.length}`);
    assert.equal(result.manifestUri, uri('split/manifest'));
    const manifest = JSON.parse(await read(uri('split/manifest')));
    assert.deepEqual(
      manifest.entries.map((e: { url: string; meta: { content_length: number } }) => [e.url, e.meta.content_length]),
      result.files.map((f) => [f.uri, f.size]),
    );
    const objects = (await listed('split/')).filter((o) => o.key !== 'manifest');
    assert.deepEqual(
      objects.map((o) => o.uri),
      result.files.map((f) => f.uri),
    );
    const rows = (await Promise.all(result.files.map((f) => read(f.uri)))).flatMap((text) => text.trim().split(/\r?\n/).slice(1));
    assert.equal(rows.length, 20000);
    assert.equal(result.rows, 20000);
  });

  ctx.test('UNLOAD refuses a non-empty prefix unless allowOverwrite, which replaces what was there', async () => {
    await put('taken/old.csv', 'stale\n');
    await assert.rejects(wh().unload('select 1 as one', { uri: uri('taken/'), format: 'csv' }), (err: Error) => {
      expectCode('E_UNLOAD_NOT_EMPTY')(err);
      assert.ok(err.message.includes(uri('taken/')), err.message);
      return true;
    });
    assert.deepEqual(
      (await listed('taken/')).map((o) => o.key),
      ['old.csv'],
    );
    const result = await wh().unload('select 1 as one', { uri: uri('taken/'), format: 'csv', allowOverwrite: true });
    assert.deepEqual(
      (await listed('taken/')).map((o) => o.uri),
      result.files.map((f) => f.uri),
    );
  });

  ctx.test('an UNLOAD failing midway publishes nothing', async () => {
    await put('kept/old.csv', 'old\n');
    const failing = `select cast(case when i < 15000 then '1' else 'not a number' end as ${d.types.int}) as v from (${d.series(20000)}) as s`;
    await assert.rejects(wh().unload(failing, { uri: uri('failed/'), format: 'csv', maxFileBytes: 10_000 }), expectCode('E_SQL'));
    assert.deepEqual(await listed('failed/'), []);
    await assert.rejects(
      wh().unload(failing, { uri: uri('kept/'), format: 'parquet', allowOverwrite: true }),
      expectCode('E_SQL'),
    );
    assert.deepEqual(
      (await listed('kept/')).map((o) => o.key),
      ['old.csv'],
      'a failed overwrite keeps what was there',
    );
  });
}
