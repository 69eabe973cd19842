/**
 * The little dense linear algebra the built-in learners need, on row-major Float64Arrays. Sizes
 * are the feature count (tens to a few thousand), so plain O(d³) Cholesky is the right tool.
 */

/** A square symmetric matrix of order n, row-major. */
export interface SquareMatrix {
  readonly n: number;
  readonly data: Float64Array;
}

export function zeros(n: number): SquareMatrix {
  return { n, data: new Float64Array(n * n) };
}

/**
 * Lower-triangular Cholesky factor of A, or undefined when A is not (numerically) positive
 * definite. A is not modified.
 */
export function cholesky(a: SquareMatrix): Float64Array | undefined {
  const { n, data } = a;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = data[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        // A pivot that lost all but ~10 digits of its diagonal is rounding noise: call A singular.
        if (!(sum > 1e-10 * data[i * n + i])) return undefined;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  return l;
}

/** Solves L Lᵀ x = b for x given the Cholesky factor L. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * y[k];
    y[i] = sum / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
}

export interface SpdSolution {
  readonly x: Float64Array;
  /** The ridge added to the diagonal to make A positive definite; 0 when none was needed. */
  readonly jitter: number;
}

/**
 * Solves A x = b for symmetric positive semi-definite A. When A is singular (collinear
 * features, e.g. a one-hot group plus a bias, with no weight decay) a growing multiple of the
 * mean diagonal is added until Cholesky succeeds; the caller reports the jitter, never hides it.
 */
export function solveSpd(a: SquareMatrix, b: Float64Array): SpdSolution {
  const { n } = a;
  let l = cholesky(a);
  if (l) return { x: choleskySolve(l, n, b), jitter: 0 };
  let trace = 0;
  for (let i = 0; i < n; i++) trace += a.data[i * n + i];
  const scale = trace > 0 ? trace / n : 1;
  for (let jitter = scale * 1e-12; jitter <= scale; jitter *= 10) {
    const shifted = { n, data: Float64Array.from(a.data) };
    for (let i = 0; i < n; i++) shifted.data[i * n + i] += jitter;
    l = cholesky(shifted);
    if (l) return { x: choleskySolve(l, n, b), jitter };
  }
  throw new Error(`matrix of order ${n} is not positive semi-definite`);
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i] * b[i];
  return sum;
}

/** Largest eigenvalue of a symmetric PSD matrix by power iteration (deterministic start). */
export function largestEigenvalue(a: SquareMatrix, iterations = 200): number {
  const { n, data } = a;
  let v = new Float64Array(n).fill(1 / Math.sqrt(n));
  let lambda = 0;
  for (let it = 0; it < iterations; it++) {
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = dot(data.subarray(i * n, (i + 1) * n), v);
    const norm = Math.sqrt(dot(w, w));
    if (norm === 0) return 0;
    for (let i = 0; i < n; i++) w[i] /= norm;
    const converged = Math.abs(norm - lambda) <= 1e-12 * norm;
    lambda = norm;
    v = w;
    if (converged) break;
  }
  return lambda;
}
