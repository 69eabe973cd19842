import { AwsError } from '../aws-error.js';
import { fieldReaders, type Input } from '../aws-input.js';

export { epochSeconds, type Input } from '../aws-input.js';

/** EventBridge words every bad field as ValidationException. */
export const {
  requiredString,
  optionalString,
  optionalEnum,
  optionalInteger,
  integerIfGiven,
  optionalBoolean,
  optionalStringList,
  optionalTime,
} = fieldReaders('ValidationException');

/** A request EventBridge refuses with ValidationException. */
export const invalid = (message: string) => new AwsError('ValidationException', message);

/** `NextToken` and `Limit` (1–100) as the service's page request. */
export const pageOf = (input: Input) => ({
  nextToken: optionalString(input, 'NextToken'),
  limit: optionalInteger(input, 'Limit', 1, 100, 100),
});

/** An object field, or undefined when absent. */
export function optionalObject(input: Input, field: string): Input | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`${field} must be an object.`);
  return value as Input;
}

/** A list of objects (1 to `max`), required. */
export function objectList(input: Input, field: string, max: number): Input[] {
  const value = input[field];
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > max ||
    value.some((v) => typeof v !== 'object' || v === null)
  ) {
    throw invalid(
      `1 validation error detected: Value at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must be a list of 1 to ${max} objects`,
    );
  }
  return value as Input[];
}

/** An ARN's name after `prefix` (`event-bus/`), or the value itself when it is a plain name. */
export function nameOf(value: string, prefix: string): string {
  const at = value.startsWith('arn:') ? value.indexOf(`:${prefix}`) : -1;
  return at < 0 ? value : value.slice(at + prefix.length + 1);
}
