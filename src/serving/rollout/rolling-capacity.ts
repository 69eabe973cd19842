import type { EndpointConfigRecord, VariantState } from '../../endpoints/endpoint-records.js';
import { rollingCount } from './deployment-summary.js';

/**
 * Instance counts of a rolling update, per variant: the new fleet at `share` of its capacity
 * (rounded up, at least 1), the old one at `share` of its recorded counts, and the old one's way
 * back on a rollback, one batch (a share of each variant's count, at least 1) at a time.
 */
export function greenAt(green: EndpointConfigRecord, share: number): VariantState[] {
  return green.productionVariants.map((v) => ({
    variantName: v.variantName,
    weight: v.initialVariantWeight,
    instanceCount: rollingCount(v, share),
  }));
}

export function blueAt(full: readonly VariantState[], share: number): VariantState[] {
  return full.map((s) => ({ ...s, instanceCount: Math.max(1, Math.ceil(s.instanceCount * share - 1e-9)) }));
}

/** The old fleet one rollback batch closer to `full`, or undefined once it is there. */
export function nextBatch(
  full: readonly VariantState[],
  now: readonly VariantState[],
  batchShare: number,
): VariantState[] | undefined {
  const next = full.map((f) => {
    const at = now.find((s) => s.variantName === f.variantName)?.instanceCount ?? f.instanceCount;
    const batch = Math.max(1, Math.ceil(f.instanceCount * batchShare - 1e-9));
    return { ...f, instanceCount: Math.min(f.instanceCount, at + batch) };
  });
  const moved = next.some((s) => s.instanceCount !== now.find((n) => n.variantName === s.variantName)?.instanceCount);
  return moved ? next : undefined;
}
