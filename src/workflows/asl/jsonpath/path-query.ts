import type { Json, JsonObject } from '../asl-types.js';
import { evaluateFilter } from './filter-eval.js';
import type { Segment } from './path-syntax.js';

const has = Object.prototype.hasOwnProperty;

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The node a definite path (fields and indexes only) names, or undefined when there is none. */
export function readDefinite(segments: readonly Segment[], node: Json): Json | undefined {
  let current: Json | undefined = node;
  for (const segment of segments) {
    if (segment.kind === 'field') {
      if (!isObject(current) || !has.call(current, segment.name)) return undefined;
      current = current[segment.name];
    } else if (segment.kind === 'index') {
      if (!Array.isArray(current)) return undefined;
      const array = current as readonly Json[];
      const i = segment.index < 0 ? array.length + segment.index : segment.index;
      if (i < 0 || i >= array.length) return undefined;
      current = array[i];
    } else {
      return undefined;
    }
  }
  return current;
}

/** Every node the segments select from `node`, in document order; `root` is what `$` means inside filters. */
export function selectAll(segments: readonly Segment[], node: Json, root: Json): Json[] {
  let nodes: Json[] = [node];
  for (const segment of segments) {
    const next: Json[] = [];
    for (const n of nodes) applySegment(segment, n, root, next);
    nodes = next;
    if (nodes.length === 0) break;
  }
  return nodes;
}

function applySegment(segment: Segment, node: Json, root: Json, out: Json[]): void {
  switch (segment.kind) {
    case 'field':
    case 'index': {
      const value = readDefinite([segment], node);
      if (value !== undefined) out.push(value);
      return;
    }
    case 'wildcard':
      if (Array.isArray(node)) out.push(...(node as readonly Json[]));
      else if (isObject(node)) out.push(...Object.values(node));
      return;
    case 'union':
      for (const key of segment.keys) {
        const value = readDefinite(
          [typeof key === 'number' ? { kind: 'index', index: key } : { kind: 'field', name: key }],
          node,
        );
        if (value !== undefined) out.push(value);
      }
      return;
    case 'slice':
      if (Array.isArray(node)) out.push(...slice(node as readonly Json[], segment));
      return;
    case 'filter':
      applyFilter(segment, node, root, out);
      return;
    case 'deep':
      deepScan(segment.then, node, root, out);
      return;
  }
}

/**
 * A filter tests each element of an array, or an object itself (Jayway). Step Functions' `@`
 * "does not match scalar values. It only matches objects", so scalar elements never match.
 */
function applyFilter(segment: Extract<Segment, { kind: 'filter' }>, node: Json, root: Json, out: Json[]): void {
  const candidates = Array.isArray(node) ? (node as readonly Json[]) : isObject(node) ? [node] : [];
  for (const candidate of candidates) {
    if (isObject(candidate) && evaluateFilter(segment.expr, candidate, root)) out.push(candidate);
  }
}

/**
 * `..` applies the next segment to the node and every descendant. A filter after `..` tests each
 * descendant once, as a child of its parent (an object is not also tested as itself, which would
 * select it twice).
 */
function deepScan(then: Segment, node: Json, root: Json, out: Json[]): void {
  if (then.kind === 'filter') {
    const children = Array.isArray(node) ? (node as readonly Json[]) : isObject(node) ? Object.values(node) : [];
    for (const child of children) if (isObject(child) && evaluateFilter(then.expr, child, root)) out.push(child);
  } else {
    applySegment(then, node, root, out);
  }
  if (Array.isArray(node)) for (const child of node as readonly Json[]) deepScan(then, child, root, out);
  else if (isObject(node)) for (const child of Object.values(node)) deepScan(then, child, root, out);
}

function slice(array: readonly Json[], s: { start?: number; end?: number; step: number }): Json[] {
  const n = array.length;
  const clamp = (i: number, low: number, high: number) => Math.min(Math.max(i < 0 ? n + i : i, low), high);
  const out: Json[] = [];
  if (s.step > 0) {
    const end = s.end === undefined ? n : clamp(s.end, 0, n);
    for (let i = s.start === undefined ? 0 : clamp(s.start, 0, n); i < end; i += s.step) out.push(array[i]!);
  } else {
    const end = s.end === undefined ? -1 : clamp(s.end, -1, n - 1);
    let i = s.start === undefined ? n - 1 : clamp(s.start, -1, n - 1);
    while (i > end) {
      out.push(array[i]!);
      i += s.step;
    }
  }
  return out;
}
