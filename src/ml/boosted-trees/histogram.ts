/**
 * The histogram method's inner loop: per tree node and feature, the sums of gradient and hessian
 * of the node's rows in each bin. Threads split the features, never the rows, so every sum is
 * added in the same row order whatever the thread count, and the model does not depend on it.
 *
 * A histogram is `stride` bins of (gradient, hessian) pairs per feature, `cols` features per node
 * slot: `hist[(slot * cols + f) * stride * 2 + 2 * bin]`; the last bin (`stride − 1`) is missing.
 */

/** What one histogram pass needs; the arrays live in shared memory (see `hist-pool.ts`). */
export interface HistTask {
  /** The binned matrix, column-major (`codes[f * rows + r]`). */
  readonly codes: Uint16Array;
  readonly rows: number;
  readonly cols: number;
  readonly stride: number;
  /** Interleaved gradient and hessian per row. */
  readonly gh: Float32Array;
  /** Row indexes, each node's rows a contiguous ascending segment. */
  readonly order: Uint32Array;
  /** Per node to build: `start, end, slot` of its segment of `order` and its histogram slot. */
  readonly nodes: Int32Array;
  /** The features to build (this thread's share). */
  readonly features: Int32Array;
  readonly hist: Float64Array;
}

/** Adds the task's nodes' rows into their (zeroed) histogram slots; `scratch` holds 2 × rows floats. */
export function buildHistograms(task: HistTask, scratch: Float32Array): void {
  const { codes, rows, cols, stride, gh, order, nodes, features, hist } = task;
  for (let k = 0; k < nodes.length; k += 3) {
    const start = nodes[k];
    const end = nodes[k + 1];
    const slot = nodes[k + 2];
    const count = end - start;
    // Gathering the node's gradients once makes each feature's pass read them in sequence.
    for (let i = 0, j = start; i < count; i++, j++) {
      const r = order[j] * 2;
      scratch[2 * i] = gh[r];
      scratch[2 * i + 1] = gh[r + 1];
    }
    for (let q = 0; q < features.length; q++) {
      const f = features[q];
      const column = f * rows;
      const base = (slot * cols + f) * stride * 2;
      for (let i = 0, j = start; i < count; i++, j++) {
        const at = base + 2 * codes[column + order[j]];
        hist[at] += scratch[2 * i];
        hist[at + 1] += scratch[2 * i + 1];
      }
    }
  }
}
