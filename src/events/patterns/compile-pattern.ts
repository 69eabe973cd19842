import { cidrContains, wildcardMatches, wildcardPieces } from './leaf-values.js';
import type { AnythingBut, LeafNode, Matcher, ObjectNode } from './pattern-ast.js';

/** Whether an event (a parsed JSON value) matches. */
export type EventMatcher = (event: unknown) => boolean;
type Test = (v: unknown) => boolean;

/**
 * Compiles a parsed pattern into closures, so matching does no work a pattern fixes: exact
 * values are one Set lookup, ignore-case values are lower-cased once, wildcards are split once.
 * The rules are `interpret-pattern.ts`'s; the tests hold the two to the same answers.
 */
export function compilePattern(node: ObjectNode): EventMatcher {
  const level = compileLevel(node);
  return (event) => {
    if (event !== null && typeof event === 'object') {
      if (!Array.isArray(event)) return level(event as Record<string, unknown>);
      let objects = 0;
      for (const e of event) {
        if (e === null || typeof e !== 'object' || Array.isArray(e)) continue;
        objects++;
        if (level(e as Record<string, unknown>)) return true;
      }
      return objects === 0 && level(EMPTY);
    }
    return level(EMPTY);
  };
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

function compileLevel(node: ObjectNode): (event: Readonly<Record<string, unknown>>) => boolean {
  // Cheapest and most selective first (exact leaves, then other leaves, then nested levels):
  // AND does not care about order, and most events fail on the first field.
  const fields = [...node.fields].sort((a, b) => cost(a.node) - cost(b.node));
  const readers = fields.map((f) => reader(f.name));
  const tests = fields.map((f) => (f.node.kind === 'object' ? compilePattern(f.node) : compileLeaf(f.node)));
  const ors = node.ors.map((alternatives) => alternatives.map(compileLevel));
  const n = fields.length;
  return (event) => {
    for (let i = 0; i < n; i++) if (!(tests[i] as Test)((readers[i] as Reader)(event))) return false;
    for (const alternatives of ors) if (!alternatives.some((alt) => alt(event))) return false;
    return true;
  };
}

type Reader = (event: Readonly<Record<string, unknown>>) => unknown;

/** A field's own value: a plain read, except for names every object inherits (`constructor`, `toString`, …). */
function reader(name: string): Reader {
  if (name in Object.prototype) return (event) => (Object.hasOwn(event, name) ? event[name] : undefined);
  return (event) => event[name];
}

function cost(node: ObjectNode | LeafNode): number {
  if (node.kind === 'object') return 2;
  return node.matchers.every((m) => m.kind === 'exact') ? 0 : 1;
}

function compileLeaf(node: LeafNode): Test {
  const absent = node.matchers.some((m) => m.kind === 'exists' && !m.value);
  const scalar = scalarTest(node.matchers);
  return (value) => {
    if (value === undefined) return absent;
    if (value === null || typeof value !== 'object') return scalar(value);
    if (!Array.isArray(value)) return false;
    if (value.length === 0) return absent;
    for (const v of value) if ((v === null || typeof v !== 'object') && scalar(v)) return true;
    return false;
  };
}

/** Any matcher of a leaf, for one scalar: one comparison for one exact value, a Set lookup for several. */
function scalarTest(matchers: readonly Matcher[]): Test {
  const exact = matchers.flatMap((m) => (m.kind === 'exact' ? [m.value] : []));
  const others = matchers.filter((m) => m.kind !== 'exact').map(compileMatcher);
  if (others.length === 0) {
    if (exact.length === 1) {
      const only = exact[0];
      return (v) => v === only;
    }
    const set = new Set(exact);
    return (v) => set.has(v as string);
  }
  if (exact.length === 0 && others.length === 1) return others[0] as Test;
  const set = new Set(exact);
  return (v) => {
    if (set.has(v as string)) return true;
    for (const t of others) if (t(v)) return true;
    return false;
  };
}

function compileMatcher(m: Matcher): Test {
  switch (m.kind) {
    case 'exact':
      return (v) => v === m.value;
    case 'prefix':
      return affixTest(m.value, m.ignoreCase, (s, a) => s.startsWith(a));
    case 'suffix':
      return affixTest(m.value, m.ignoreCase, (s, a) => s.endsWith(a));
    case 'equals-ignore-case': {
      const lower = m.value.toLowerCase();
      return (v) => typeof v === 'string' && v.toLowerCase() === lower;
    }
    case 'wildcard': {
      const pieces = wildcardPieces(m.value) as string[];
      return (v) => typeof v === 'string' && wildcardMatches(pieces, v);
    }
    case 'numeric': {
      const lo = m.lower?.value ?? Number.NEGATIVE_INFINITY;
      const hi = m.upper?.value ?? Number.POSITIVE_INFINITY;
      const loIn = m.lower?.inclusive ?? true;
      const hiIn = m.upper?.inclusive ?? true;
      return (v) => typeof v === 'number' && (loIn ? v >= lo : v > lo) && (hiIn ? v <= hi : v < hi);
    }
    case 'exists':
      return () => m.value;
    case 'cidr':
      return (v) => typeof v === 'string' && cidrContains(m.value, v);
    case 'anything-but': {
      const excluded = compileExclusion(m.not);
      return (v) => !excluded(v);
    }
  }
}

function affixTest(affix: string, ignoreCase: boolean, test: (s: string, a: string) => boolean): Test {
  if (!ignoreCase) return (v) => typeof v === 'string' && test(v, affix);
  const lower = affix.toLowerCase();
  return (v) => typeof v === 'string' && test(v.toLowerCase(), lower);
}

function compileExclusion(not: AnythingBut): Test {
  switch (not.kind) {
    case 'values': {
      const set = new Set<unknown>(not.values);
      return (v) => set.has(v);
    }
    case 'prefix':
      return (v) => typeof v !== 'string' || v.startsWith(not.value);
    case 'suffix':
      return (v) => typeof v !== 'string' || v.endsWith(not.value);
    case 'wildcard': {
      const all = not.values.map((w) => wildcardPieces(w) as string[]);
      return (v) => typeof v !== 'string' || all.some((pieces) => wildcardMatches(pieces, v));
    }
    case 'equals-ignore-case': {
      const set = new Set(not.values.map((s) => s.toLowerCase()));
      return (v) => typeof v !== 'string' || set.has(v.toLowerCase());
    }
  }
}
