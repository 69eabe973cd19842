import { invalidScaling } from './autoscaling-errors.js';
import type { AdjustmentType, StepAdjustment } from './scaling-records.js';

/**
 * AWS's rules for a step policy's steps: an upper bound above its lower bound, not both bounds
 * absent in one step, at most one open-ended step each way, ranges that neither overlap nor leave
 * a gap, an open lower end wherever a lower bound is negative (and an open upper end wherever an
 * upper bound is positive), and no negative ExactCapacity.
 */
export function checkSteps(steps: readonly StepAdjustment[], type: AdjustmentType): void {
  for (const s of steps) {
    if (s.lowerBound === undefined && s.upperBound === undefined) {
      throw invalidScaling('The upper and lower bound cannot both be null in the same step adjustment.');
    }
    if (s.lowerBound !== undefined && s.upperBound !== undefined && s.upperBound <= s.lowerBound) {
      throw invalidScaling(`Step adjustment upper bound ${s.upperBound} must be greater than its lower bound ${s.lowerBound}.`);
    }
    if (type === 'ExactCapacity' && s.scalingAdjustment < 0) {
      throw invalidScaling(`ScalingAdjustment ${s.scalingAdjustment} must be non-negative for ExactCapacity.`);
    }
  }
  const openLow = steps.filter((s) => s.lowerBound === undefined).length;
  const openHigh = steps.filter((s) => s.upperBound === undefined).length;
  if (openLow > 1) throw invalidScaling('At most one step adjustment may have a null lower bound.');
  if (openHigh > 1) throw invalidScaling('At most one step adjustment may have a null upper bound.');
  if (openLow === 0 && steps.some((s) => (s.lowerBound as number) < 0)) {
    throw invalidScaling('A step adjustment has a negative lower bound, so one step adjustment must have a null lower bound.');
  }
  if (openHigh === 0 && steps.some((s) => (s.upperBound as number) > 0)) {
    throw invalidScaling('A step adjustment has a positive upper bound, so one step adjustment must have a null upper bound.');
  }
  const ordered = [...steps].sort(
    (a, b) => (a.lowerBound ?? Number.NEGATIVE_INFINITY) - (b.lowerBound ?? Number.NEGATIVE_INFINITY),
  );
  for (let i = 1; i < ordered.length; i++) {
    const before = ordered[i - 1].upperBound;
    const after = ordered[i].lowerBound;
    if (before !== after) {
      throw invalidScaling(
        `Step adjustments may not overlap or leave a gap: one ends at ${before ?? 'infinity'}, the next starts at ${after}.`,
      );
    }
  }
}
