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
 * comparison, and compaction sorts a typed array with a bucket sort (sort-values.ts). Merging
 * concatenates level by level and condenses, Deequ's merge, so chunks profiled in parallel give a
 * sketch of the same accuracy as one pass.
 */
import type { KllSketch as KllSketchJson } from '../../monitor-files.js';
import { sortValues } from './sort-values.js';
import { WeightedItems } from './weighted-items.js';

export { WeightedItems } from './weighted-items.js';

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
  /** Scratch for compaction output and merges, reused. */
  private out = new Float64Array(2048);
  private merged = new Float64Array(4096);

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
      if (h === 0) this.append(0, add);
      else this.mergeSorted(h, add);
    }
    // append may have replaced level 0's array: the fields must follow before condense syncs them back.
    this.loadLevel0();
    this.size = this.itemCount();
    while (this.size >= this.totalCapacity) this.condense();
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
      if (h === 0) sketch.append(0, Float64Array.from(items));
      else sketch.mergeSorted(h, Float64Array.from(items).sort());
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

  /**
   * Deequ's compaction of level h. Level 0 is sorted here; the levels above are kept sorted as
   * items arrive (each arrival is a sorted run, merged in), which halves the sorting work and
   * changes nothing else: the odd item left behind is the last one, as in Deequ, and for a sorted
   * level that is its largest.
   */
  private compact(h: number): void {
    const level = this.levels[h] as Float64Array;
    const items = this.lengths[h] as number;
    const even = items - (items % 2);
    const done = this.compactions[h] as number;
    const offset = done % 2 === 1 ? 1 - (this.offsets[h] as number) : this.randomBit();
    this.offsets[h] = offset;
    this.compactions[h] = done + 1;
    if (h === 0) sortValues(level, even);
    const half = even >> 1;
    if (this.out.length < half) this.out = new Float64Array(half * 2);
    const out = this.out;
    for (let i = offset, j = 0; i < even; i += 2) out[j++] = level[i] as number;
    if (items % 2 === 1) level[0] = level[items - 1] as number;
    this.lengths[h] = items % 2;
    this.mergeSorted(h + 1, out.subarray(0, half));
  }

  /** Merges the sorted `items` into sorted level h (h ≥ 1). */
  private mergeSorted(h: number, items: Float64Array): void {
    const level = this.levels[h] as Float64Array;
    const length = this.lengths[h] as number;
    const total = length + items.length;
    if (this.merged.length < total) this.merged = new Float64Array(total * 2);
    const merged = this.merged;
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < length && j < items.length) {
      const a = level[i] as number;
      const b = items[j] as number;
      if (a <= b) {
        merged[k++] = a;
        i++;
      } else {
        merged[k++] = b;
        j++;
      }
    }
    while (i < length) merged[k++] = level[i++] as number;
    while (j < items.length) merged[k++] = items[j++] as number;
    this.lengths[h] = 0;
    this.append(h, merged.subarray(0, total));
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
