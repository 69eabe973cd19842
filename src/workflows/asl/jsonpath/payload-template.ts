import type { Json, JsonObject } from '../asl-types.js';
import { StatesError } from '../states-error.js';
import { evaluateIntrinsic } from './intrinsics/intrinsic-eval.js';
import { type PathData, requirePath } from './path-reader.js';

/**
 * A payload template (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`, an
 * `ItemReader`'s `Parameters`) compiled once: a field whose name ends in `.$` takes the value of
 * a path (`$.a`, `$$.Execution.Id`, `$var.x`) or of an intrinsic function and loses the suffix;
 * every other value is kept as written, however deeply nested. Subtrees without `.$` fields are
 * shared with the definition, not copied.
 */
type Compiled =
  | { readonly kind: 'literal'; readonly value: Json }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, Compiled])[] }
  | { readonly kind: 'array'; readonly items: readonly Compiled[] }
  | { readonly kind: 'path' | 'intrinsic'; readonly text: string; readonly field: string };

const compiled = new WeakMap<object, Compiled>();

export function evaluateTemplate(template: Json, data: PathData): Json {
  if (typeof template !== 'object' || template === null) return template;
  let c = compiled.get(template);
  if (!c) {
    c = compile(template);
    compiled.set(template, c);
  }
  return run(c, data);
}

function compile(value: Json): Compiled {
  if (Array.isArray(value)) {
    const items = (value as readonly Json[]).map(compile);
    return items.every((item) => item.kind === 'literal') ? { kind: 'literal', value } : { kind: 'array', items };
  }
  if (typeof value !== 'object' || value === null) return { kind: 'literal', value };
  const entries: (readonly [string, Compiled])[] = [];
  let dynamic = false;
  for (const [key, inner] of Object.entries(value as JsonObject)) {
    if (key.endsWith('.$')) {
      dynamic = true;
      entries.push([key.slice(0, -2), dynamicField(key, inner)]);
    } else {
      const c = compile(inner);
      dynamic ||= c.kind !== 'literal';
      entries.push([key, c]);
    }
  }
  return dynamic ? { kind: 'object', entries } : { kind: 'literal', value };
}

function dynamicField(key: string, value: Json): Compiled {
  if (typeof value !== 'string') {
    throw new StatesError(
      'States.Runtime',
      `The field "${key}" ends in ".$", so its value must be a path or an intrinsic function, not ${JSON.stringify(value)}.`,
    );
  }
  const text = value.trim();
  return { kind: text.startsWith('$') ? 'path' : 'intrinsic', text, field: key };
}

function run(c: Compiled, data: PathData): Json {
  switch (c.kind) {
    case 'literal':
      return c.value;
    case 'path':
      return requirePath(c.text, data, c.field);
    case 'intrinsic':
      return evaluateIntrinsic(c.text, data, c.field);
    case 'array':
      return c.items.map((item) => run(item, data));
    case 'object': {
      const out: Record<string, Json> = {};
      for (const [key, value] of c.entries) out[key] = run(value, data);
      return out;
    }
  }
}
