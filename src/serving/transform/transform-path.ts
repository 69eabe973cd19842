/**
 * The JSONPath subset SageMaker batch transform accepts in `InputFilter` and `OutputFilter`:
 * the root `$`, children `.name` and `['a','b']`, the wildcard `*` / `[*]`, indexes `[0,-1]`
 * (negative counts from the end), slices `[1:]`, `[:-1]`, `[2:5]`, and unions of indexes and
 * slices `[0,5:]`. No recursive descent, filters or scripts, as in SageMaker.
 *
 * A CSV record is its cells as an array, so `$[1:]` drops the first column:
 * ```
 * selectPath(['id7', '1.5', '16'], '$[1:]')                       → ['1.5', '16']
 * selectPath({ id: 7, features: [1, 2] }, '$.features')           → [1, 2]
 * selectPath({ id: 7, SageMakerOutput: 3, x: 0 }, "$['id','SageMakerOutput']") → { id: 7, SageMakerOutput: 3 }
 * ```
 * A single name or index selects the value itself; a union, slice or wildcard selects an array
 * (an object for a union of names), and the segments after it apply to each element.
 */
import { GodwitError } from '../../core/errors.js';

type Selector =
  | { readonly kind: 'names'; readonly names: readonly string[] }
  | { readonly kind: 'indexes'; readonly parts: readonly IndexPart[] }
  | { readonly kind: 'wildcard' };
type IndexPart = { readonly index: number } | { readonly start?: number; readonly end?: number };

export interface TransformPath {
  readonly text: string;
  readonly selectors: readonly Selector[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*/;

/** Parses a filter; `E_JSON_PATH` names the position and the supported forms. */
export function parseTransformPath(text: string, field: string): TransformPath {
  const fail = (why: string): never => {
    throw new GodwitError('E_JSON_PATH', `${field} "${text}" is not a JSONPath batch transform accepts: ${why}`, {
      hint: 'Use "$", "$.features", "$[1:]", "$[0,-1]" or "$[\'id\',\'SageMakerOutput\']".',
    });
  };
  if (!text.startsWith('$')) fail('it must start with "$".');
  const selectors: Selector[] = [];
  let i = 1;
  while (i < text.length) {
    const rest = text.slice(i);
    if (rest.startsWith('..')) fail(`recursive descent ".." (position ${i}) is not supported.`);
    if (rest.startsWith('.*') || rest.startsWith('[*]')) {
      selectors.push({ kind: 'wildcard' });
      i += rest.startsWith('.*') ? 2 : 3;
    } else if (rest.startsWith('.')) {
      const name = NAME.exec(rest.slice(1));
      if (!name) fail(`expected a name after "." at position ${i}.`);
      selectors.push({ kind: 'names', names: [(name as RegExpExecArray)[0]] });
      i += 1 + (name as RegExpExecArray)[0].length;
    } else if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close < 0) fail(`"[" at position ${i} is never closed.`);
      selectors.push(bracket(rest.slice(1, close), fail));
      i += close + 1;
    } else fail(`unexpected "${rest[0]}" at position ${i}.`);
  }
  return { text, selectors };
}

function bracket(inner: string, fail: (why: string) => never): Selector {
  const items = inner.split(',').map((s) => s.trim());
  if (items.every((s) => /^(['"]).*\1$/.test(s))) return { kind: 'names', names: items.map((s) => s.slice(1, -1)) };
  const parts = items.map((item): IndexPart => {
    const slice = /^(-?\d+)?:(-?\d+)?$/.exec(item);
    if (slice)
      return {
        start: slice[1] === undefined ? undefined : Number(slice[1]),
        end: slice[2] === undefined ? undefined : Number(slice[2]),
      };
    if (/^-?\d+$/.test(item)) return { index: Number(item) };
    return fail(`"[${inner}]" holds neither indexes and slices nor quoted names (filters and steps are not supported).`);
  });
  return { kind: 'indexes', parts };
}

/** Applies a parsed path; a name or index that is not there is `E_DATA_FORMAT`, as in SageMaker. */
export function selectPath(value: unknown, path: TransformPath): unknown {
  return apply(value, path.selectors, 0, path.text);
}

function apply(value: unknown, selectors: readonly Selector[], at: number, text: string): unknown {
  if (at === selectors.length) return value;
  const s = selectors[at];
  const next = (v: unknown) => apply(v, selectors, at + 1, text);
  if (s.kind === 'wildcard') {
    if (Array.isArray(value)) return value.map(next);
    if (isObject(value)) return Object.values(value).map(next);
    return missing(text, 'the wildcard needs an array or object');
  }
  if (s.kind === 'names') {
    if (!isObject(value)) return missing(text, `${JSON.stringify(s.names[0])} needs an object`);
    for (const name of s.names) if (!(name in value)) missing(text, `the record has no ${JSON.stringify(name)}`);
    if (s.names.length === 1) return next(value[s.names[0]]);
    return Object.fromEntries(s.names.map((name) => [name, next(value[name])]));
  }
  if (!Array.isArray(value)) return missing(text, 'indexes need an array');
  const picked = indexesOf(s.parts, value.length, text);
  if (s.parts.length === 1 && 'index' in s.parts[0]) return next(value[picked[0]]);
  return picked.map((k) => next(value[k]));
}

function indexesOf(parts: readonly IndexPart[], length: number, text: string): number[] {
  const out: number[] = [];
  const clamp = (k: number) => Math.min(Math.max(k < 0 ? length + k : k, 0), length);
  for (const part of parts) {
    if ('index' in part) {
      const k = part.index < 0 ? length + part.index : part.index;
      if (k < 0 || k >= length) missing(text, `index ${part.index} is outside a record of ${length} fields`);
      out.push(k);
    } else {
      for (let k = clamp(part.start ?? 0); k < clamp(part.end ?? length); k++) out.push(k);
    }
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function missing(text: string, why: string): never {
  throw new GodwitError('E_DATA_FORMAT', `The filter "${text}" does not fit the record: ${why}.`, {
    hint: 'Check the filter against one record of the input (CSV records are arrays of their cells).',
  });
}
