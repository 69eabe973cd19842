/**
 * A KLL sketch's items sorted by value with their cumulative weights: the sketch's estimate of the
 * distribution, answering ranks (as Deequ's getRank / getRankExclusive) and quantiles.
 */
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
