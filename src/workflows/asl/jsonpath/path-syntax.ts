import { type FilterExpr, parseFilter } from './path-filter.js';
import { PathScanner } from './path-scanner.js';

/**
 * A JSONPath as Step Functions reads it (Jayway JsonPath syntax): a root and a list of segments.
 * `$` is the state's input, `$$` the context object, `$name` the workflow variable `name`.
 */
export type PathRoot =
  | { readonly kind: 'input' }
  | { readonly kind: 'context' }
  | { readonly kind: 'variable'; readonly name: string };

export type Segment =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'union'; readonly keys: readonly (string | number)[] }
  | { readonly kind: 'slice'; readonly start?: number; readonly end?: number; readonly step: number }
  | { readonly kind: 'filter'; readonly expr: FilterExpr }
  | { readonly kind: 'deep'; readonly then: Segment };

export interface ParsedPath {
  readonly text: string;
  readonly root: PathRoot;
  readonly segments: readonly Segment[];
  /**
   * True when the path names at most one node (only fields and indexes): Jayway's "definite"
   * path, the spec's Reference Path. An indefinite path always yields an array of its matches.
   */
  readonly definite: boolean;
}

const cache = new Map<string, ParsedPath>();
const CACHE_LIMIT = 10_000;

/** Parses a path once and remembers it: the same few paths run for every item of a large Map. */
export function parsePath(text: string): ParsedPath {
  const hit = cache.get(text);
  if (hit) return hit;
  const parsed = parseUncached(text);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, parsed);
  return parsed;
}

function parseUncached(text: string): ParsedPath {
  const s = new PathScanner(text);
  const root = parseRoot(s);
  const segments: Segment[] = [];
  while (!s.done()) segments.push(parseSegment(s));
  const definite = segments.every((seg) => seg.kind === 'field' || seg.kind === 'index');
  return { text, root, segments, definite };
}

function parseRoot(s: PathScanner): PathRoot {
  if (!s.eat('$')) s.fail('a path starts with "$"');
  if (s.eat('$')) return { kind: 'context' };
  if (s.done() || s.peek() === '.' || s.peek() === '[') return { kind: 'input' };
  const name = s.identifier();
  if (!name) s.fail('expected ".", "[" or a variable name after "$"');
  return { kind: 'variable', name };
}

function parseSegment(s: PathScanner): Segment {
  if (s.eat('..')) {
    if (s.peek() === '[') return { kind: 'deep', then: parseBracket(s) };
    return { kind: 'deep', then: parseDotName(s) };
  }
  if (s.eat('.')) return parseDotName(s);
  if (s.peek() === '[') return parseBracket(s);
  return s.fail('expected "." or "["');
}

function parseDotName(s: PathScanner): Segment {
  if (s.eat('*')) return { kind: 'wildcard' };
  const name = s.dotName();
  if (name === '') s.fail('expected a field name');
  return { kind: 'field', name };
}

function parseBracket(s: PathScanner): Segment {
  s.expect('[');
  s.skipSpaces();
  let segment: Segment;
  if (s.eat('*')) segment = { kind: 'wildcard' };
  else if (s.eat('?')) segment = { kind: 'filter', expr: parseFilter(s, parseSegment) };
  else if (s.peek() === "'" || s.peek() === '"') segment = keysSegment(s, () => s.quoted());
  else segment = numericSegment(s);
  s.skipSpaces();
  s.expect(']');
  return segment;
}

function keysSegment(s: PathScanner, next: () => string | number): Segment {
  const keys = [next()];
  s.skipSpaces();
  while (s.eat(',')) {
    s.skipSpaces();
    keys.push(s.peek() === "'" || s.peek() === '"' ? s.quoted() : s.integer());
    s.skipSpaces();
  }
  if (keys.length > 1) return { kind: 'union', keys };
  const key = keys[0]!;
  return typeof key === 'number' ? { kind: 'index', index: key } : { kind: 'field', name: key };
}

function numericSegment(s: PathScanner): Segment {
  const start = s.peek() === ':' ? undefined : s.integer();
  s.skipSpaces();
  if (!s.eat(':')) return keysSegment(s, () => start!);
  s.skipSpaces();
  const end = s.peek() === ']' || s.peek() === ':' ? undefined : s.integer();
  let step = 1;
  if (s.eat(':')) step = s.peek() === ']' ? 1 : s.integer();
  if (step === 0) s.fail('a slice step cannot be 0');
  return { kind: 'slice', start, end, step };
}

/** Why `text` is not a usable path (`reference`: must also name a single node), or undefined. */
export function pathProblem(text: string, options: { readonly reference?: boolean } = {}): string | undefined {
  let parsed: ParsedPath;
  try {
    parsed = parsePath(text);
  } catch (error) {
    return (error as Error).message;
  }
  if (options.reference && !parsed.definite) return `"${text}" is not a reference path: it may select several nodes`;
  return undefined;
}
