/**
 * The coalitions KernelSHAP evaluates, and their Shapley-kernel weights, chosen as the SHAP
 * library's KernelExplainer chooses them: subset sizes are taken whole, smallest and largest first
 * (a size and its complement together), while the sample budget covers a whole size; the rest of
 * the budget is drawn at random by the kernel's weight per size, each drawn coalition with its
 * complement, repeats adding weight rather than rows. When the budget covers every coalition
 * (2^M − 2), the weighted least squares is exact and KernelSHAP gives the exact Shapley values.
 */

export interface Coalitions {
  readonly count: number;
  readonly features: number;
  /** Row-major `count × features`: 1 where the feature is present (the instance's value). */
  readonly masks: Uint8Array;
  readonly weights: Float64Array;
}

/** SHAP's "auto" budget, `2M + 2048`, capped at every coalition there is. */
export function defaultSamples(features: number): number {
  return Math.min(2 * features + 2048, allCoalitions(features));
}

export function allCoalitions(features: number): number {
  return features >= 52 ? Number.MAX_SAFE_INTEGER : 2 ** features - 2;
}

export function sampleCoalitions(m: number, budget: number, random: () => number): Coalitions {
  const samples = Math.max(1, Math.min(budget, allCoalitions(m)));
  const list = new CoalitionList(m, samples);
  const sizes = Math.ceil((m - 1) / 2);
  const paired = Math.floor((m - 1) / 2);
  const kernel = Array.from({ length: sizes }, (_, i) => (m - 1) / ((i + 1) * (m - i - 1)));
  for (let i = 0; i < paired; i++) kernel[i] *= 2;
  const total = kernel.reduce((a, b) => a + b, 0);
  for (let i = 0; i < sizes; i++) kernel[i] /= total;
  const remaining = [...kernel];
  let left = samples;
  let full = 0;
  for (let s = 1; s <= sizes; s++) {
    const isPaired = s <= paired;
    const subsets = binomial(m, s) * (isPaired ? 2 : 1);
    if ((left * remaining[s - 1]) / subsets < 1 - 1e-8) break;
    full += 1;
    left -= subsets;
    const rest = remaining[s - 1];
    if (rest < 1) for (let i = 0; i < sizes; i++) remaining[i] /= 1 - rest;
    const weight = kernel[s - 1] / subsets;
    forEachCombination(m, s, (chosen) => {
      list.add(maskOf(m, chosen, false), weight);
      if (isPaired) list.add(maskOf(m, chosen, true), weight);
    });
  }
  if (full < sizes && left > 0) sampleRest({ m, paired, full, kernel, left, list, random });
  return list.done();
}

interface RestInput {
  readonly m: number;
  readonly paired: number;
  readonly full: number;
  readonly kernel: readonly number[];
  readonly left: number;
  readonly list: CoalitionList;
  readonly random: () => number;
}

/** The sizes not taken whole: coalitions drawn by size weight, each with its complement. */
function sampleRest({ m, paired, full, kernel, left, list, random }: RestInput): void {
  const fixed = list.size;
  // Each draw of a paired size yields two coalitions, so its probability is halved.
  const p = kernel.slice(full).map((w, i) => (i + full < paired ? w / 2 : w));
  const sum = p.reduce((a, b) => a + b, 0);
  const order = Int32Array.from({ length: m }, (_, i) => i);
  let budget = left;
  for (let draw = 0; budget > 0 && draw < 4 * left; draw++) {
    const s = pick(p, sum, random) + full + 1;
    for (let i = 0; i < s; i++) {
      const j = i + Math.floor(random() * (m - i));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    const chosen = Array.from(order.subarray(0, s)).sort((a, b) => a - b);
    if (list.add(maskOf(m, chosen, false), 1)) budget -= 1;
    if (budget > 0 && s <= paired && list.add(maskOf(m, chosen, true), 1)) budget -= 1;
  }
  const restWeight = kernel.slice(full).reduce((a, b) => a + b, 0);
  list.rescale(fixed, restWeight);
}

function pick(p: readonly number[], sum: number, random: () => number): number {
  let u = random() * sum;
  for (let i = 0; i < p.length; i++) {
    u -= p[i];
    if (u < 0) return i;
  }
  return p.length - 1;
}

class CoalitionList {
  private readonly masks: Uint8Array;
  private readonly weights: Float64Array;
  private readonly seen = new Map<string, number>();
  size = 0;
  constructor(
    private readonly m: number,
    capacity: number,
  ) {
    this.masks = new Uint8Array(capacity * m);
    this.weights = new Float64Array(capacity);
  }

  /** Adds a coalition; true when it is new, false when it only added weight to an earlier one. */
  add(mask: Uint8Array, weight: number): boolean {
    const key = mask.join('');
    const at = this.seen.get(key);
    if (at !== undefined) {
      this.weights[at] += weight;
      return false;
    }
    this.masks.set(mask, this.size * this.m);
    this.weights[this.size] = weight;
    this.seen.set(key, this.size);
    this.size += 1;
    return true;
  }

  /** Scales the weights from `from` on to sum to `total`. */
  rescale(from: number, total: number): void {
    let sum = 0;
    for (let i = from; i < this.size; i++) sum += this.weights[i];
    if (sum > 0) for (let i = from; i < this.size; i++) this.weights[i] *= total / sum;
  }

  done(): Coalitions {
    return {
      count: this.size,
      features: this.m,
      masks: this.masks.subarray(0, this.size * this.m),
      weights: this.weights.subarray(0, this.size),
    };
  }
}

function maskOf(m: number, chosen: readonly number[], complement: boolean): Uint8Array {
  const mask = new Uint8Array(m).fill(complement ? 1 : 0);
  for (const i of chosen) mask[i] = complement ? 0 : 1;
  return mask;
}

export function binomial(n: number, k: number): number {
  let out = 1;
  for (let i = 1; i <= k; i++) out = (out * (n - k + i)) / i;
  return Math.round(out);
}

/** Calls `visit` with every k-subset of 0…n−1, in lexicographic order. */
export function forEachCombination(n: number, k: number, visit: (chosen: readonly number[]) => void): void {
  const chosen = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    visit(chosen);
    let i = k - 1;
    while (i >= 0 && chosen[i] === n - k + i) i--;
    if (i < 0) return;
    chosen[i] += 1;
    for (let j = i + 1; j < k; j++) chosen[j] = chosen[j - 1] + 1;
  }
}
