/**
 * Splitting nodes' rows by their splits: each node's rows are a segment of `order` in each region
 * (`row-shares.ts`), and a split moves a segment's rows that go left to the front of it, stably
 * (rows stay ascending). Threads claim the regions, each partitioning its segments in place.
 */
import { kernels } from './wasm-kernels.js';

/** A thread's share of partitioning (the arrays in shared memory). */
export interface PartitionTask {
  /** Column-major codes (`columns[f * rows + r]`). */
  readonly columns: Uint8Array | Uint16Array;
  readonly rows: number;
  readonly missing: number;
  readonly order: Uint32Array;
  /** As long as `order`: a share `[start, end)` uses `spare[start, end)` as its scratch room. */
  readonly spare: Uint32Array;
  /** Per share: `start, end, feature, bin, defaultLeft` (rows with a bin ≤ `bin` go left). */
  readonly shares: Int32Array;
  /** The kernel memory, when byte `columns`, `order` and `spare` live in it (`wasm-kernels.ts`). */
  readonly kernel?: WebAssembly.Memory;
}

/** Partitions each share; returns how many of its rows went left, per share. */
export function partitionJob(task: PartitionTask): Int32Array {
  return partitionShares(task, task.shares, 5);
}

/**
 * Partitions the shares listed in `shares`, `width` numbers each, the first five `start, end,
 * feature, bin, defaultLeft`; their left counts. Without a branch per row (which way a row goes
 * is a coin toss the processor would mispredict half the time): each row is written to both
 * sides and only the side it belongs to moves on.
 */
export function partitionShares(task: Omit<PartitionTask, 'shares'>, shares: Int32Array, width: number): Int32Array {
  const { columns, rows, missing, order, spare } = task;
  const lefts = new Int32Array(shares.length / width);
  const goesLeft = new Uint8Array(missing + 1);
  const part = task.kernel && columns instanceof Uint8Array ? kernels(task.kernel).part : undefined;
  for (let k = 0; k < shares.length; k += width) {
    const [start, end, feature, bin, defaultLeft] = shares.subarray(k, k + 5);
    if (part) {
      const l = part(
        order.byteOffset,
        spare.byteOffset,
        start,
        end,
        columns.byteOffset + feature * rows,
        bin,
        missing,
        defaultLeft,
      );
      order.set(spare.subarray(start, start + end - l), l);
      lefts[k / width] = l - start;
      continue;
    }
    for (let c = 0; c < missing; c++) goesLeft[c] = c <= bin ? 1 : 0;
    goesLeft[missing] = defaultLeft;
    const at = feature * rows;
    let l = start;
    let s = start;
    for (let i = start; i < end; i++) {
      const r = order[i];
      const left = goesLeft[columns[at + r]];
      order[l] = r;
      spare[s] = r;
      l += left;
      s += 1 - left;
    }
    order.set(spare.subarray(start, s), l);
    lefts[k / width] = l - start;
  }
  return lefts;
}
