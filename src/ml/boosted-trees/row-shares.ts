/**
 * How a level's nodes are cut into pieces that the threads claim one at a time (`runClaimed`).
 * Cutting changes only who does the work, never its result (sums are exact, partitions stable).
 */

/** Below this many rows a piece is not cut again: the pieces would cost more than they save. */
const MIN_SHARE = 2048;

export interface Segment {
  readonly start: number;
  readonly end: number;
}

/** Pieces per thread a level is cut into for claiming (`cutPieces`). */
const PIECES_PER_THREAD = 4;

/**
 * A level's nodes as pieces for the threads to claim one at a time, `start, end, index` each, in
 * node and row order: a node with more rows than a piece's size (the level's rows over
 * PIECES_PER_THREAD per thread, at least MIN_SHARE) is cut into equal pieces, a smaller one is one
 * piece. One thread gets every node whole.
 */
export function cutPieces(nodes: readonly Segment[], threads: number): Int32Array {
  let total = 0;
  for (const { start, end } of nodes) total += end - start;
  const size = Math.max(MIN_SHARE, Math.ceil(total / (threads * PIECES_PER_THREAD)));
  const out: number[] = [];
  for (const [index, { start, end }] of nodes.entries()) {
    const rows = end - start;
    const pieces = threads === 1 ? 1 : Math.max(1, Math.round(rows / size));
    for (let t = 0; t < pieces; t++)
      out.push(start + Math.floor((t * rows) / pieces), start + Math.floor(((t + 1) * rows) / pieces), index);
  }
  return Int32Array.from(out);
}
