import { GodwitError } from '../../../core/errors.js';
import { AwsError } from '../aws-error.js';

/**
 * CloudWatch's errors, by their Query-protocol code (what boto3 shows as `Error.Code`) and the
 * JSON protocol's shape name the AWS SDK for JavaScript turns into its exception class. The JSON
 * answer carries both: `__type` and the `x-amzn-query-error: <code>;Sender` header, which the
 * SDK's awsQueryCompatible mode reads as `Code`.
 */
export const ERROR_SHAPES: Readonly<Record<string, string>> = {
  InvalidParameterValue: 'InvalidParameterValueException',
  MissingParameter: 'MissingRequiredParameterException',
  InvalidParameterCombination: 'InvalidParameterCombinationException',
  InvalidNextToken: 'InvalidNextToken',
  LimitExceeded: 'LimitExceededFault',
  InternalServiceError: 'InternalServiceFault',
  ValidationError: 'ValidationException',
  ResourceNotFound: 'ResourceNotFound',
  InvalidFormat: 'InvalidFormatFault',
};

export const invalidValue = (message: string) => new AwsError('InvalidParameterValue', message);
export const missing = (field: string) => new AwsError('MissingParameter', `The parameter ${field} is required.`);
export const combination = (message: string) => new AwsError('InvalidParameterCombination', message);

/** Any error in CloudWatch's terms: the store's refusals are InvalidParameterValue, the unexpected an internal error. */
export function asCloudWatchError(err: unknown): AwsError {
  if (err instanceof AwsError) return err;
  if (err instanceof GodwitError) {
    // Alarms answer in PutMetricAlarm's and SetAlarmState's terms; the metric store's refusals are InvalidParameterValue.
    // IAM's refusal: AWS Query's AccessDenied (403), in both of CloudWatch's protocols.
    if (err.code === 'E_ACCESS_DENIED') return new AwsError('AccessDenied', err.message, 403);
    if (err.code === 'E_ALARM_INVALID') return new AwsError('ValidationError', err.describe());
    if (err.code === 'E_ALARM_NOT_FOUND') return new AwsError('ResourceNotFound', err.describe(), 404);
    return invalidValue(err.describe());
  }
  return new AwsError('InternalServiceError', 'The server hit an internal error; its log has the details.', 500);
}

/**
 * Field readers over either protocol's input: the JSON protocol sends numbers and epoch-second
 * timestamps, the Query protocol strings and ISO 8601. `at` is the field's path as CloudWatch
 * names it in messages (`MetricData.member.2.Value`).
 */
export type In = Readonly<Record<string, unknown>>;

export function str(input: In, field: string, at = field): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidValue(`The parameter ${at} must be a string.`);
  return v;
}

export function reqStr(input: In, field: string, at = field): string {
  const v = str(input, field, at);
  if (v === undefined || v === '') throw missing(at);
  return v;
}

export function num(input: In, field: string, at = field): number | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw invalidValue(`The value ${String(v)} for parameter ${at} is not a finite number.`);
  return n;
}

export function time(input: In, field: string, at = field): Date | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  const d = typeof v === 'number' ? new Date(v * 1000) : typeof v === 'string' ? parseTime(v) : undefined;
  if (!d || Number.isNaN(d.getTime())) throw invalidValue(`The value ${String(v)} for parameter ${at} is not a timestamp.`);
  return d;
}

export function reqTime(input: In, field: string, at = field): Date {
  const d = time(input, field, at);
  if (!d) throw missing(at);
  return d;
}

export function list(input: In, field: string, at = field): unknown[] {
  const v = input[field];
  if (v === undefined || v === null || v === '') return [];
  if (!Array.isArray(v)) throw invalidValue(`The parameter ${at} must be a list.`);
  // A Query list with a gap (member.1, member.3) has a hole; AWS refuses it as malformed.
  if (v.some((x) => x === undefined)) throw invalidValue(`The list ${at} skips a member number.`);
  return v;
}

/** A list of numbers (`Values`, `Counts`). */
export function numbers(input: In, field: string, at = field): number[] {
  const items = list(input, field, at);
  return items.map((_, i) => num(items as unknown as In, String(i), `${at}.member.${i + 1}`) as number);
}

export function obj(input: In, field: string, at = field): In | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidValue(`The parameter ${at} must be a structure.`);
  return v as In;
}

export function bool(input: In, field: string, at = field): boolean | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw invalidValue(`The parameter ${at} must be true or false.`);
}

/** `[{Name, Value}]` → `{Name: Value}`; a repeated name is refused, as CloudWatch does. */
export function dimensions(input: In, field: string, at = field): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, d] of list(input, field, at).entries()) {
    const where = `${at}.member.${i + 1}`;
    const item = (d ?? {}) as In;
    const name = reqStr(item, 'Name', `${where}.Name`);
    if (Object.hasOwn(out, name)) throw invalidValue(`The dimension ${name} appears more than once in ${at}.`);
    out[name] = reqStr(item, 'Value', `${where}.Value`);
  }
  return out;
}

function parseTime(text: string): Date {
  return /^\d+(\.\d+)?$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
}
