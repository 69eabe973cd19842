import { mediaType } from '../../core/media-type.js';

/**
 * The numbers an answer holds, in order, for comparing a shadow's answer with production's:
 * JSON (every number, depth first, in document order: `{"predictions": [{"score": 1.5}]}` → [1.5]),
 * JSON lines (each line so), CSV and other text (every field, which must all be numbers).
 * Undefined when the answer is not numeric (a label that is a word, an image), so it is compared
 * for exact equality only.
 */
export function numbersOf(body: string, contentType: string | undefined): number[] | undefined {
  const type = mediaType(contentType ?? '');
  if (type === 'application/json') return jsonNumbers([body]);
  if (type === 'application/jsonlines' || type === 'application/x-jsonlines') return jsonNumbers(lines(body));
  return csvNumbers(body) ?? jsonNumbers([body]);
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

function jsonNumbers(texts: readonly string[]): number[] | undefined {
  const out: number[] = [];
  try {
    for (const text of texts) collect(JSON.parse(text), out);
  } catch {
    return undefined;
  }
  return out.length > 0 ? out : undefined;
}

function collect(value: unknown, out: number[]): void {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) collect(v, out);
}

function csvNumbers(text: string): number[] | undefined {
  const out: number[] = [];
  for (const line of lines(text)) {
    for (const field of line.split(',')) {
      const f = field.trim();
      const n = Number(f);
      if (f === '' || !Number.isFinite(n)) return undefined;
      out.push(n);
    }
  }
  return out.length > 0 ? out : undefined;
}

/** How far two answers' numbers are apart, element by element. */
export interface NumericDifference {
  readonly count: number;
  readonly sumAbs: number;
  readonly maxAbs: number;
  readonly sumRel: number;
  readonly maxRel: number;
  /** Every element within `tolerance`: |a − b| ≤ tolerance · max(1, |a|), a being production's. */
  readonly withinTolerance: boolean;
}

/**
 * The difference of production's numbers `a` and the shadow's `b`, or undefined when they cannot
 * be paired (different counts). The relative difference is |a − b| / max(|a|, |b|) (0 when both
 * are 0): symmetric, and bounded by 1 for numbers of the same sign, so one near-zero score does
 * not swamp the mean.
 */
export function numericDifference(a: readonly number[], b: readonly number[], tolerance: number): NumericDifference | undefined {
  if (a.length !== b.length || a.length === 0) return undefined;
  let sumAbs = 0;
  let maxAbs = 0;
  let sumRel = 0;
  let maxRel = 0;
  let withinTolerance = true;
  for (let i = 0; i < a.length; i++) {
    const abs = Math.abs(a[i] - b[i]);
    const scale = Math.max(Math.abs(a[i]), Math.abs(b[i]));
    const rel = scale === 0 ? 0 : abs / scale;
    sumAbs += abs;
    sumRel += rel;
    maxAbs = Math.max(maxAbs, abs);
    maxRel = Math.max(maxRel, rel);
    if (!(abs <= tolerance * Math.max(1, Math.abs(a[i])))) withinTolerance = false;
  }
  return { count: a.length, sumAbs, maxAbs, sumRel, maxRel, withinTolerance };
}
