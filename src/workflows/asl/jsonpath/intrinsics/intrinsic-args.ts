import type { Json, JsonObject } from '../../asl-types.js';
import { StatesError } from '../../states-error.js';

/** One evaluated argument; `raw` is a string literal's text with its escapes (see IntrinsicArg). */
export interface ArgValue {
  readonly value: Json;
  readonly raw?: string;
}

export type IntrinsicFunction = (args: readonly ArgValue[], name: string) => Json;

/** A `States.IntrinsicFailure` naming the function and what is wrong, as Step Functions reports it. */
export function intrinsicFailure(name: string, why: string): StatesError {
  return new StatesError('States.IntrinsicFailure', `Invalid arguments in ${name}: ${why}`);
}

export function expectCount(name: string, args: readonly ArgValue[], min: number, max = min): void {
  if (args.length >= min && args.length <= max) return;
  const wanted = min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`;
  throw intrinsicFailure(name, `it takes ${wanted} argument${wanted === '1' ? '' : 's'}, got ${args.length}.`);
}

function describe(value: Json): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function wrongType(name: string, position: number, wanted: string, value: Json): StatesError {
  return intrinsicFailure(name, `argument ${position + 1} must be ${wanted}, got ${describe(value)}.`);
}

export function stringArg(name: string, args: readonly ArgValue[], i: number): string {
  const value = args[i]!.value;
  if (typeof value !== 'string') throw wrongType(name, i, 'a string', value);
  return value;
}

export function arrayArg(name: string, args: readonly ArgValue[], i: number): readonly Json[] {
  const value = args[i]!.value;
  if (!Array.isArray(value)) throw wrongType(name, i, 'an array', value);
  return value;
}

export function objectArg(name: string, args: readonly ArgValue[], i: number): JsonObject {
  const value = args[i]!.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw wrongType(name, i, 'a JSON object', value);
  return value as JsonObject;
}

export function booleanArg(name: string, args: readonly ArgValue[], i: number): boolean {
  const value = args[i]!.value;
  if (typeof value !== 'boolean') throw wrongType(name, i, 'a boolean', value);
  return value;
}

/** An integer within `[min, max]` (Step Functions' intrinsics take 32-bit integers). */
export function integerArg(name: string, args: readonly ArgValue[], i: number, min = -2147483648, max = 2147483647): number {
  const value = args[i]!.value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw wrongType(name, i, `an integer from ${min} to ${max}`, value);
  }
  return value;
}

/** A string of at most `limit` characters (Base64 and Hash take at most 10,000). */
export function boundedStringArg(name: string, args: readonly ArgValue[], i: number, limit: number): string {
  const value = stringArg(name, args, i);
  if (value.length > limit)
    throw intrinsicFailure(name, `argument ${i + 1} has ${value.length} characters; the limit is ${limit}.`);
  return value;
}
