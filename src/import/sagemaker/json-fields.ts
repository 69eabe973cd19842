/**
 * Readers for the fields of a definition: each checks the JSON type and names the step and the
 * field path when it is wrong, so a bad definition is an E_IMPORT error a user can act on.
 */
import { type At, importError } from './import-context.js';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function child(at: At, field: string): At {
  return { step: at.step, field: at.field === '' ? field : `${at.field}.${field}` };
}

/** An object field; `undefined` when absent, E_IMPORT when present and not an object. */
export function optObject(obj: JsonObject, key: string, at: At): JsonObject | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw importError(child(at, key), `expected an object, found ${describe(v)}`, fixHint(key));
  return v;
}

export function reqObject(obj: JsonObject, key: string, at: At): JsonObject {
  const v = optObject(obj, key, at);
  if (v === undefined) throw importError(child(at, key), 'is missing', fixHint(key));
  return v;
}

export function optArray(obj: JsonObject, key: string, at: At): readonly unknown[] | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw importError(child(at, key), `expected a list, found ${describe(v)}`, fixHint(key));
  return v;
}

export function optString(obj: JsonObject, key: string, at: At): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw importError(child(at, key), `expected a string, found ${describe(v)}`, fixHint(key));
  return v;
}

export function reqString(obj: JsonObject, key: string, at: At): string {
  const v = optString(obj, key, at);
  if (v === undefined || v === '') throw importError(child(at, key), 'is missing', fixHint(key));
  return v;
}

export function optNumber(obj: JsonObject, key: string, at: At): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  // The API takes numbers; some SDK versions write them as strings ("3600").
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n))
    throw importError(child(at, key), `expected a number, found ${describe(v)}`, fixHint(key));
  return n;
}

export function optStringList(obj: JsonObject, key: string, at: At): string[] | undefined {
  const list = optArray(obj, key, at);
  if (list === undefined) return undefined;
  return list.map((v, i) => {
    if (typeof v !== 'string')
      throw importError(child(at, `${key}[${i}]`), `expected a string, found ${describe(v)}`, fixHint(key));
    return v;
  });
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function fixHint(key: string): string {
  return `Fix ${key} as the SageMaker API reference spells it, or regenerate the definition with pipeline.definition().`;
}
