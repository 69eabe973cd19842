/**
 * The histogram method's inner loop: per tree node and feature, the sums of gradient and hessian
 * of the node's rows in each bin. Threads split a node's rows, each summing its share into its
 * own slots, which the caller then adds up: the gradients are rounded so that every such sum is
 * exact (`exact-sums.ts`), so the histograms, and the model, do not depend on the thread count.
 *
 * A histogram is `stride` bins of (gradient, hessian) pairs per feature, `cols` features per node
 * slot: `hist[(slot * cols + f) * stride * 2 + 2 * bin]`; the last bin (`stride − 1`) is missing.
 */
import { roundListed } from './exact-sums.js';
import { claimNext } from './pool-hand-off.js';
import { kernels } from './wasm-kernels.js';

/** What one histogram pass needs; the arrays live in shared memory (see `thread-pool.ts`). */
export interface HistTask {
  /** The binned matrix, row-major (`codes[r * rowWidth + f]`). */
  readonly codes: Uint8Array | Uint16Array;
  readonly rows: number;
  readonly cols: number;
  readonly rowWidth: number;
  readonly stride: number;
  /** Interleaved gradient and hessian per row. */
  readonly gh: Float32Array;
  /** Row indexes, each node's rows a contiguous ascending segment. */
  readonly order: Uint32Array;
  /** Per node to build: `start, end, slot` of its (share of its) segment of `order` and its histogram slot. */
  readonly nodes: Int32Array;
  /** The features to build (this thread's share). */
  readonly features: Int32Array;
  readonly hist: Float64Array;
  /**
   * When given (gradient scale, hessian scale), the nodes' rows' gradients are first rounded in
   * place for exact sums (`exact-sums.ts`): the root's pass rounds the rows its tree reads.
   */
  readonly scales?: Float64Array;
  /**
   * The training's kernel memory (`kernel-memory.ts`) when `codes`, `gh`, `order` and `hist` all
   * live in it: byte codes of contiguous features are then summed by the WebAssembly kernel.
   */
  readonly kernel?: WebAssembly.Memory;
}

/** Sums the task's nodes' rows into their histogram slots (zeroed first). */
export function buildHistograms(task: HistTask): undefined {
  const { nodes, hist, cols, stride, scales } = task;
  const size = cols * stride * 2;
  if (scales)
    for (let k = 0; k < nodes.length; k += 3) roundListed(task.gh, task.order, nodes[k], nodes[k + 1], scales[0], scales[1]);
  for (let k = 0; k < nodes.length; k += 3) hist.fill(0, nodes[k + 2] * size, (nodes[k + 2] + 1) * size);
  sumNodes(task);
  return undefined;
}

/**
 * A histogram job's pieces claimed one at a time (`runClaimed`): `nodes` lists them (`start, end,
 * slot` each: a node's segments in the tree's regions), and share `part` sums the pieces it
 * claims into `arenas[part]`, each slot zeroed when it first sums into it. The slots it summed into.
 */
export interface ClaimedHistTask extends Omit<HistTask, 'hist'> {
  readonly arenas: readonly Float64Array[];
  readonly next: Int32Array;
  readonly part: number;
}

export function claimedHistJob(task: ClaimedHistTask): Int32Array {
  const { nodes, scales, next } = task;
  const hist = task.arenas[task.part];
  const touched: number[] = [];
  for (let k = 3 * claimNext(next); k < nodes.length; k = 3 * claimNext(next)) {
    const [start, end, slot] = [nodes[k], nodes[k + 1], nodes[k + 2]];
    if (scales) roundListed(task.gh, task.order, start, end, scales[0], scales[1]);
    sumPiece(task, hist, touched, start, end, slot);
  }
  return Int32Array.from(touched);
}

/** Rows `order[start, end)` summed into `hist`'s `slot`, zeroed first unless `touched` lists it (then listed). */
function sumPiece(
  task: Omit<HistTask, 'hist' | 'nodes'>,
  hist: Float64Array,
  touched: number[],
  start: number,
  end: number,
  slot: number,
): void {
  if (!touched.includes(slot)) {
    const size = task.cols * task.stride * 2;
    hist.fill(0, slot * size, (slot + 1) * size);
    touched.push(slot);
  }
  sumNodes({ ...task, hist, nodes: Int32Array.of(start, end, slot) });
}

/** Adds the task's nodes' rows into their slots as they are (`buildHistograms` zeroes them first). */
export function sumNodes(task: HistTask): undefined {
  const { features, nodes } = task;
  const width = features.length;
  if (width === 0) return undefined;
  const contiguous = features[width - 1] - features[0] === width - 1;
  const bytes = task.codes instanceof Uint8Array;
  if (task.kernel && contiguous && bytes) {
    addKernel(task, features[0], width);
    return undefined;
  }
  const words = contiguous && bytes && features[0] % 4 === 0;
  for (let k = 0; k < nodes.length; k += 3) {
    if (words) addWords(task, nodes[k], nodes[k + 1], nodes[k + 2], features[0], width);
    else if (contiguous) addRange(task, nodes[k], nodes[k + 1], nodes[k + 2], features[0], width);
    else addListed(task, nodes[k], nodes[k + 1], nodes[k + 2]);
  }
  return undefined;
}

/** Features `first … first + width − 1` of every node's rows, by the WebAssembly kernel. */
function addKernel(task: HistTask, first: number, width: number): void {
  const { codes, cols, rowWidth, stride, gh, order, nodes, hist } = task;
  const kernel = kernels(task.kernel as WebAssembly.Memory).hist;
  const step = stride * 2 * 8;
  for (let k = 0; k < nodes.length; k += 3) {
    const at = hist.byteOffset + (nodes[k + 2] * cols + first) * stride * 2 * 8;
    kernel(order.byteOffset, nodes[k], nodes[k + 1], codes.byteOffset + first, rowWidth, gh.byteOffset, at, step, width);
  }
}

/**
 * Features `first … first + width − 1` of rows `order[start, end)`. Two rows at a time: their
 * updates do not wait on each other, which is ~20% faster than one row at a time.
 */
function addRange(task: HistTask, start: number, end: number, slot: number, first: number, width: number): void {
  const { codes, cols, rowWidth, stride, gh, order, hist } = task;
  const step = stride * 2;
  const from = (slot * cols + first) * step;
  let j = start;
  for (; j + 1 < end; j += 2) {
    const r = order[j];
    const s = order[j + 1];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    const g2 = gh[2 * s];
    const h2 = gh[2 * s + 1];
    const row = r * rowWidth + first;
    const row2 = s * rowWidth + first;
    for (let f = 0, at = from; f < width; f++, at += step) {
      const i = at + 2 * codes[row + f];
      hist[i] += g;
      hist[i + 1] += h;
      const i2 = at + 2 * codes[row2 + f];
      hist[i2] += g2;
      hist[i2 + 1] += h2;
    }
  }
  if (j < end) {
    const r = order[j];
    const row = r * rowWidth + first;
    for (let f = 0, at = from; f < width; f++, at += step) {
      const i = at + 2 * codes[row + f];
      hist[i] += gh[2 * r];
      hist[i + 1] += gh[2 * r + 1];
    }
  }
}

/**
 * `addRange` for byte codes with `first` a multiple of 4: a row's codes are read four at a time
 * as one 32-bit word (rows are padded to whole words), a quarter of the loads and bounds checks;
 * ~40% faster per update than a byte at a time.
 */
function addWords(task: HistTask, start: number, end: number, slot: number, first: number, width: number): void {
  const { codes, cols, rowWidth, stride, gh, order, hist } = task;
  const words = new Uint32Array(codes.buffer, codes.byteOffset, codes.length >> 2);
  const step = stride * 2;
  const from = (slot * cols + first) * step;
  const perRow = rowWidth >> 2;
  const full = width >> 2;
  const firstWord = first >> 2;
  for (let j = start; j < end; j += 2) {
    const r = order[j];
    // An odd row count's last row is paired with itself, adding nothing the second time.
    const two = j + 1 < end;
    const s = two ? order[j + 1] : r;
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    const g2 = two ? gh[2 * s] : 0;
    const h2 = two ? gh[2 * s + 1] : 0;
    const a = r * perRow + firstWord;
    const b = s * perRow + firstWord;
    for (let q = 0, at = from; q < full; q++, at += 4 * step) {
      const w = words[a + q];
      const x = words[b + q];
      let i = at + 2 * (w & 255);
      hist[i] += g;
      hist[i + 1] += h;
      i = at + 2 * (x & 255);
      hist[i] += g2;
      hist[i + 1] += h2;
      i = at + step + 2 * ((w >>> 8) & 255);
      hist[i] += g;
      hist[i + 1] += h;
      i = at + step + 2 * ((x >>> 8) & 255);
      hist[i] += g2;
      hist[i + 1] += h2;
      i = at + 2 * step + 2 * ((w >>> 16) & 255);
      hist[i] += g;
      hist[i + 1] += h;
      i = at + 2 * step + 2 * ((x >>> 16) & 255);
      hist[i] += g2;
      hist[i + 1] += h2;
      i = at + 3 * step + 2 * (w >>> 24);
      hist[i] += g;
      hist[i + 1] += h;
      i = at + 3 * step + 2 * (x >>> 24);
      hist[i] += g2;
      hist[i + 1] += h2;
    }
    for (let f = full * 4, at = from + f * step; f < width; f++, at += step) {
      let i = at + 2 * codes[r * rowWidth + first + f];
      hist[i] += g;
      hist[i + 1] += h;
      i = at + 2 * codes[s * rowWidth + first + f];
      hist[i] += g2;
      hist[i + 1] += h2;
    }
  }
}

/** Any list of features (a `colsample_bytree` sample) of rows `order[start, end)`. */
function addListed(task: HistTask, start: number, end: number, slot: number): void {
  const { codes, cols, rowWidth, stride, gh, order, features, hist } = task;
  const base = slot * cols * stride * 2;
  const offsets = Int32Array.from(features, (f) => base + f * stride * 2);
  for (let j = start; j < end; j++) {
    const r = order[j];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    const row = r * rowWidth;
    for (let q = 0; q < features.length; q++) {
      const i = offsets[q] + 2 * codes[row + features[q]];
      hist[i] += g;
      hist[i + 1] += h;
    }
  }
}
