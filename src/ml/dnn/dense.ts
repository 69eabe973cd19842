/**
 * A dense layer's three products over a mini-batch, row-major with the innermost loop running
 * along contiguous memory (the i-k-j order of a matrix product): weights are `inputs × units`,
 * so one input value is multiplied into a whole row of weights at a time.
 */

export interface Dense {
  readonly inputs: number;
  readonly units: number;
  /** `inputs × units`, row-major. */
  readonly w: Float64Array;
  readonly b: Float64Array;
}

/** out (m × units) = input (m × inputs) · W + b. */
export function forward(layer: Dense, input: Float64Array, m: number, out: Float64Array): void {
  const { inputs: n, units: u, w, b } = layer;
  for (let r = 0; r < m; r++) {
    const o = r * u;
    for (let j = 0; j < u; j++) out[o + j] = b[j];
    const a = r * n;
    for (let i = 0; i < n; i++) {
      const v = input[a + i];
      if (v === 0) continue; // ReLU and dropout leave many zeros: skip their whole row of weights
      const wi = i * u;
      for (let j = 0; j < u; j++) out[o + j] += v * w[wi + j];
    }
  }
}

/** gw (inputs × units) = inputᵀ · delta and gb = Σ rows of delta, both overwritten. */
export function weightGradient(
  layer: Dense,
  input: Float64Array,
  delta: Float64Array,
  m: number,
  gw: Float64Array,
  gb: Float64Array,
): void {
  const { inputs: n, units: u } = layer;
  gw.fill(0);
  gb.fill(0);
  for (let r = 0; r < m; r++) {
    const d = r * u;
    for (let j = 0; j < u; j++) gb[j] += delta[d + j];
    const a = r * n;
    for (let i = 0; i < n; i++) {
      const v = input[a + i];
      if (v === 0) continue;
      const wi = i * u;
      for (let j = 0; j < u; j++) gw[wi + j] += v * delta[d + j];
    }
  }
}

/** back (m × inputs) = delta (m × units) · Wᵀ. */
export function inputGradient(layer: Dense, delta: Float64Array, m: number, back: Float64Array): void {
  const { inputs: n, units: u, w } = layer;
  for (let r = 0; r < m; r++) {
    const d = r * u;
    for (let i = 0; i < n; i++) {
      const wi = i * u;
      let sum = 0;
      for (let j = 0; j < u; j++) sum += delta[d + j] * w[wi + j];
      back[r * n + i] = sum;
    }
  }
}
