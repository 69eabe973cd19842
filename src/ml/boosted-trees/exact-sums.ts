/**
 * Gradients rounded so that every sum of them is exact. Each round's gradients (and, separately,
 * hessians) are rounded to a multiple of 2^−k, the finest for which `rows` of them cannot add
 * up past 2^52 · 2^−k: then every partial sum is a whole number of 2^−k below 2^53 of them,
 * which a float64 holds exactly, and a histogram, a node's total or a parent less its child is
 * the same whatever the order the rows were added in. That is what lets threads split a node's
 * ROWS (each summing its share, the shares then added) while the model stays bit for bit the
 * one a single thread grows. The rounding moves a value by at most rows · max|g| · 2^−52 (for
 * 200,000 rows, 4e−11 · max|g|), far below float32's own rounding of all but the tiniest ones.
 */

/** Rounds `gh` (interleaved gradient, hessian per row) in place; `rows` bounds how many are summed. */
export function roundForExactSums(gh: Float32Array, rows: number): void {
  const max = new Float64Array(2);
  maxima(gh, 0, gh.length / 2, max, 0);
  roundRows(gh, 0, gh.length / 2, scaleFor(max[0], rows), scaleFor(max[1], rows));
}

/** Raises `out[at]` and `out[at + 1]` to the largest |gradient| and |hessian| of rows `[from, to)`. */
export function maxima(gh: Float32Array, from: number, to: number, out: Float64Array, at: number): void {
  out[at] = Math.max(out[at], largest(gh, 2 * from, 2 * to));
  out[at + 1] = Math.max(out[at + 1], largest(gh, 2 * from + 1, 2 * to + 1));
}

/**
 * The largest |a[i]| of every other i in `[from, to)`. The loop is a function of its own, which
 * returns as it ends: V8 compiles a hot loop before the code after it has run, and a store after
 * it sent every call back to the interpreter.
 */
function largest(a: Float32Array, from: number, to: number): number {
  let max = 0;
  for (let i = from; i < to; i += 2) max = Math.max(max, Math.abs(a[i]));
  return max;
}

/** Rounds rows `[from, to)` to multiples of 1/gScale (gradients) and 1/hScale (hessians). */
export function roundRows(gh: Float32Array, from: number, to: number, gScale: number, hScale: number): void {
  // Multiplying by the inverse of a power of two is exact, and cheaper than dividing.
  const gStep = 1 / gScale;
  const hStep = 1 / hScale;
  for (let i = 2 * from; i < 2 * to; i += 2) {
    // g·scale is exact (a power of two); its rounding has at most float32's 24 bits, so the
    // rounded value scaled back is a float32 again. `+ 0` turns −0 into 0: a sum of −0s is −0,
    // one with a 0 added is 0, and the order of the adding must not show.
    gh[i] = Math.round(gh[i] * gScale) * gStep + 0;
    gh[i + 1] = Math.round(gh[i + 1] * hScale) * hStep + 0;
  }
}

/** `roundRows` for the rows `order[start, end)`. Rounding twice changes nothing: a multiple stays one. */
export function roundListed(
  gh: Float32Array,
  order: Uint32Array,
  start: number,
  end: number,
  gScale: number,
  hScale: number,
): void {
  const gStep = 1 / gScale;
  const hStep = 1 / hScale;
  for (let j = start; j < end; j++) {
    const i = 2 * order[j];
    gh[i] = Math.round(gh[i] * gScale) * gStep + 0;
    gh[i + 1] = Math.round(gh[i + 1] * hScale) * hStep + 0;
  }
}

/**
 * The largest power of two `s` with rows · max · s ≤ 2^52, capped at 2^100 so that 1/s stays a
 * normal float32 (all-zero gradients need no rounding at all).
 */
export function scaleFor(max: number, rows: number): number {
  if (max === 0) return 1;
  return 2 ** Math.min(100, Math.floor(52 - Math.log2(rows * max)));
}
