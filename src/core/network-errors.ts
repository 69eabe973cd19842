/**
 * Whether an error means "the server did not answer": a socket error code (`ECONNREFUSED`,
 * `ENOTFOUND`, …) on the error or on one of its causes, where SDKs wrap it. Every client of a
 * server (stores, warehouses) reports those as its own E_…_UNREACHABLE with the endpoint named.
 */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The socket error code behind `err` (looking four causes deep), or `undefined` if it is not one. */
export function unreachableCode(err: unknown): string | undefined {
  for (
    let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    typeof e === 'object' && e !== null && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    if (typeof e.code === 'string' && UNREACHABLE.has(e.code)) return e.code;
  }
  return undefined;
}
