/** Tick values for an axis: round numbers (1, 2 or 5 times a power of ten) covering the range. */
export interface Ticks {
  /** The axis' bounds, widened to whole steps. */
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly values: readonly number[];
}

/**
 * Nice ticks for [min, max] with about `count` of them (Heckbert's "nice numbers"): the bounds
 * widen outwards to multiples of the step. An empty range (min = max) is widened around the value
 * so a flat series still gets an axis. Values are rounded to the step's decimals so that 0.1 + 0.2
 * is written 0.3.
 */
export function niceTicks(min: number, max: number, count = 6): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return niceTicks(0, 1, count);
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    [min, max] = [min - pad, max + pad];
  }
  const step = niceNumber(niceNumber(max - min, false) / Math.max(1, count - 1), true);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const values: number[] = [];
  for (let i = 0; lo + i * step <= hi + step / 2; i++) values.push(roundTo(lo + i * step, decimals));
  return { min: roundTo(lo, decimals), max: roundTo(hi, decimals), step, values };
}

function niceNumber(range: number, round: boolean): number {
  const exponent = Math.floor(Math.log10(range));
  const fraction = range / 10 ** exponent;
  let nice: number;
  if (round) nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  else nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * 10 ** exponent;
}

function roundTo(value: number, decimals: number): number {
  const rounded = Number(value.toFixed(Math.min(decimals, 12)));
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** A tick's default text: the number as JavaScript writes it, with thousands as "k" from 10,000. */
export function formatTick(value: number): string {
  if (Math.abs(value) >= 10_000 && value % 1000 === 0) return `${value / 1000}k`;
  return String(value);
}
