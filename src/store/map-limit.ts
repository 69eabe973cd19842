/** How many transfers or file operations a store helper keeps in flight at once. */
export const DEFAULT_PARALLELISM = 16;

/**
 * Maps `items` through `fn` with at most `limit` calls in flight, results in input order. On a
 * failure no new call starts, and the first error is thrown only once the calls already running
 * have settled, so nothing is still writing when the caller hears about it.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}
