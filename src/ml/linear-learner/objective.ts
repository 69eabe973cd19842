/**
 * The objective every solver minimises, on normalised data:
 *
 *   F(w, b) = Σᵢ sᵢ·ℓ(yᵢ, xᵢ·w + b) / Σᵢ sᵢ  +  ½·wd·‖w‖²  +  l1·‖w‖₁
 *
 * with ℓ = ½(y − z)² (squared_loss) or log(1 + eᶻ) − y·z (logistic), sᵢ the per-row weights
 * (positive_example_weight_mult) and the bias never regularised. Solvers differ only in how they
 * reach the minimum, so their answers can be compared against each other.
 */

export type LossKind = 'squared' | 'logistic';

export interface Problem {
  readonly loss: LossKind;
  readonly n: number;
  readonly d: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Per-row weights; undefined means all 1. */
  readonly rowWeights?: Float64Array;
  readonly useBias: boolean;
  readonly wd: number;
  readonly l1: number;
}

export interface Fit {
  readonly w: Float64Array;
  readonly b: number;
  readonly iterations: number;
  readonly notes: readonly string[];
  /** Set when the solver could not produce a usable model; the trainer turns it into an error. */
  readonly failure?: string;
}

/** log(1 + eᶻ) without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function rowLoss(loss: LossKind, y: number, z: number): number {
  return loss === 'squared' ? 0.5 * (y - z) ** 2 : softplus(z) - y * z;
}

/** dℓ/dz: z − y for squared loss, σ(z) − y for logistic. */
export function rowSlope(loss: LossKind, y: number, z: number): number {
  if (loss === 'squared') return z - y;
  const p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  return p - y;
}

export function totalRowWeight(p: Problem): number {
  if (!p.rowWeights) return p.n;
  let sum = 0;
  for (let i = 0; i < p.n; i++) sum += p.rowWeights[i];
  return sum;
}

export function marginOf(p: Problem, w: Float64Array, b: number, i: number): number {
  let z = b;
  const off = i * p.d;
  for (let j = 0; j < p.d; j++) z += p.x[off + j] * w[j];
  return z;
}

/** The smooth part of F (loss + L2), without the l1 term. */
export function smoothObjective(p: Problem, w: Float64Array, b: number): number {
  let sum = 0;
  for (let i = 0; i < p.n; i++) sum += (p.rowWeights?.[i] ?? 1) * rowLoss(p.loss, p.y[i], marginOf(p, w, b, i));
  let norm2 = 0;
  for (let j = 0; j < p.d; j++) norm2 += w[j] * w[j];
  return sum / totalRowWeight(p) + 0.5 * p.wd * norm2;
}

export function l1Norm(w: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < w.length; j++) sum += Math.abs(w[j]);
  return sum;
}

/** F in full: what the solvers report as the objective loss. */
export function objective(p: Problem, w: Float64Array, b: number): number {
  return smoothObjective(p, w, b) + p.l1 * l1Norm(w);
}

/** Gradient of the smooth part over the given row indices (a mini-batch), or over all rows. */
export function smoothGradient(
  p: Problem,
  w: Float64Array,
  b: number,
  rows?: ArrayLike<number>,
): { gw: Float64Array; gb: number } {
  const gw = new Float64Array(p.d);
  let gb = 0;
  let weightSum = 0;
  const count = rows ? rows.length : p.n;
  for (let k = 0; k < count; k++) {
    const i = rows ? rows[k] : k;
    const s = p.rowWeights?.[i] ?? 1;
    const g = s * rowSlope(p.loss, p.y[i], marginOf(p, w, b, i));
    const off = i * p.d;
    for (let j = 0; j < p.d; j++) gw[j] += g * p.x[off + j];
    gb += g;
    weightSum += s;
  }
  for (let j = 0; j < p.d; j++) gw[j] = gw[j] / weightSum + p.wd * w[j];
  return { gw, gb: p.useBias ? gb / weightSum : 0 };
}
