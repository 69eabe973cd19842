import type { AxisSpec } from './chart-spec.js';
import { formatTick, niceTicks } from './nice-ticks.js';

/** A linear map from data values to pixels, with the ticks to draw. */
export interface AxisScale {
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly number[];
  toPx(value: number): number;
  format(value: number): string;
}

/**
 * The scale of one axis over `values` (the data it must show), drawn from `from` px (at `min`) to
 * `to` px (at `max`; for a y axis `to` < `from`). Fixed bounds in the spec win over the data; the
 * ticks are then the nice values inside them.
 */
export function axisScale(spec: AxisSpec | undefined, values: readonly number[], from: number, to: number): AxisScale {
  const finite = values.filter(Number.isFinite);
  if (spec?.min !== undefined) finite.push(spec.min);
  if (spec?.max !== undefined) finite.push(spec.max);
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 1;
  const nice = niceTicks(lo, hi, spec?.ticks ?? 6);
  const min = spec?.min ?? nice.min;
  const max = spec?.max ?? nice.max;
  const span = max - min || 1;
  const ticks = nice.values.filter((v) => v >= min - span * 1e-9 && v <= max + span * 1e-9);
  return {
    min,
    max,
    ticks,
    toPx: (value) => from + ((value - min) / span) * (to - from),
    format: spec?.format ?? formatTick,
  };
}
