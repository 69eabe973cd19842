/**
 * What the profiler keeps for one column while it reads: counts of each value kind (the type
 * inference's evidence), the numeric moments, min and max, a KLL sketch of the numbers, and the
 * counts of distinct text values. Profiles of chunks merge, so a data set can be read in
 * parallel pieces and the pieces combined.
 *
 * The moments are kept about a shift (the first value seen): `s1 = Σ(x−K)`, `s2 = Σ(x−K)²`, so
 * the variance `(s2 − s1²/n)/n` does not lose its digits to a large mean, and a merge recentres
 * both sides on the combined mean (Chan et al.'s pairwise update).
 */
import { KllSketch } from './kll-sketch.js';

export class ColumnProfile {
  /** Values read as whole numbers (`12`, `-3`). */
  integral = 0;
  /** Values read as numbers that are not whole-number text (`1.5`, `2.0`, `1e3`). */
  fractional = 0;
  /** Values that are not numbers. */
  strings = 0;
  /** Empty fields and nulls. */
  missing = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  shift = Number.NaN;
  s1 = 0;
  s2 = 0;
  readonly sketch: KllSketch;
  /** Text values and their counts: every value's text once the column is known to be String. */
  readonly texts = new Map<string, number>();

  constructor(
    readonly name: string,
    /** Count every value as text (set on the second pass over a column that mixes numbers and text). */
    readonly asText = false,
    seed?: number,
    sketch?: KllSketch,
  ) {
    this.sketch = sketch ?? new KllSketch(undefined, undefined, seed);
  }

  get numbers(): number {
    return this.integral + this.fractional;
  }

  addNumber(x: number, integral: boolean): void {
    if (integral) this.integral++;
    else this.fractional++;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    this.sum += x;
    if (Number.isNaN(this.shift)) this.shift = x;
    const d = x - this.shift;
    this.s1 += d;
    this.s2 += d * d;
    this.sketch.update(x);
  }

  /** `addNumber` for a run of numbers, `integral` of them whole: the column-at-a-time path. */
  addNumbers(values: Float64Array, integral: number): void {
    const n = values.length;
    if (n === 0) return;
    if (Number.isNaN(this.shift)) this.shift = values[0] as number;
    const k = this.shift;
    let min = this.min;
    let max = this.max;
    let sum = 0;
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = values[i] as number;
      if (x < min) min = x;
      if (x > max) max = x;
      sum += x;
      const d = x - k;
      s1 += d;
      s2 += d * d;
    }
    this.min = min;
    this.max = max;
    this.sum += sum;
    this.s1 += s1;
    this.s2 += s2;
    this.integral += integral;
    this.fractional += n - integral;
    this.sketch.updateMany(values);
  }

  addText(text: string): void {
    this.strings++;
    this.countText(text);
  }

  /** A number's text on the second pass (`asText`): it counts as its kind and as a text value. */
  addNumberText(text: string, integral: boolean): void {
    if (integral) this.integral++;
    else this.fractional++;
    this.countText(text);
  }

  addMissing(): void {
    this.missing++;
  }

  /** Population variance of the numbers (Deequ's StandardDeviation is the population one). */
  variance(): number {
    const n = this.numbers;
    if (n === 0) return 0;
    return Math.max(0, (this.s2 - (this.s1 * this.s1) / n) / n);
  }

  merge(other: ColumnProfile): this {
    const n1 = this.numbers;
    const n2 = other.numbers;
    if (n2 > 0) {
      if (n1 === 0) {
        this.shift = other.shift;
        this.s1 = other.s1;
        this.s2 = other.s2;
      } else {
        const mean1 = this.shift + this.s1 / n1;
        const mean2 = other.shift + other.s1 / n2;
        const m2 = this.variance() * n1 + other.variance() * n2 + ((mean2 - mean1) ** 2 * n1 * n2) / (n1 + n2);
        this.shift = (mean1 * n1 + mean2 * n2) / (n1 + n2);
        this.s1 = 0;
        this.s2 = m2;
      }
      this.sketch.merge(other.sketch);
    }
    this.integral += other.integral;
    this.fractional += other.fractional;
    this.strings += other.strings;
    this.missing += other.missing;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    for (const [text, count] of other.texts) this.texts.set(text, (this.texts.get(text) ?? 0) + count);
    return this;
  }

  private countText(text: string): void {
    this.texts.set(text, (this.texts.get(text) ?? 0) + 1);
  }
}
