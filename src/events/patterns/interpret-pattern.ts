import { cidrContains, wildcardMatches, wildcardPieces } from './leaf-values.js';
import type { AnythingBut, LeafNode, Matcher, ObjectNode } from './pattern-ast.js';

/**
 * The reference matcher: walks the parsed pattern for every event, preparing nothing. It states
 * the matching rules once, plainly; `compile-pattern.ts` must agree with it on every case (the
 * tests run both) and `bench/events/pattern-match.ts` uses it as the naive baseline.
 *
 * - An object level matches when every field matches and, for each `$or`, some alternative does.
 *   When the event has an array where the pattern has an object, some element must match the
 *   whole object level (so two fields are never satisfied by two different elements).
 * - A leaf matches when some value in the event's field (each element, if an array) matches some
 *   matcher. A missing field (or an empty array, or a parent that is missing or not an object)
 *   matches only `{"exists": false}`; a field holding an object is not a leaf and matches nothing.
 */
export function interpretPattern(node: ObjectNode, event: unknown): boolean {
  if (Array.isArray(event)) {
    const objects = event.filter(isObject);
    return objects.length === 0 ? level(node, EMPTY) : objects.some((o) => level(node, o));
  }
  return level(node, isObject(event) ? event : EMPTY);
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function level(node: ObjectNode, event: Readonly<Record<string, unknown>>): boolean {
  for (const field of node.fields) {
    const value = Object.hasOwn(event, field.name) ? event[field.name] : undefined;
    const ok = field.node.kind === 'object' ? interpretPattern(field.node, value) : leaf(field.node, value);
    if (!ok) return false;
  }
  return node.ors.every((alternatives) => alternatives.some((alt) => level(alt, event)));
}

function leaf(node: LeafNode, value: unknown): boolean {
  if (value === undefined || (Array.isArray(value) && value.length === 0))
    return node.matchers.some((m) => m.kind === 'exists' && !m.value);
  if (isObject(value)) return false;
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => !isObject(v) && !Array.isArray(v) && node.matchers.some((m) => matches(m, v)));
}

/** Whether one scalar of the event satisfies one matcher. */
export function matches(m: Matcher, v: unknown): boolean {
  switch (m.kind) {
    case 'exact':
      return v === m.value;
    case 'prefix':
      return typeof v === 'string' && (m.ignoreCase ? v.toLowerCase().startsWith(m.value.toLowerCase()) : v.startsWith(m.value));
    case 'suffix':
      return typeof v === 'string' && (m.ignoreCase ? v.toLowerCase().endsWith(m.value.toLowerCase()) : v.endsWith(m.value));
    case 'equals-ignore-case':
      return typeof v === 'string' && v.toLowerCase() === m.value.toLowerCase();
    case 'wildcard':
      return typeof v === 'string' && wildcardMatches(wildcardPieces(m.value) as string[], v);
    case 'numeric':
      return typeof v === 'number' && inRange(m, v);
    case 'exists':
      return m.value;
    case 'cidr':
      return typeof v === 'string' && cidrContains(m.value, v);
    case 'anything-but':
      return !excluded(m.not, v);
  }
}

function inRange(m: Extract<Matcher, { kind: 'numeric' }>, v: number): boolean {
  if (m.lower && (m.lower.inclusive ? v < m.lower.value : v <= m.lower.value)) return false;
  if (m.upper && (m.upper.inclusive ? v > m.upper.value : v >= m.upper.value)) return false;
  return true;
}

/** Whether `anything-but` excludes `v`. Prefix, suffix, wildcard and ignore-case forms test strings only; other values are excluded. */
function excluded(not: AnythingBut, v: unknown): boolean {
  switch (not.kind) {
    case 'values':
      return not.values.includes(v as string | number);
    case 'prefix':
      return typeof v !== 'string' || v.startsWith(not.value);
    case 'suffix':
      return typeof v !== 'string' || v.endsWith(not.value);
    case 'wildcard':
      return typeof v !== 'string' || not.values.some((w) => wildcardMatches(wildcardPieces(w) as string[], v));
    case 'equals-ignore-case':
      return typeof v !== 'string' || not.values.some((s) => s.toLowerCase() === v.toLowerCase());
  }
}
