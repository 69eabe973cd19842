/**
 * L-BFGS on the full batch, and OWL-QN (Andrew & Gao, 2007) when an L1 term makes the objective
 * non-smooth: the quasi-Newton direction is computed from the pseudo-gradient, kept in the orthant
 * the current point lies in, and every trial point is projected back onto that orthant, so weights
 * reach exactly 0. It is the solver scikit-learn's `LogisticRegression(solver='lbfgs')` uses (there
 * through SciPy's L-BFGS-B), deterministic, and needs tens of passes over the data, not epochs.
 *
 * Minimises F(θ) = f(θ) + l1·Σ_{penalised j} |θⱼ| where `f` is smooth and gives its gradient.
 */
import { dot } from '../linalg.js';

/** f(θ), writing ∇f(θ) into `grad`. */
export type SmoothObjective = (theta: Float64Array, grad: Float64Array) => number;

export interface MinimiseOptions {
  readonly l1: number;
  /** 1 where the L1 term applies (weights), 0 where it does not (intercepts). */
  readonly penalised: Uint8Array;
  readonly maxIterations: number;
  /** Called after each iteration with the new point; returning true ends the minimisation there. */
  readonly afterIteration: (iteration: number, theta: Float64Array) => boolean | Promise<boolean>;
}

export interface Minimum {
  readonly theta: Float64Array;
  readonly value: number;
  readonly iterations: number;
}

const MEMORY = 10;
// Stop when the largest (pseudo-)gradient entry is below GRADIENT_TOLERANCE or F changes by less
// than VALUE_TOLERANCE relative: both far below what any metric reported downstream can see.
const GRADIENT_TOLERANCE = 1e-8;
const VALUE_TOLERANCE = 1e-14;
const ARMIJO = 1e-4;
const MAX_HALVINGS = 50;

export async function minimise(f: SmoothObjective, start: Float64Array, options: MinimiseOptions): Promise<Minimum> {
  const { l1, penalised } = options;
  const n = start.length;
  let x: Float64Array = Float64Array.from(start);
  let g: Float64Array = new Float64Array(n);
  let value = f(x, g) + l1Term(x, l1, penalised);
  const history = new History(n);
  let iteration = 0;
  while (iteration < options.maxIterations) {
    const pg = pseudoGradient(x, g, l1, penalised);
    if (maxAbs(pg) <= GRADIENT_TOLERANCE) break;
    const direction = history.direction(pg);
    if (l1 > 0) for (let j = 0; j < n; j++) if (penalised[j] && direction[j] * pg[j] >= 0) direction[j] = 0;
    if (dot(direction, pg) >= 0) {
      // Not a descent direction (the curvature pairs went stale): restart from steepest descent.
      history.clear();
      for (let j = 0; j < n; j++) direction[j] = -pg[j];
    }
    const first = history.size === 0 ? Math.min(1, 1 / Math.sqrt(dot(pg, pg))) : 1;
    const step = lineSearch(f, x, value, pg, direction, first, options);
    if (!step) break;
    history.push(step.x, x, step.g, g);
    const change = (value - step.value) / Math.max(Math.abs(value), Math.abs(step.value), 1);
    x = step.x;
    g = step.g;
    value = step.value;
    iteration += 1;
    if (await options.afterIteration(iteration, x)) break;
    if (change <= VALUE_TOLERANCE) break;
  }
  return { theta: x, value, iterations: iteration };
}

interface Step {
  readonly x: Float64Array;
  readonly g: Float64Array;
  readonly value: number;
}

/** Backtracking until the Armijo condition holds, projecting onto the orthant when l1 > 0. */
function lineSearch(
  f: SmoothObjective,
  x: Float64Array,
  value: number,
  pg: Float64Array,
  direction: Float64Array,
  first: number,
  options: MinimiseOptions,
): Step | undefined {
  const { l1, penalised } = options;
  const n = x.length;
  const orthant = new Float64Array(n);
  for (let j = 0; j < n; j++) orthant[j] = x[j] !== 0 ? Math.sign(x[j]) : -Math.sign(pg[j]);
  const trial = new Float64Array(n);
  const grad = new Float64Array(n);
  let t = first;
  for (let halving = 0; halving < MAX_HALVINGS; halving++, t /= 2) {
    let decrease = 0;
    for (let j = 0; j < n; j++) {
      let v = x[j] + t * direction[j];
      if (l1 > 0 && penalised[j] && Math.sign(v) !== orthant[j]) v = 0;
      trial[j] = v;
      decrease += pg[j] * (v - x[j]);
    }
    const next = f(trial, grad) + l1Term(trial, l1, penalised);
    if (next <= value + ARMIJO * decrease) return { x: trial, g: grad, value: next };
  }
  return undefined;
}

/** The steepest-descent direction's negative for F: ∇f plus the L1 term's one-sided slopes. */
function pseudoGradient(x: Float64Array, g: Float64Array, l1: number, penalised: Uint8Array): Float64Array {
  const pg = Float64Array.from(g);
  if (l1 === 0) return pg;
  for (let j = 0; j < x.length; j++) {
    if (!penalised[j]) continue;
    if (x[j] > 0) pg[j] = g[j] + l1;
    else if (x[j] < 0) pg[j] = g[j] - l1;
    else if (g[j] + l1 < 0) pg[j] = g[j] + l1;
    else if (g[j] - l1 > 0) pg[j] = g[j] - l1;
    else pg[j] = 0;
  }
  return pg;
}

/** The last MEMORY curvature pairs (s, y) and the two-loop recursion over them. */
class History {
  private readonly s: Float64Array[] = [];
  private readonly y: Float64Array[] = [];
  private readonly rho: number[] = [];

  constructor(private readonly n: number) {}

  get size(): number {
    return this.s.length;
  }

  clear(): void {
    this.s.length = 0;
    this.y.length = 0;
    this.rho.length = 0;
  }

  push(xNew: Float64Array, xOld: Float64Array, gNew: Float64Array, gOld: Float64Array): void {
    const s = new Float64Array(this.n);
    const y = new Float64Array(this.n);
    for (let j = 0; j < this.n; j++) {
      s[j] = xNew[j] - xOld[j];
      y[j] = gNew[j] - gOld[j];
    }
    const sy = dot(s, y);
    // A pair without positive curvature would make the inverse-Hessian estimate indefinite.
    if (!(sy > 1e-12 * dot(y, y))) return;
    if (this.s.length === MEMORY) {
      this.s.shift();
      this.y.shift();
      this.rho.shift();
    }
    this.s.push(s);
    this.y.push(y);
    this.rho.push(1 / sy);
  }

  /** −H·pg, with H the L-BFGS inverse-Hessian estimate (the identity when empty). */
  direction(pg: Float64Array): Float64Array {
    const q = Float64Array.from(pg, (v) => -v);
    const count = this.s.length;
    const alpha = new Float64Array(count);
    for (let i = count - 1; i >= 0; i--) {
      alpha[i] = this.rho[i] * dot(this.s[i], q);
      axpy(-alpha[i], this.y[i], q);
    }
    if (count > 0) {
      const last = count - 1;
      const gamma = 1 / (this.rho[last] * dot(this.y[last], this.y[last]));
      for (let j = 0; j < q.length; j++) q[j] *= gamma;
    }
    for (let i = 0; i < count; i++) {
      const beta = this.rho[i] * dot(this.y[i], q);
      axpy(alpha[i] - beta, this.s[i], q);
    }
    return q;
  }
}

/** l1·Σ_{penalised j} |θⱼ|. */
export function l1Term(x: Float64Array, l1: number, penalised: Uint8Array): number {
  if (l1 === 0) return 0;
  let sum = 0;
  for (let j = 0; j < x.length; j++) if (penalised[j]) sum += Math.abs(x[j]);
  return l1 * sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < y.length; j++) y[j] += a * x[j];
}

function maxAbs(v: Float64Array): number {
  let max = 0;
  for (let j = 0; j < v.length; j++) max = Math.max(max, Math.abs(v[j]));
  return max;
}
