/**
 * How a tree's rows are cut into regions that the threads claim one at a time (`runClaimed`):
 * the tree's sampled rows, `order[0, sampled)`, are cut once into equal regions, and every node
 * keeps its rows as one segment per region (`Segments`), each partitioned in place within its
 * region. A node's rows are never gathered into one segment (no join), and a level's partition
 * is claimed region by region. One thread has one region: every node one segment. Cutting
 * changes only who does the work, never its result (sums are exact, partitions stable).
 */

/** Below this many rows a region is not cut again: the regions would cost more than they save. */
const MIN_SHARE = 2048;

/** Regions per thread. */
const REGIONS_PER_THREAD = 4;

/** A node's rows: `start, end` of its segment in each region of `order`, in region order (empty ones too). */
export type Segments = Int32Array;

/** The regions of rows `[0, rows)` for `threads` threads, as a node holding them all. */
export function regions(rows: number, threads: number): Segments {
  const count = threads === 1 ? 1 : Math.max(1, Math.min(threads * REGIONS_PER_THREAD, Math.floor(rows / MIN_SHARE)));
  const out = new Int32Array(2 * count);
  for (let t = 0; t < count; t++)
    [out[2 * t], out[2 * t + 1]] = [Math.floor((t * rows) / count), Math.floor(((t + 1) * rows) / count)];
  return out;
}

/** How many rows a node holds. */
export function rowCount(segs: Segments): number {
  let rows = 0;
  for (let k = 0; k < segs.length; k += 2) rows += segs[k + 1] - segs[k];
  return rows;
}

/** A split node's children's segments, from each region's count of left rows (the left rows first in each segment). */
export function splitSegments(segs: Segments, lefts: Int32Array): [Segments, Segments] {
  const left = new Int32Array(segs.length);
  const right = new Int32Array(segs.length);
  for (let k = 0; k < segs.length; k += 2) {
    const mid = segs[k] + lefts[k / 2];
    [left[k], left[k + 1], right[k], right[k + 1]] = [segs[k], mid, mid, segs[k + 1]];
  }
  return [left, right];
}

/** `start, end, slot` per non-empty segment of each node, for the histogram passes. */
export function segmentList(nodes: readonly { readonly segs: Segments; readonly slot: number }[]): Int32Array {
  const out: number[] = [];
  for (const { segs, slot } of nodes)
    for (let k = 0; k < segs.length; k += 2) if (segs[k] < segs[k + 1]) out.push(segs[k], segs[k + 1], slot);
  return Int32Array.from(out);
}
