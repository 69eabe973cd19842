import type { Json } from '../asl-types.js';
import { PAYLOAD_LIMIT_BYTES, StatesError } from '../states-error.js';
import { type Bindings, evaluateExpression, isExpression, queryError } from './jsonata-expression.js';

/**
 * Fields of a JSONata state that must come out as one kind of value (a count of seconds, a
 * percentage, a timestamp, an error name), literal or `{% %}`, and the 256 KiB payload limit.
 */

export interface NumberRule {
  readonly min: number;
  readonly max?: number;
  readonly integer: boolean;
  /** What the field needs, for the message: "a positive integer". */
  readonly wanted: string;
}

export const POSITIVE_INTEGER: NumberRule = { min: 1, integer: true, wanted: 'a positive integer' };
export const NON_NEGATIVE_INTEGER: NumberRule = { min: 0, integer: true, wanted: 'a non-negative integer' };
export const PERCENTAGE: NumberRule = { min: 0, max: 100, integer: false, wanted: 'a number from 0 to 100' };

function fits(value: Json, rule: NumberRule): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (rule.integer && !Number.isInteger(value)) return false;
  return value >= rule.min && (rule.max === undefined || value <= rule.max);
}

/** A numeric field: `undefined` when absent; an expression's value out of `rule` is `States.QueryEvaluationError`. */
export async function numberField(
  raw: Json | undefined,
  bindings: Bindings,
  field: string,
  rule: NumberRule,
): Promise<number | undefined> {
  if (raw === undefined) return undefined;
  const value = isExpression(raw) ? await evaluateExpression(raw, bindings, field) : raw;
  if (fits(value, rule)) return value;
  const shown = JSON.stringify(value);
  if (isExpression(raw)) throw queryError(raw, field, `returned ${shown}, but ${rule.wanted} is required.`);
  throw new StatesError('States.Runtime', `The field '${field}' is ${shown}, but ${rule.wanted} is required.`);
}

/** A string field (`Error`, `Cause`, `Timestamp`): literal, or an expression that must yield a string. */
export async function stringField(raw: Json | undefined, bindings: Bindings, field: string): Promise<string | undefined> {
  if (raw === undefined) return undefined;
  if (!isExpression(raw)) {
    if (typeof raw === 'string') return raw;
    throw new StatesError('States.Runtime', `The field '${field}' is ${JSON.stringify(raw)}, but a string is required.`);
  }
  const value = await evaluateExpression(raw, bindings, field);
  if (typeof value === 'string') return value;
  throw queryError(raw, field, `returned ${JSON.stringify(value)}, but a string is required.`);
}

/** RFC 3339 with a time zone, as the States Language requires of `Timestamp`. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function parseTimestamp(text: string): Date | undefined {
  if (!RFC3339.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Throws `States.DataLimitExceeded` when `value` is over 256 KiB of UTF-8 JSON. The UTF-16 length
 * bounds the byte count (at most 3 bytes per unit), so small payloads never count bytes.
 */
export function checkPayloadSize(value: Json, what: string): void {
  const text = JSON.stringify(value) ?? '';
  if (text.length * 3 <= PAYLOAD_LIMIT_BYTES) return;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > PAYLOAD_LIMIT_BYTES) {
    throw new StatesError(
      'States.DataLimitExceeded',
      `The ${what} has a size of ${bytes} bytes, which exceeds the maximum of ${PAYLOAD_LIMIT_BYTES} bytes (256 KiB).`,
    );
  }
}
