/**
 * Adam (Kingma & Ba, 2015) with TensorFlow's defaults (β₁ 0.9, β₂ 0.999, ε 1e-7), the penalty
 * ½·l2·‖w‖² + l1·‖w‖₁ on weights (never biases) added to the gradient before the moments.
 */
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

export class Adam {
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private t = 0;

  constructor(
    sizes: readonly number[],
    private readonly learnRate: number,
    private readonly l1: number,
    private readonly l2: number,
  ) {
    this.m = sizes.map((n) => new Float64Array(n));
    this.v = sizes.map((n) => new Float64Array(n));
  }

  /** One step on every parameter array; `penalised[p]` says whether array p takes L1/L2. */
  step(params: readonly Float64Array[], grads: readonly Float64Array[], penalised: readonly boolean[]): void {
    this.t += 1;
    const rate = (this.learnRate * Math.sqrt(1 - BETA2 ** this.t)) / (1 - BETA1 ** this.t);
    for (let p = 0; p < params.length; p++) {
      const theta = params[p];
      const g = grads[p];
      const m = this.m[p];
      const v = this.v[p];
      const l1 = penalised[p] ? this.l1 : 0;
      const l2 = penalised[p] ? this.l2 : 0;
      for (let j = 0; j < theta.length; j++) {
        const gj = g[j] + l2 * theta[j] + l1 * Math.sign(theta[j]);
        m[j] = BETA1 * m[j] + (1 - BETA1) * gj;
        v[j] = BETA2 * v[j] + (1 - BETA2) * gj * gj;
        theta[j] -= (rate * m[j]) / (Math.sqrt(v[j]) + EPSILON);
      }
    }
  }
}
