/**
 * Percentiles by the nearest-rank method over every measured latency (no histogram buckets, so a
 * p99 is one of the latencies actually seen). Sorts `values` in place.
 */
export function latencyPercentiles(values: Float64Array): { p50: number; p90: number; p99: number; max: number } {
  if (values.length === 0) return { p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, max: Number.NaN };
  values.sort();
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.ceil(q * values.length) - 1))];
  return { p50: round(at(0.5)), p90: round(at(0.9)), p99: round(at(0.99)), max: round(values[values.length - 1]) };
}

/** Milliseconds to 1 µs: finer digits are noise at this resolution and make reports hard to read. */
export function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** A growable array of float64 latencies: a long run keeps millions without boxing each. */
export class LatencyLog {
  private data = new Float64Array(4096);
  private size = 0;

  add(ms: number): void {
    if (this.size === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size++] = ms;
  }

  get length(): number {
    return this.size;
  }

  values(): Float64Array {
    return this.data.subarray(0, this.size);
  }
}
