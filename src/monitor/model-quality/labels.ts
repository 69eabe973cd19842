/**
 * Turns label and prediction values (CSV text, JSON numbers, strings, booleans) into what each
 * problem type computes with, or a reason why a value cannot be one.
 */
import { parseNumber } from '../../ml/csv.js';

export type Converted<T> = { readonly ok: T } | { readonly reason: string };

const show = (value: unknown) => JSON.stringify(value) ?? String(value);

export function asNumber(value: unknown): Converted<number> {
  if (typeof value === 'number' && Number.isFinite(value)) return { ok: value };
  if (typeof value === 'string') {
    const n = parseNumber(value);
    if (n !== undefined) return { ok: n };
  }
  return { reason: `${show(value)} is not a number` };
}

/** 0 or 1: the numbers 0/1 (also `"1.0"`) and the booleans `true`/`false` (also as text). */
export function asBinary(value: unknown): Converted<0 | 1> {
  if (value === true || value === false) return { ok: value ? 1 : 0 };
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true' || text === 'false') return { ok: text === 'true' ? 1 : 0 };
  }
  const n = asNumber(value);
  if ('ok' in n && (n.ok === 0 || n.ok === 1)) return { ok: n.ok };
  return { reason: `${show(value)} is not a binary label (0 or 1)` };
}

/** A class label as text; numbers in their shortest form, so `2`, `2.0` and `"2"` are one class. */
export function asClass(value: unknown): Converted<string> {
  if (typeof value === 'number' && Number.isFinite(value)) return { ok: String(value) };
  if (typeof value === 'boolean') return { ok: String(value) };
  if (typeof value === 'string' && value.trim() !== '') {
    const n = parseNumber(value);
    return { ok: n === undefined ? value.trim() : String(n) };
  }
  return { reason: `${show(value)} is not a class label` };
}
