import type { Json } from '../asl/asl-types.js';
import { StatesError } from '../asl/states-error.js';

/** A Task's parameters as an object: anything else is the state's `States.Runtime` error. */
export function parametersObject(call: { readonly parameters: Json; readonly stateName: string }): Record<string, Json> {
  const p = call.parameters;
  if (p === null || typeof p !== 'object' || Array.isArray(p))
    throw new StatesError(
      'States.Runtime',
      `State "${call.stateName}": the task's parameters must be a JSON object, not ${JSON.stringify(p)}.`,
    );
  return p as Record<string, Json>;
}

/** A required string field of a task's parameters, as the service's validation error when missing. */
export function requiredField(params: Record<string, Json>, field: string, error: string): string {
  const v = params[field];
  if (typeof v !== 'string' || v === '') throw new StatesError(error, `The parameter ${field} is required and must be a string.`);
  return v;
}

/**
 * A name derived from an idempotency token, for work whose name the task did not give: the same
 * token gives the same name, so a call repeated after a restart finds the work the first started.
 * Letters, digits, `-` and `_` only, at most `max` characters.
 */
export function nameFromToken(token: string, max = 80): string {
  const clean = token.replace(/[^A-Za-z0-9_-]/g, '-');
  if (clean.length <= max) return clean;
  return `${clean.slice(0, max - 17)}-${fnv64(token)}`;
}

/** A short stable digest (FNV-1a, 64-bit as hex): enough to keep shortened names apart. */
export function fnv64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const c of Buffer.from(text)) h = ((h ^ BigInt(c)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}
