/**
 * Collapses a facet, a label and a predicted label to booleans, as Clarify does before any metric:
 * facet d ("disfavoured") is the rows whose facet value is one of the given values, or above the
 * given threshold; facet a is every other row. A label is positive when it is one of the label
 * values, or above the label threshold.
 *
 * Whether a column is categorical or continuous follows Clarify's rule: more than one value given
 * means categorical; a numeric column with a non-integer value is continuous; an integer column is
 * continuous when at least 5% of its values are distinct; text is categorical. One addition: a
 * column with at most two distinct values is categorical whatever its size.
 *
 * ```
 * facet Sex, values [0]        → d = rows with Sex 0, value_or_threshold "0"
 * facet Age, threshold [40]    → d = rows with 40 < Age ≤ max(Age), value_or_threshold "(40, 90]"
 * ```
 */
import { GodwitError } from '../../core/errors.js';
import { floatRepr } from '../../core/python-values.js';
import type { Cell } from './bias-table.js';

export type ColumnKind = 'categorical' | 'continuous';

export interface Selection {
  /** 1 where the row is selected (facet d, or a positive label). */
  readonly mask: Uint8Array;
  /** Clarify's text for what was selected: the values joined by ",", or the interval `(t, max]`. */
  readonly valueOrThreshold: string;
}

// Clarify's UNIQUENESS_THRESHOLD: an integer column with this share of distinct values is continuous.
const UNIQUENESS_THRESHOLD = 0.05;

export function columnKind(cells: readonly Cell[], values: readonly (string | number)[]): ColumnKind {
  if (values.length > 1) return 'categorical';
  let count = 0;
  let integral = true;
  const distinct = new Set<Cell>();
  for (const c of cells) {
    if (c === null) continue;
    if (typeof c !== 'number') return 'categorical';
    count++;
    distinct.add(c);
    if (!Number.isInteger(c)) integral = false;
  }
  // Godwit's addition: two values are two categories (Clarify's share rule alone makes a 0/1
  // label of a small data set "continuous", with an empty interval above 1).
  if (count === 0 || distinct.size <= 2) return 'categorical';
  if (!integral) return 'continuous';
  return distinct.size / count >= UNIQUENESS_THRESHOLD ? 'continuous' : 'categorical';
}

/** The rows whose value is one of `values` (categorical) or above `values[0]` (continuous). */
export function select(
  cells: readonly Cell[],
  values: readonly (string | number)[],
  kind: ColumnKind,
  column: string,
): Selection {
  return kind === 'categorical' ? selectValues(cells, values) : selectAbove(cells, values, column);
}

function selectValues(cells: readonly Cell[], values: readonly (string | number)[]): Selection {
  const texts = new Set(values.map(String));
  const numbers = new Set(values.map(Number).filter((n) => !Number.isNaN(n)));
  const mask = new Uint8Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c === null) continue;
    if (texts.has(String(c)) || (typeof c === 'number' && numbers.has(c))) mask[i] = 1;
  }
  return { mask, valueOrThreshold: values.map(String).join(',') };
}

function selectAbove(cells: readonly Cell[], values: readonly (string | number)[], column: string): Selection {
  const threshold = Number(values[0]);
  if (!Number.isFinite(threshold)) {
    throw new GodwitError(
      'E_BIAS_CONFIG',
      `"${values[0]}" is not a number, but column "${column}" is continuous and needs a threshold.`,
      {
        hint: 'Give one number: rows above it form the group.',
      },
    );
  }
  let max = Number.NEGATIVE_INFINITY;
  for (const c of cells) if (typeof c === 'number' && c > max) max = c;
  const mask = new Uint8Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (typeof c === 'number' && c > threshold && c <= max) mask[i] = 1;
  }
  return { mask, valueOrThreshold: interval(threshold, max) };
}

/** pandas' `str(Interval(t, max))`: integers stay integers, otherwise both print as floats. */
function interval(threshold: number, max: number): string {
  const [lo, hi] = [threshold, max].sort((x, y) => x - y);
  const ints = Number.isInteger(lo) && Number.isInteger(hi);
  const f = (x: number) => (ints ? String(x) : floatRepr(x));
  return `(${f(lo)}, ${f(hi)}]`;
}
