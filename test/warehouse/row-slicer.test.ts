import assert from 'node:assert/strict';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { test } from 'node:test';
import { RowSlicer } from '../../src/warehouse/postgres/row-slicer.js';
import { scratchDir } from '../helpers/scratch.js';

/** Feeds `text` in chunks of `size` bytes and returns each file's content by name. */
async function slice(text: string, size: number, options: { slices: number; maxFileBytes: number; header: boolean }) {
  const dir = scratchDir('slicer-');
  const slicer = new RowSlicer({ open: (name) => createWriteStream(join(dir, name)), extension: 'csv', quote: 0x22, ...options });
  const bytes = Buffer.from(text);
  const chunks = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  await pipeline(Readable.from(chunks), slicer);
  return Object.fromEntries(slicer.files.map((f) => [f.name, readFileSync(join(dir, f.name), 'utf8')]));
}

const rows = Array.from({ length: 40 }, (_, i) => (i % 7 === 0 ? `${i},"multi\nline, ""quoted"""\n` : `${i},plain\n`));
const csv = `id,"na\nme"\n${rows.join('')}`;

test('rows are never split, across any chunk size, and every file starts with the header', async () => {
  for (const size of [1, 3, 7, 64, 4096]) {
    for (const options of [
      { slices: 1, maxFileBytes: 1e9, header: true },
      { slices: 3, maxFileBytes: 1e9, header: true },
      { slices: 2, maxFileBytes: 60, header: true },
    ]) {
      const files = await slice(csv, size, options);
      const header = 'id,"na\nme"\n';
      const body: string[] = [];
      for (const content of Object.values(files)) {
        assert.ok(content.startsWith(header), `${size} ${JSON.stringify(options)}`);
        body.push(content.slice(header.length));
      }
      const all = body.join('');
      assert.equal(all.length, rows.join('').length);
      for (const row of rows) assert.ok(all.includes(row), `row ${JSON.stringify(row)} whole (chunk ${size})`);
      if (options.slices === 1 && options.maxFileBytes === 1e9) assert.deepEqual(Object.keys(files), ['0000_part_00.csv']);
    }
  }
});

test('a file is cut at the first row boundary once it reaches maxFileBytes', async () => {
  const text = Array.from({ length: 10 }, (_, i) => `row-${i}-xxxxxxxxxx\n`).join('');
  const files = await slice(text, 1000, { slices: 1, maxFileBytes: 40, header: false });
  assert.deepEqual(Object.keys(files), [
    '0000_part_00.csv',
    '0000_part_01.csv',
    '0000_part_02.csv',
    '0000_part_03.csv',
    '0000_part_04.csv',
  ]);
  assert.ok(Object.values(files).every((c) => c.length <= 40 && c.endsWith('\n')));
  assert.equal(Object.values(files).join(''), text);
});

test('an empty result still writes one file (with the header)', async () => {
  assert.deepEqual(await slice('a,b\n', 10, { slices: 4, maxFileBytes: 100, header: true }), { '0000_part_00.csv': 'a,b\n' });
});
