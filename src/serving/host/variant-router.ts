import { GodwitError } from '../../core/errors.js';

/** What the router needs of a variant: its name and its current weight. */
export interface Weighted {
  readonly name: string;
  readonly weight: number;
}

/**
 * Picks production variants as SageMaker does: variant i with probability `weight_i / Σ weight`,
 * or the one the caller named (`TargetVariant`). `random` is injectable so a test can fix the seed.
 * Weights change live (UpdateEndpointWeightsAndCapacities) through `reweigh`.
 */
export class VariantRouter<V extends Weighted> {
  private cumulative: number[] = [];
  private total = 0;

  constructor(
    private readonly variants: readonly V[],
    private readonly random: () => number = Math.random,
  ) {
    this.reweigh();
  }

  /** Recomputes the split after a weight changed. */
  reweigh(): void {
    let sum = 0;
    this.cumulative = this.variants.map((v) => (sum += Math.max(0, v.weight)));
    this.total = sum;
  }

  pick(target?: string): V {
    if (target !== undefined) return this.named(target);
    const variants = this.variants;
    if (variants.length === 1) return variants[0];
    // All weights zero: SageMaker serves no traffic by weight; spread evenly rather than fail.
    if (this.total <= 0) return variants[Math.floor(this.random() * variants.length)];
    const x = this.random() * this.total;
    const cumulative = this.cumulative;
    for (let i = 0; i < cumulative.length; i++) if (x < cumulative[i]) return variants[i];
    return variants[variants.length - 1];
  }

  private named(target: string): V {
    for (const v of this.variants) if (v.name === target) return v;
    throw new GodwitError(
      'E_VARIANT_NOT_FOUND',
      `The endpoint has no production variant "${target}". Its variants: ${this.variants.map((v) => v.name).join(', ')}.`,
      { hint: 'Name one of them in TargetVariant (X-Amzn-SageMaker-Target-Variant), or leave it out to route by weight.' },
    );
  }
}
