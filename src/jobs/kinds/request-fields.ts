/**
 * Readers for the nested fields of a Create…Job request, each throwing SageMaker's
 * `ValidationException` with the field's path (`ProcessingInputs.0.S3Input.S3Uri`), as the real
 * service names the member that failed its constraint.
 */
import { AwsError } from '../../server/aws/aws-error.js';

export type Fields = Readonly<Record<string, unknown>>;

export function invalid(path: string, constraint: string, value?: unknown): AwsError {
  const shown = value === undefined ? '' : ` Value '${typeof value === 'string' ? value : JSON.stringify(value)}' at`;
  return new AwsError(
    'ValidationException',
    `1 validation error detected:${shown || ' Value at'} '${path}' failed to satisfy constraint: ${constraint}`,
  );
}

export function object(input: Fields, field: string, path = field): Fields | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(path, 'Member must be a structure', value);
  return value as Fields;
}

export function requiredObject(input: Fields, field: string, path = field): Fields {
  const value = object(input, field, path);
  if (!value) throw invalid(path, 'Member must not be null');
  return value;
}

export function list(input: Fields, field: string, path = field, max = 100): readonly unknown[] {
  const value = input[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(path, 'Member must be a list', value);
  if (value.length > max) throw invalid(path, `Member must have length less than or equal to ${max}`);
  return value;
}

export function text(input: Fields, field: string, path = field): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(path, 'Member must be a string', value);
  return value;
}

export function requiredText(input: Fields, field: string, path = field): string {
  const value = text(input, field, path);
  if (value === undefined || value === '') throw invalid(path, 'Member must not be null');
  return value;
}

export function choice<T extends string>(input: Fields, field: string, allowed: readonly T[], path = field): T | undefined {
  const value = text(input, field, path);
  if (value !== undefined && !allowed.includes(value as T)) {
    throw invalid(path, `Member must satisfy enum value set: [${allowed.join(', ')}]`, value);
  }
  return value as T | undefined;
}

export function integer(input: Fields, field: string, min: number, max: number, path = field): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(path, `Member must be an integer from ${min} to ${max}`, value);
  }
  return value;
}

export function flag(input: Fields, field: string, path = field): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalid(path, 'Member must be a boolean', value);
  return value;
}

/** A map of strings (`Environment`): at most `max` entries, keys and values strings. */
export function stringMap(input: Fields, field: string, max = 100): Readonly<Record<string, string>> {
  const value = object(input, field) ?? {};
  const entries = Object.entries(value);
  if (entries.length > max) throw invalid(field, `Member must have length less than or equal to ${max}`);
  for (const [k, v] of entries) if (typeof v !== 'string') throw invalid(`${field}.${k}`, 'Member must be a string', v);
  return value as Record<string, string>;
}

/** A list of strings (`ContainerEntrypoint`, `ContainerArguments`). */
export function strings(input: Fields, field: string, max: number): readonly string[] | undefined {
  if (input[field] === undefined || input[field] === null) return undefined;
  const values = list(input, field, field, max);
  values.forEach((v, i) => {
    if (typeof v !== 'string') throw invalid(`${field}.${i + 1}`, 'Member must be a string', v);
  });
  return values as string[];
}

/** SageMaker's job and model names: 1–63 of letters, digits and hyphens, starting with a letter or digit. */
export function resourceName(input: Fields, field: string): string {
  const value = requiredText(input, field);
  if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/.test(value)) {
    throw invalid(field, 'Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}', value);
  }
  return value;
}

/** An `s3://` URI (SageMaker's only scheme), or Godwit's local `file://` and offline `gs://`. */
export function dataUri(input: Fields, field: string, path: string): string {
  const value = requiredText(input, field, path);
  if (!/^(s3|file|gs):\/\/\S+/i.test(value)) {
    throw invalid(path, 'Member must be an s3:// URI (Godwit also reads file:// and gs://)', value);
  }
  return value;
}
