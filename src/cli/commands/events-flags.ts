import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../cli-io.js';

/** Flags given that `action` does not read: a usage error rather than silently ignored. */
export function refuseStray(command: string, values: Record<string, unknown>, allowed: readonly string[]): void {
  const stray = Object.keys(values).filter((k) => values[k] !== undefined && k !== 'json' && k !== 'bus' && !allowed.includes(k));
  if (stray.length > 0) throw new UsageError(`godwit events ${command} does not take ${stray.map((s) => `--${s}`).join(', ')}.`);
}

/** JSON text given inline or as `@file` (relative to the working folder), checked to parse. */
export function jsonText(value: string, flag: string, cwd: string): string {
  const text = value.startsWith('@') ? readFileSync(resolve(cwd, value.slice(1)), 'utf8') : value;
  try {
    JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--${flag} is not JSON: ${(err as Error).message}.`);
  }
  return text;
}

/** `NAME=VALUE` pairs of a repeated flag. */
export function pairs(values: readonly string[] | undefined, flag: string): [string, string][] {
  return (values ?? []).map((v) => {
    const at = v.indexOf('=');
    if (at < 1) throw new UsageError(`--${flag} takes NAME=VALUE, not "${v}".`);
    return [v.slice(0, at), v.slice(at + 1)];
  });
}

/** A time flag as a Date. */
export function timeFlag(value: string, flag: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--${flag} "${value}" is not a time; write 2026-12-06T10:00:00Z.`);
  return at;
}

/** A whole number flag within [min, max]. */
export function intFlag(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${flag} "${value}" is not a whole number from ${min} to ${max}.`);
  return n;
}
