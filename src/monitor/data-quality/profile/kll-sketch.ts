/**
 * The KLL quantile sketch exactly as Deequ (and so SageMaker Model Monitor) builds it: compactor
 * level h holds items that each stand for 2^h values and has capacity 2·(⌈k·c^h/2⌉+1), with
 * k = 2048 and c = 0.64 — the LOWEST level is the largest, unlike the KLL paper. When the items in
 * all levels exceed the summed capacities, the lowest level at or over its capacity is compacted:
 * its items are sorted, every other one (starting at offset 0 or 1) moves up a level, and an odd
 * last item stays. The offset alternates between compactions, chosen at random every second one,
 * as Deequ does; our random source is a seeded xorshift so a profile is reproducible.
 *
 * Written for speed: levels are Float64Arrays grown by doubling, an update is one store and one
 * comparison, and compaction sorts a typed array (numeric sort, no comparator). Merging
 * concatenates level by level and condenses, Deequ's merge, so chunks profiled in parallel give a
 * sketch of the same accuracy as one pass.
 */
import type { KllSketch as KllSketchJson } from '../../monitor-files.js';

export const KLL_SKETCH_SIZE = 2048;
export const KLL_SHRINKING_FACTOR = 0.64;

export class KllSketch {
  readonly k: number;
  readonly c: number;
  private levels: Float64Array[] = [];
  private lengths: number[] = [];
  private compactions: number[] = [];
  private offsets: number[] = [];
  private capacities: number[] = [];
  private size = 0;
  private totalCapacity = 0;
  private level0: Float64Array;
  private length0 = 0;
  private seed: number;

  constructor(k = KLL_SKETCH_SIZE, c = KLL_SHRINKING_FACTOR, seed = 0x9e3779b9) {
    this.k = k;
    this.c = c;
    this.seed = seed | 0 || 1;
    this.expand();
    this.level0 = this.levels[0] as Float64Array;
  }

  /** How many values the sketch stands for (the items' summed weights). */
  get count(): number {
    let n = 0;
    this.syncLevel0();
    for (let h = 0; h < this.lengths.length; h++) n += (this.lengths[h] as number) * 2 ** h;
    return n;
  }

  update(x: number): void {
    if (this.length0 === this.level0.length) this.growLevel0();
    this.level0[this.length0++] = x;
    if (++this.size > this.totalCapacity) this.condense();
  }

  /** `update` for `values[from..to)`, the column-at-a-time path. */
  updateMany(values: Float64Array, from = 0, to = values.length): void {
    let i = from;
    while (i < to) {
      // Copy as many values as fit before the next condense, in one tight loop.
      const room = Math.min(to - i, this.totalCapacity + 1 - this.size, this.level0.length - this.length0);
      if (room <= 0) {
        if (this.length0 === this.level0.length) this.growLevel0();
        continue;
      }
      this.level0.set(values.subarray(i, i + room), this.length0);
      this.length0 += room;
      this.size += room;
      i += room;
      if (this.size > this.totalCapacity) this.condense();
    }
  }

  /** Deequ's merge: concatenate level by level, then condense while at or over capacity. */
  merge(other: KllSketch): this {
    this.syncLevel0();
    other.syncLevel0();
    while (this.levels.length < other.levels.length) this.expand();
    for (let h = 0; h < other.levels.length; h++) {
      const add = (other.levels[h] as Float64Array).subarray(0, other.lengths[h]);
      this.append(h, add);
    }
    this.size = this.itemCount();
    while (this.size >= this.totalCapacity) this.condense();
    this.loadLevel0();
    return this;
  }

  /** `{parameters: {c, k}, data}` as Deequ serialises it into statistics.json. */
  toJSON(): KllSketchJson {
    this.syncLevel0();
    const data = this.levels.map((level, h) => Array.from(level.subarray(0, this.lengths[h])));
    return { parameters: { c: this.c, k: this.k }, data };
  }

  /** A sketch from its serialised form (a statistics.json of SageMaker's or ours). */
  static fromJSON(json: KllSketchJson): KllSketch {
    const sketch = new KllSketch(json.parameters.k, json.parameters.c);
    json.data.forEach((items, h) => {
      if (h >= sketch.levels.length) sketch.expand();
      sketch.append(h, Float64Array.from(items));
    });
    sketch.size = sketch.itemCount();
    sketch.loadLevel0();
    return sketch;
  }

  /** The items with their weights, sorted by value: the sketch's estimate of the distribution. */
  weighted(): WeightedItems {
    this.syncLevel0();
    const n = this.itemCount();
    const values = new Float64Array(n);
    const weights = new Float64Array(n);
    let at = 0;
    for (let h = 0; h < this.levels.length; h++) {
      const level = this.levels[h] as Float64Array;
      for (let i = 0; i < (this.lengths[h] as number); i++) {
        values[at] = level[i] as number;
        weights[at++] = 2 ** h;
      }
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
    const sorted = new Float64Array(n);
    const cumulative = new Float64Array(n);
    let total = 0;
    order.forEach((i, j) => {
      sorted[j] = values[i] as number;
      total += weights[i] as number;
      cumulative[j] = total;
    });
    return new WeightedItems(sorted, cumulative);
  }

  private expand(): void {
    const h = this.levels.length;
    const capacity = 2 * (Math.ceil((this.k * this.c ** h) / 2) + 1);
    this.levels.push(new Float64Array(capacity + 2));
    this.lengths.push(0);
    this.compactions.push(0);
    this.offsets.push(0);
    this.capacities.push(capacity);
    this.totalCapacity += capacity;
  }

  private syncLevel0(): void {
    this.levels[0] = this.level0;
    this.lengths[0] = this.length0;
  }

  private loadLevel0(): void {
    this.level0 = this.levels[0] as Float64Array;
    this.length0 = this.lengths[0] as number;
  }

  private growLevel0(): void {
    const grown = new Float64Array(this.level0.length * 2);
    grown.set(this.level0);
    this.level0 = grown;
  }

  private itemCount(): number {
    let n = 0;
    for (const length of this.lengths) n += length;
    return n;
  }

  private append(h: number, items: Float64Array): void {
    let level = this.levels[h] as Float64Array;
    const length = this.lengths[h] as number;
    if (length + items.length > level.length) {
      const grown = new Float64Array(Math.max(level.length * 2, length + items.length));
      grown.set(level.subarray(0, length));
      level = grown;
      this.levels[h] = level;
    }
    level.set(items, length);
    this.lengths[h] = length + items.length;
  }

  /** Compacts the lowest level at or over its capacity, as Deequ's `condense`. */
  private condense(): void {
    this.syncLevel0();
    for (let h = 0; h < this.levels.length; h++) {
      if ((this.lengths[h] as number) < (this.capacities[h] as number)) continue;
      if (h + 1 >= this.levels.length) this.expand();
      this.compact(h);
      break;
    }
    this.size = this.itemCount();
    this.loadLevel0();
  }

  private compact(h: number): void {
    const level = this.levels[h] as Float64Array;
    const items = this.lengths[h] as number;
    const even = items - (items % 2);
    const done = this.compactions[h] as number;
    const offset = done % 2 === 1 ? 1 - (this.offsets[h] as number) : this.randomBit();
    this.offsets[h] = offset;
    this.compactions[h] = done + 1;
    const sorted = level.subarray(0, even).sort();
    const out = new Float64Array(even >> 1);
    for (let i = offset, j = 0; i < even; i += 2) out[j++] = sorted[i] as number;
    // The odd item (never sorted, the last one added) stays at the bottom of this level.
    if (items % 2 === 1) level[0] = level[items - 1] as number;
    this.lengths[h] = items % 2;
    this.append(h + 1, out);
  }

  private randomBit(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x;
    return x & 1;
  }
}

/** A sketch's items sorted by value, with cumulative weights: ranks and quantiles. */
export class WeightedItems {
  constructor(
    readonly values: Float64Array,
    readonly cumulative: Float64Array,
  ) {}

  get total(): number {
    return this.cumulative.length === 0 ? 0 : (this.cumulative[this.cumulative.length - 1] as number);
  }

  /** Weight of the items ≤ x (Deequ's `getRank`). */
  rank(x: number): number {
    const i = upperBound(this.values, x);
    return i === 0 ? 0 : (this.cumulative[i - 1] as number);
  }

  /** Weight of the items < x (Deequ's `getRankExclusive`). */
  rankExclusive(x: number): number {
    const i = lowerBound(this.values, x);
    return i === 0 ? 0 : (this.cumulative[i - 1] as number);
  }

  /** The smallest item whose cumulative weight reaches q of the total (0 < q ≤ 1). */
  quantile(q: number): number {
    const target = q * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) >= target) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo] as number;
  }
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
