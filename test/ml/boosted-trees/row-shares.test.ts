/**
 * The training's memory and how a tree's rows are cut: regions cover the rows once, in order;
 * children's segments split each region's segment at its left count; an array given back to the
 * kernel memory is carved again, zeroed, before the memory grows.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KernelMemory } from '../../../src/ml/boosted-trees/kernel-memory.js';
import { regions, rowCount, segmentList, splitSegments } from '../../../src/ml/boosted-trees/row-shares.js';

test('regions cover the rows once, in order: four per thread, none under 2,048 rows, one for one thread', () => {
  for (const [rows, threads, count] of [
    [200_000, 2, 8],
    [200_000, 1, 1],
    [10_000, 2, 4],
    [3_000, 3, 1],
    [0, 2, 1],
  ]) {
    const segs = regions(rows, threads);
    assert.equal(segs.length, 2 * count, `${rows} rows, ${threads} threads`);
    assert.equal(segs[0], 0);
    assert.equal(segs[segs.length - 1], rows);
    for (let k = 2; k < segs.length; k += 2) assert.equal(segs[k], segs[k - 1], 'each region starts where the last ended');
    assert.equal(rowCount(segs), rows);
  }
});

test("a split's children take each region's left rows and the rest; empty segments are left out of the histogram list", () => {
  const segs = Int32Array.of(0, 10, 10, 25, 25, 25);
  const [left, right] = splitSegments(segs, Int32Array.of(4, 0, 0));
  assert.deepEqual(Array.from(left), [0, 4, 10, 10, 25, 25]);
  assert.deepEqual(Array.from(right), [4, 10, 10, 25, 25, 25]);
  assert.equal(rowCount(left) + rowCount(right), rowCount(segs));
  assert.deepEqual(
    Array.from(
      segmentList([
        { segs: left, slot: 3 },
        { segs: right, slot: 4 },
      ]),
    ),
    [0, 4, 3, 4, 10, 4, 10, 25, 4],
  );
});

test('an array given back to the kernel memory is carved again, zeroed, before the memory grows', () => {
  const memory = new KernelMemory(1 << 16);
  const columns = memory.array(Float32Array, 4096);
  columns.fill(7);
  const size = memory.memory.buffer.byteLength;
  memory.release(columns);
  const reused = memory.array(Float64Array, 1024);
  const next = memory.array(Uint32Array, 1024);
  assert.equal(reused.byteOffset, columns.byteOffset);
  assert.equal(next.byteOffset, columns.byteOffset + 8192, 'the room left after the first is carved next');
  assert.ok(reused.every((v) => v === 0) && next.every((v) => v === 0), 'arrays carved from given-back room are zeroed');
  assert.equal(memory.memory.buffer.byteLength, size, 'the memory did not grow');
  const beyond = memory.array(Uint8Array, 1 << 16);
  assert.ok(beyond.byteOffset >= columns.byteOffset + columns.byteLength, 'what does not fit is carved past the end');
});
