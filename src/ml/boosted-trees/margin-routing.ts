/**
 * A round's trees added to the training margins inside the next gradient pass, by rows, so that
 * with several threads each adds them to its own rows: a row is routed down each tree by its
 * bins (column-major codes, read in ascending row order, so from a few sequential streams) to
 * its leaf, whose value is added to the row's margin of the tree's group just before the row's
 * gradients are computed. Routing by bins is what partitioning did, so every row reaches the
 * leaf its partition put it in and gets the same float32 value added, in the same tree order:
 * the margins, and the model, are those of adding each leaf's value to its rows' segments, which
 * one thread does faster (`train.ts`) but alone.
 */
import type { GrownTree } from './tree-nodes.js';

/** Numbers per node in a routing table. */
const NODE = 4;

/** A grown tree as routing reads it, and the output group whose margins it adds to. */
export interface RoundTree {
  /**
   * Per node: its feature's offset in the column-major codes, its last left bin, its left child,
   * and (right child − left child) · 2 + defaultLeft; a leaf routes to itself (left = itself,
   * step 0, bin above every code), so a row can take `depth` steps whatever its leaf's depth.
   */
  readonly table: Int32Array;
  readonly depth: number;
  /** Per node, its value (a leaf's is its float32 leaf value). */
  readonly value: Float32Array;
  readonly group: number;
}

/** The round's trees and the binned matrix's column-major codes (in shared memory). */
export interface Routing {
  readonly trees: readonly RoundTree[];
  readonly columns: Uint8Array | Uint16Array;
  readonly missing: number;
}

export function roundTree(grown: GrownTree, group: number, rows: number): RoundTree {
  const { left, right, feature, defaultLeft, condition } = grown.tree;
  const table = new Int32Array(left.length * NODE);
  const depths = new Int32Array(left.length);
  let depth = 0;
  for (let n = 0; n < left.length; n++) {
    const leaf = left[n] === -1;
    const step = leaf ? 0 : right[n] - left[n];
    const at = leaf ? [0, 0x7fffffff, n, 0] : [feature[n] * rows, grown.bin[n], left[n], step * 2 + defaultLeft[n]];
    table.set(at, n * NODE);
    // Children are appended after their parent, so a parent's depth is known first.
    if (!leaf) depths[left[n]] = depths[right[n]] = depths[n] + 1;
    depth = Math.max(depth, depths[n]);
  }
  return { table, depth, value: condition, group };
}

/** Adds every tree's leaf value to rows `[from, to)` of `margins` (`margins[r * groups + group]`). */
export function addTrees(routing: Routing, margins: Float64Array, groups: number, from: number, to: number): void {
  const { columns, missing } = routing;
  for (const { table, depth, value, group } of routing.trees) {
    // Two rows at a time: their routes do not wait on each other.
    let r = from;
    for (; r + 1 < to; r += 2) {
      let n = 0;
      let m = 0;
      for (let d = 0; d < depth; d++) {
        const k = n * NODE;
        const j = m * NODE;
        const c = columns[table[k] + r];
        const e = columns[table[j] + r + 1];
        const s = table[k + 3];
        const t = table[j + 3];
        // Right when past the bin (then c − bin's sign bit is clear), except a missing code
        // (past every bin) of a node whose default is left.
        n = table[k + 2] + (((table[k + 1] - c) >>> 31) ^ (s & Number(c === missing))) * (s >> 1);
        m = table[j + 2] + (((table[j + 1] - e) >>> 31) ^ (t & Number(e === missing))) * (t >> 1);
      }
      margins[r * groups + group] += value[n];
      margins[(r + 1) * groups + group] += value[m];
    }
    if (r < to) {
      let n = 0;
      for (let d = 0; d < depth; d++) {
        const k = n * NODE;
        const c = columns[table[k] + r];
        const s = table[k + 3];
        n = table[k + 2] + (((table[k + 1] - c) >>> 31) ^ (s & Number(c === missing))) * (s >> 1);
      }
      margins[r * groups + group] += value[n];
    }
  }
}
