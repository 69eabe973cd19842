/**
 * The histogram method's inner loop: per tree node and feature, the sums of gradient and hessian
 * of the node's rows in each bin. Threads split the features, never the rows, so every sum is
 * added in the same row order whatever the thread count, and the model does not depend on it.
 *
 * A histogram is `stride` bins of (gradient, hessian) pairs per feature, `cols` features per node
 * slot: `hist[(slot * cols + f) * stride * 2 + 2 * bin]`; the last bin (`stride − 1`) is missing.
 */

/** What one histogram pass needs; the arrays live in shared memory (see `feature-pool.ts`). */
export interface HistTask {
  /** The binned matrix, row-major (`codes[r * cols + f]`). */
  readonly codes: Uint8Array | Uint16Array;
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

/** Adds the task's nodes' rows into their (zeroed) histogram slots. */
export function buildHistograms(task: HistTask): undefined {
  const { codes, cols, stride, gh, order, nodes, features, hist } = task;
  const width = features.length;
  const all = width === cols;
  // Offsets of each built feature's histogram within a slot.
  const offsets = new Int32Array(width);
  for (let q = 0; q < width; q++) offsets[q] = features[q] * stride * 2;
  const first = features[0];
  for (let k = 0; k < nodes.length; k += 3) {
    const end = nodes[k + 1];
    const base = nodes[k + 2] * cols * stride * 2;
    for (let j = nodes[k]; j < end; j++) {
      const r = order[j];
      const g = gh[2 * r];
      const h = gh[2 * r + 1];
      const row = r * cols;
      if (all) {
        for (let f = 0, at = base; f < cols; f++, at += stride * 2) {
          const i = at + 2 * codes[row + f];
          hist[i] += g;
          hist[i + 1] += h;
        }
      } else if (width > 0 && features[width - 1] - first === width - 1) {
        for (let f = first, at = base + offsets[0]; f < first + width; f++, at += stride * 2) {
          const i = at + 2 * codes[row + f];
          hist[i] += g;
          hist[i + 1] += h;
        }
      } else {
        for (let q = 0; q < width; q++) {
          const i = base + offsets[q] + 2 * codes[row + features[q]];
          hist[i] += g;
          hist[i + 1] += h;
        }
      }
    }
  }
  return undefined;
}
