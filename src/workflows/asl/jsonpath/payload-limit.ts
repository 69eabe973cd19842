import type { Json } from '../asl-types.js';
import { PAYLOAD_LIMIT_BYTES, StatesError } from '../states-error.js';

/**
 * Fails with `States.DataLimitExceeded` when `value` is over 256 KiB of UTF-8 JSON. `what` names
 * the payload ("output", "input", "assigned variables"); the engine prefixes the state's name.
 */
export function checkPayload(value: Json, what: string): Json {
  // As JSON text a string character takes at most 6 bytes (`\u001f`), so short strings need no text.
  if (value === null || typeof value !== 'object') {
    if (typeof value !== 'string' || value.length * 6 + 2 <= PAYLOAD_LIMIT_BYTES) return value;
  }
  const text = JSON.stringify(value);
  checked.value = value;
  checked.text = text;
  // A UTF-16 unit of JSON text is at most 3 bytes of UTF-8, so short texts need no byte count.
  if (text.length * 3 <= PAYLOAD_LIMIT_BYTES) return value;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= PAYLOAD_LIMIT_BYTES) return value;
  throw new StatesError(
    'States.DataLimitExceeded',
    `The state's ${what} is ${bytes} bytes, over the ${PAYLOAD_LIMIT_BYTES}-byte limit of Step Functions.`,
  );
}

/**
 * The text `checkPayload` made of the object it checked last, once, if `value` is that object:
 * the engine records a state's output as text right after its data flow checked it, and a Pass
 * chain's cost was mostly making the same text twice. One slot, emptied when taken, so a text is
 * never reused after the object could have changed.
 */
export function takeCheckedText(value: Json): string | undefined {
  if (value === null || typeof value !== 'object' || checked.value !== value) return undefined;
  const text = checked.text;
  checked.value = undefined;
  checked.text = undefined;
  return text;
}

const checked: { value: Json | undefined; text: string | undefined } = { value: undefined, text: undefined };
