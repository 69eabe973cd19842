import type { Json, JsonObject } from '../asl-types.js';
import { PAYLOAD_LIMIT_BYTES, StatesError } from '../states-error.js';

/**
 * Fails with `States.DataLimitExceeded` when `value` is over 256 KiB of UTF-8 JSON. `what` names
 * the payload ("output", "input", "assigned variables") and the state comes from the context.
 */
export function checkPayload(value: Json, what: string, context: JsonObject): Json {
  if (value === null || typeof value !== 'object') {
    if (typeof value !== 'string' || value.length * 3 <= PAYLOAD_LIMIT_BYTES) return value;
  }
  const text = JSON.stringify(value);
  // A UTF-8 character is at most 3 bytes per UTF-16 unit, so short texts need no byte count.
  if (text.length * 3 <= PAYLOAD_LIMIT_BYTES) return value;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= PAYLOAD_LIMIT_BYTES) return value;
  const state = (context.State as JsonObject | undefined)?.Name;
  throw new StatesError(
    'States.DataLimitExceeded',
    `The ${what} of state ${JSON.stringify(state ?? '?')} is ${bytes} bytes, over the ${PAYLOAD_LIMIT_BYTES}-byte limit of Step Functions.`,
  );
}
