import { ACCOUNT_ID } from '../../../core/arns.js';
import { AwsError } from '../aws-error.js';
import type { Input } from '../aws-input.js';

/**
 * Field readers in CloudWatch Logs' terms: its validation error is `InvalidParameterException`
 * (not `ValidationException`), and its times are epoch milliseconds (not seconds).
 */
export function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

export function optionalText(input: Input, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${field} must be a string, not ${JSON.stringify(value)}.`);
  return value;
}

export function requiredText(input: Input, field: string): string {
  const value = optionalText(input, field);
  if (value === undefined || value === '') {
    throw new AwsError(
      'InvalidParameterException',
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** An integer in [min, max] (limits, epoch-ms times), or `fallback` when absent. */
export function optionalNumber(input: Input, field: string, min: number, max: number, fallback?: number): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(
      `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must be an integer from ${min} to ${max}`,
    );
  }
  return value;
}

export function optionalFlag(input: Input, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalid(`${field} must be true or false, not ${JSON.stringify(value)}.`);
  return value;
}

export function optionalNames(input: Input, field: string): string[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > 100 || value.some((v) => typeof v !== 'string')) {
    throw invalid(`${field} must be a list of 1 to 100 names.`);
  }
  return value as string[];
}

/** `logGroupName`, or `logGroupIdentifier` (a name or the group's ARN); exactly one. */
export function groupOf(input: Input): string {
  const name = optionalText(input, 'logGroupName');
  const identifier = optionalText(input, 'logGroupIdentifier');
  if (name !== undefined && identifier !== undefined) {
    throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  const given = name ?? identifier;
  if (given === undefined || given === '') throw invalid('Either logGroupName or logGroupIdentifier must be given.');
  const m = /^arn:aws[a-z-]*:logs:[a-z0-9-]*:(\d{12}):log-group:(.+?)(:\*)?$/.exec(given);
  if (!m) return given;
  if (m[1] !== ACCOUNT_ID) throw invalid(`The ARN ${given} names account ${m[1]}; Godwit's local account is ${ACCOUNT_ID}.`);
  return m[2];
}
