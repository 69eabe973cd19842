import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { GodwitError } from '../../src/core/errors.js';
import { channelFiles, readChannel } from '../../src/ml/channel.js';
import { formatCsv, parseNumericCsv, readNumericCsv } from '../../src/ml/csv.js';
import { tempDir, writeText } from './helpers.js';

function dataError(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (err: unknown) => err instanceof GodwitError && err.code === 'E_DATA_FORMAT' && pattern.test(err.message));
}

describe('numeric CSV', () => {
  test('parses rows into a row-major matrix and records each row origin', () => {
    const t = parseNumericCsv('\ufeff1,2.5,-3\r\n\n4,5e-1,.25\n', 'a.csv');
    assert.equal(t.rows, 2);
    assert.equal(t.cols, 3);
    assert.deepEqual(Array.from(t.data), [1, 2.5, -3, 4, 0.5, 0.25]);
    assert.deepEqual(t.origins, [
      { file: 'a.csv', line: 1 },
      { file: 'a.csv', line: 3 },
    ]);
  });

  test('names file, line and column of a non-numeric cell', () => {
    dataError(() => parseNumericCsv('1,2\n3,x\n', 'data.csv'), /data\.csv, line 2, column 2: "x" is not a number/);
  });

  test('rejects empty cells and hex, which Number() would read silently', () => {
    dataError(() => parseNumericCsv('1,,3\n', 'f.csv'), /line 1, column 2: "" is not a number/);
    dataError(() => parseNumericCsv('0x1F,1\n', 'f.csv'), /column 1: "0x1F"/);
  });

  test('suggests removing a header row', () => {
    try {
      parseNumericCsv('rings,length\n1,2\n', 'h.csv');
      assert.fail('expected an error');
    } catch (err) {
      assert.ok(err instanceof GodwitError);
      assert.match(err.hint ?? '', /header/);
    }
  });

  test('rejects ragged rows, naming both lines', () => {
    dataError(() => parseNumericCsv('1,2,3\n4,5\n', 'r.csv'), /r\.csv, line 2: the row has 2 columns, but line 1 has 3/);
  });

  test('rejects an empty file', () => {
    dataError(() => parseNumericCsv('\n\n', 'empty.csv'), /empty\.csv has no data rows/);
  });

  test('formats numbers so they read back exactly', async () => {
    const rows = [
      [0.1, 1 / 3, -2e-12],
      [15, 0, 123456789.123],
    ];
    const dir = tempDir();
    const file = writeText(join(dir, 'x.csv'), formatCsv(rows));
    const back = await readNumericCsv(file);
    assert.deepEqual(Array.from(back.data), rows.flat());
  });
});

describe('channels', () => {
  test('reads every CSV in a channel folder, nested ones too, in path order', async () => {
    const dir = tempDir();
    writeText(join(dir, 'b.csv'), '3,3\n');
    writeText(join(dir, 'a.csv'), '1,1\n2,2\n');
    writeText(join(dir, 'sub', 'c.csv'), '4,4\n');
    writeText(join(dir, 'README.txt'), 'not data');
    writeText(join(dir, '.hidden.csv'), 'junk');
    const table = await readChannel('train', dir);
    assert.equal(table.rows, 4);
    assert.deepEqual(Array.from(table.data), [1, 1, 2, 2, 3, 3, 4, 4]);
    assert.equal(table.origins[3].file, join(dir, 'sub', 'c.csv'));
  });

  test('reads all (non-hidden) files when the folder has no .csv', async () => {
    const dir = tempDir();
    writeText(join(dir, 'part-00000'), '1,2\n');
    writeText(join(dir, 'part-00001'), '3,4\n');
    assert.deepEqual(await channelFiles('train', dir), [join(dir, 'part-00000'), join(dir, 'part-00001')]);
  });

  test('takes a single file or a wildcard in the last segment (Vertex AI data URIs)', async () => {
    const dir = tempDir();
    writeText(join(dir, 'training-0.csv'), '1,2\n');
    writeText(join(dir, 'training-1.csv'), '3,4\n');
    writeText(join(dir, 'test-0.csv'), '5,6\n');
    assert.equal((await readChannel('train', join(dir, 'training-*'))).rows, 2);
    assert.equal((await readChannel('test', join(dir, 'test-0.csv'))).rows, 1);
  });

  test('a missing or empty channel is a clear E_CHANNEL error', async () => {
    const dir = tempDir();
    await assert.rejects(channelFiles('validation', join(dir, 'nope')), (err: GodwitError) => {
      return err.code === 'E_CHANNEL' && /Channel "validation": .*nope does not exist/.test(err.message);
    });
    await assert.rejects(channelFiles('train', dir), /has no data files/);
    await assert.rejects(channelFiles('train', join(dir, 'x-*')), /no file matches/);
  });

  test('files of one channel must agree on their columns', async () => {
    const dir = tempDir();
    writeText(join(dir, 'a.csv'), '1,2,3\n');
    writeText(join(dir, 'b.csv'), '1,2\n');
    await assert.rejects(readChannel('train', dir), /b\.csv has 2 columns, but .*a\.csv has 3/);
  });
});
