/**
 * Numbers read straight from bytes, the profiler's hot path. A field is a number when it is
 * `[+-]?digits[.digits][(e|E)[+-]?digits]` (surrounding spaces allowed), as Deequ's data-type
 * patterns have it; it is Integral when it has neither a point nor an exponent. Up to 15
 * significant digits and a power of ten up to 22, `mantissa / 10^d` is exactly what `Number()`
 * gives (both operands are exact doubles and IEEE division rounds once); longer or larger
 * numbers go through `Number()` on the decoded text.
 */

export const NOT_NUMBER = 0;
export const INTEGRAL = 1;
export const FRACTIONAL = 2;
export const EMPTY = 3;

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const latin1 = new TextDecoder('latin1');

/** The kind of the last field `parseNumber` read: NOT_NUMBER, INTEGRAL, FRACTIONAL or EMPTY. */
export let lastKind = NOT_NUMBER;

/** The number in `bytes[start..end)`, setting `lastKind`; NaN when the field is not a number. */
export function parseNumber(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && bytes[start] === 32) start++;
  while (end > start && bytes[end - 1] === 32) end--;
  if (start === end) {
    lastKind = EMPTY;
    return Number.NaN;
  }
  let i = start;
  let c = bytes[i] as number;
  const negative = c === 45;
  if (c === 45 || c === 43) i++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  for (; i < end; i++) {
    c = bytes[i] as number;
    if (c < 48 || c > 57) break;
    mantissa = mantissa * 10 + (c - 48);
    digits++;
  }
  let kind = INTEGRAL;
  if (i < end && bytes[i] === 46) {
    kind = FRACTIONAL;
    i++;
    for (; i < end; i++) {
      c = bytes[i] as number;
      if (c < 48 || c > 57) break;
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      scale++;
    }
  }
  if (digits === 0) return notNumber();
  if (i < end && (bytes[i] === 101 || bytes[i] === 69)) return exponentForm(bytes, start, end, i);
  if (i !== end) return notNumber();
  lastKind = kind;
  if (digits > 15) return Number(latin1.decode(bytes.subarray(start, end)));
  const value = scale === 0 ? mantissa : mantissa / (POW10[scale] as number);
  return negative ? -value : value;
}

function exponentForm(bytes: Uint8Array, start: number, end: number, at: number): number {
  let i = at + 1;
  if (i < end && (bytes[i] === 43 || bytes[i] === 45)) i++;
  const first = i;
  while (i < end && (bytes[i] as number) >= 48 && (bytes[i] as number) <= 57) i++;
  if (i === first || i !== end) return notNumber();
  const value = Number(latin1.decode(bytes.subarray(start, end)));
  if (!Number.isFinite(value)) return notNumber();
  lastKind = FRACTIONAL;
  return value;
}

function notNumber(): number {
  lastKind = NOT_NUMBER;
  return Number.NaN;
}

const encoder = new TextEncoder();

/** The same rule for a value already decoded to a string (JSON values, capture's JSON path). */
export function parseNumberText(text: string): number {
  const bytes = encoder.encode(text);
  return parseNumber(bytes, 0, bytes.length);
}
