import { AwsError } from './aws-error.js';

/**
 * Readers for the fields of an AWS JSON request, each throwing AWS's `ValidationException` with
 * the field's name, as the real services do. Timestamps arrive as epoch seconds (the JSON
 * protocol's form); `epochSeconds` writes them back the same way. A service that words a bad
 * field otherwise (CloudWatch Logs' `InvalidParameterException`) gets its own set from
 * `fieldReaders`.
 */
export type Input = Readonly<Record<string, unknown>>;

export interface FieldReaders {
  requiredString(input: Input, field: string): string;
  optionalString(input: Input, field: string): string | undefined;
  optionalEnum<T extends string>(input: Input, field: string, allowed: readonly T[]): T | undefined;
  /** An integer in [min, max], or `fallback` when absent. */
  optionalInteger(input: Input, field: string, min: number, max: number, fallback: number): number;
  /** An integer in [min, max], or undefined when absent. */
  integerIfGiven(input: Input, field: string, min: number, max: number): number | undefined;
  optionalBoolean(input: Input, field: string): boolean | undefined;
  /** A list of 1 to `max` strings, or undefined when absent. */
  optionalStringList(input: Input, field: string, max: number): string[] | undefined;
  optionalTime(input: Input, field: string): Date | undefined;
  /** The service's error for a bad request the readers cannot see (two fields that exclude each other). */
  invalid(message: string): AwsError;
}

/** The readers of a service whose bad-field error is `errorType`. */
export function fieldReaders(errorType: string): FieldReaders {
  const refuse = (field: string, value: unknown, constraint: string) =>
    new AwsError(
      errorType,
      `1 validation error detected: Value '${String(value)}' at '${lower(field)}' failed to satisfy constraint: ${constraint}`,
    );
  const given = (input: Input, field: string) => input[field] !== undefined && input[field] !== null;
  const readers: FieldReaders = {
    requiredString(input, field) {
      const value = readers.optionalString(input, field);
      if (value === undefined || value === '') {
        throw new AwsError(
          errorType,
          `1 validation error detected: Value at '${lower(field)}' failed to satisfy constraint: Member must not be null`,
        );
      }
      return value;
    },
    optionalString(input, field) {
      if (!given(input, field)) return undefined;
      const value = input[field];
      if (typeof value !== 'string') throw refuse(field, value, 'Member must be a string');
      return value;
    },
    optionalEnum<T extends string>(input: Input, field: string, allowed: readonly T[]) {
      const value = readers.optionalString(input, field);
      if (value !== undefined && !allowed.includes(value as T)) {
        throw refuse(field, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
      }
      return value as T | undefined;
    },
    optionalInteger(input, field, min, max, fallback) {
      return readers.integerIfGiven(input, field, min, max) ?? fallback;
    },
    integerIfGiven(input, field, min, max) {
      if (!given(input, field)) return undefined;
      const value = input[field];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        throw refuse(field, value, `Member must be an integer from ${min} to ${max}`);
      }
      return value;
    },
    optionalBoolean(input, field) {
      if (!given(input, field)) return undefined;
      const value = input[field];
      if (typeof value !== 'boolean') throw refuse(field, value, 'Member must be a boolean');
      return value;
    },
    optionalStringList(input, field, max) {
      if (!given(input, field)) return undefined;
      const value = input[field];
      if (!Array.isArray(value) || value.length === 0 || value.length > max || value.some((v) => typeof v !== 'string')) {
        throw refuse(field, JSON.stringify(value), `Member must be a list of 1 to ${max} strings`);
      }
      return value as string[];
    },
    optionalTime(input, field) {
      if (!given(input, field)) return undefined;
      const value = input[field];
      const date = typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
      if (!date || Number.isNaN(date.getTime())) throw refuse(field, value, 'Member must be a timestamp');
      return date;
    },
    invalid: (message) => new AwsError(errorType, message),
  };
  return readers;
}

const validation = fieldReaders('ValidationException');

export const requiredString = validation.requiredString;
export const optionalString = validation.optionalString;
export const optionalEnum = validation.optionalEnum;
export const optionalInteger = validation.optionalInteger;
export const optionalTime = validation.optionalTime;

/** A time as the JSON protocol writes it: epoch seconds, with the milliseconds as a fraction. */
export function epochSeconds(at: Date | string): number;
export function epochSeconds(at: Date | string | undefined): number | undefined;
export function epochSeconds(at: Date | string | undefined): number | undefined {
  if (at === undefined) return undefined;
  return (typeof at === 'string' ? new Date(at) : at).getTime() / 1000;
}

function lower(field: string): string {
  return field.charAt(0).toLowerCase() + field.slice(1);
}
