import type { Json } from '../asl-types.js';
import { type Bindings, evaluateExpression, isExpression } from './jsonata-expression.js';

/**
 * A JSONata state's field value (`Arguments`, `Output`, an `Assign` value, `ItemSelector`, …):
 * any JSON where every string of the exact form `{% expr %}`, at any depth, is replaced by the
 * expression's value; other strings are literals. Whether a value holds any expression is worked
 * out once per definition object (a WeakMap on the parsed definition), so a template without
 * expressions is returned as is, without a walk or a copy.
 */

const dynamic = new WeakMap<object, boolean>();

/** Does `value` contain an expression anywhere? Cached per object of the definition. */
export function hasExpression(value: Json | undefined): boolean {
  if (typeof value === 'string') return isExpression(value);
  if (value === null || typeof value !== 'object') return false;
  let known = dynamic.get(value);
  if (known === undefined) {
    known = Array.isArray(value)
      ? (value as readonly Json[]).some(hasExpression)
      : Object.values(value as Record<string, Json>).some(hasExpression);
    dynamic.set(value, known);
  }
  return known;
}

/**
 * Evaluates a template. `field` names where it sits in the state (`Output`, `Arguments`,
 * `Catch[0]/Output`); nested members extend it Step Functions' way: `/key` for an object member,
 * `[i]` for an array element.
 */
export async function evaluateTemplate(value: Json, bindings: Bindings, field: string): Promise<Json> {
  if (!hasExpression(value)) return value;
  if (typeof value === 'string') return evaluateExpression(value, bindings, field);
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (let i = 0; i < value.length; i++) out.push(await evaluateTemplate(value[i], bindings, `${field}[${i}]`));
    return out;
  }
  const out: Record<string, Json> = {};
  for (const [key, member] of Object.entries(value as Record<string, Json>)) {
    out[key] = await evaluateTemplate(member, bindings, `${field}/${key}`);
  }
  return out;
}
