import type jsonata from 'jsonata';
import type { Json } from '../asl-types.js';

/**
 * A fast path for the commonest expressions, `$states.input.order.id`, `$region`,
 * `$states.context.Map.Item.Value`: a variable followed by plain field names. Read directly, they
 * cost a few property lookups instead of a `jsonata` evaluation (an async walk of the AST with
 * fresh frames, about 10 µs). Only the case whose meaning is unambiguous is taken: every step
 * lands on a plain object that owns the field, and the value found is not an array (JSONata
 * flattens arrays along a path); anything else falls back to `jsonata`, so results are the same.
 */
export interface SimplePath {
  readonly variable: string;
  readonly names: readonly string[];
}

interface Step {
  readonly type: string;
  readonly value?: unknown;
  readonly [extra: string]: unknown;
}

/** Keys a plain step carries; any other (a predicate `stages`, a `group`, `focus`, `tuple`, …) disqualifies it. */
const PLAIN = new Set(['type', 'value', 'position']);

function plain(step: Step, type: string): boolean {
  return step.type === type && typeof step.value === 'string' && Object.keys(step).every((k) => PLAIN.has(k));
}

export function simplePathOf(ast: jsonata.ExprNode): SimplePath | undefined {
  const node = ast as unknown as Step & { steps?: readonly Step[] };
  if (node.type === 'variable')
    return plain(node, 'variable') && node.value !== '' && node.value !== '$'
      ? { variable: node.value as string, names: [] }
      : undefined;
  if (node.type !== 'path' || !node.steps || Object.keys(node).some((k) => k !== 'type' && k !== 'steps' && k !== 'position'))
    return undefined;
  const [first, ...rest] = node.steps;
  if (!plain(first, 'variable') || first.value === '' || first.value === '$') return undefined;
  if (!rest.every((s) => plain(s, 'name'))) return undefined;
  return { variable: first.value as string, names: rest.map((s) => s.value as string) };
}

/** Why a simple read did not settle the value: `jsonata` must evaluate it. */
export const FALL_BACK: unique symbol = Symbol('fall back to jsonata');

export function readSimplePath(
  path: SimplePath,
  bindings: Readonly<Record<string, unknown>>,
): Json | undefined | typeof FALL_BACK {
  if (!Object.hasOwn(bindings, path.variable)) return FALL_BACK;
  let at: unknown = bindings[path.variable];
  for (const name of path.names) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return FALL_BACK;
    if (!Object.hasOwn(at, name)) return undefined;
    at = (at as Record<string, unknown>)[name];
  }
  if (Array.isArray(at) || typeof at === 'function' || (typeof at === 'number' && !Number.isFinite(at))) return FALL_BACK;
  return at as Json | undefined;
}
