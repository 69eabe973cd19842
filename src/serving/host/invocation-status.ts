/**
 * The HTTP status each error an invocation can end in stands for (`model-runtime.ts` lists the
 * instances' codes): what metrics count as 4xx or 5xx, and what SageMaker Runtime's `ModelError`
 * reports as `OriginalStatusCode`.
 */
const STATUS: Readonly<Record<string, number>> = {
  E_DATA_FORMAT: 400,
  E_CONTENT_TYPE: 415,
  E_PAYLOAD_TOO_LARGE: 413,
  E_MODEL_ERROR: 500,
  E_CONTAINER_DIED: 503,
  E_VARIANT_NOT_FOUND: 400,
  // Refused before any model saw it: counted with the 4xx, as a throttle is a client's to retry.
  E_ENDPOINT_THROTTLED: 429,
};

/** The status of `err`; 500 for anything without a known code. */
export function statusOf(err: unknown): number {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? (STATUS[code] ?? 500) : 500;
}
