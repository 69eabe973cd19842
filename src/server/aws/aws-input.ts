import { AwsError } from './aws-error.js';

/**
 * Readers for the fields of an AWS JSON request, each throwing AWS's `ValidationException` with
 * the field's name, as the real services do. Timestamps arrive as epoch seconds (the JSON
 * protocol's form); `epochSeconds` writes them back the same way.
 */
export type Input = Readonly<Record<string, unknown>>;

export function requiredString(input: Input, field: string): string {
  const value = optionalString(input, field);
  if (value === undefined || value === '') {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value at '${lower(field)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

export function optionalString(input: Input, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(field, value, 'Member must be a string');
  return value;
}

export function optionalEnum<T extends string>(input: Input, field: string, allowed: readonly T[]): T | undefined {
  const value = optionalString(input, field);
  if (value !== undefined && !allowed.includes(value as T)) {
    throw invalid(field, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
  return value as T | undefined;
}

/** An integer in [min, max], or `fallback` when absent. */
export function optionalInteger(input: Input, field: string, min: number, max: number, fallback: number): number {
  const value = input[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, value, `Member must be an integer from ${min} to ${max}`);
  }
  return value;
}

export function optionalTime(input: Input, field: string): Date | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  const date = typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw invalid(field, value, 'Member must be a timestamp');
  return date;
}

export function epochSeconds(at: Date | string | undefined): number | undefined {
  if (at === undefined) return undefined;
  return (typeof at === 'string' ? new Date(at) : at).getTime() / 1000;
}

function invalid(field: string, value: unknown, constraint: string): AwsError {
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${lower(field)}' failed to satisfy constraint: ${constraint}`,
  );
}

function lower(field: string): string {
  return field.charAt(0).toLowerCase() + field.slice(1);
}
