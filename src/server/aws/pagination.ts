import { AwsError } from './aws-error.js';

/**
 * AWS-style pages over a list already filtered and sorted: at most `maxResults` items after the
 * one `nextToken` names, and a `nextToken` when more remain. The token is the key of the last item
 * returned (base64url), not an offset, so items added meanwhile (new runs are the newest) neither
 * repeat nor get skipped. A token whose item is gone is a `ValidationException`, as AWS answers a
 * token it cannot read.
 */
export function page<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  nextToken: string | undefined,
  maxResults: number,
): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken) {
    const key = Buffer.from(nextToken, 'base64url').toString('utf8');
    const at = items.findIndex((item) => keyOf(item) === key);
    if (at < 0) throw new AwsError('ValidationException', 'The NextToken is not valid for this request.');
    start = at + 1;
  }
  const slice = items.slice(start, start + maxResults);
  const more = start + maxResults < items.length;
  return more
    ? { items: slice, nextToken: Buffer.from(keyOf(slice[slice.length - 1]), 'utf8').toString('base64url') }
    : { items: slice };
}

export const SORT_ORDERS = ['Ascending', 'Descending'] as const;

/** Sorts by `value` ascending, ties by `key`, then reverses for Descending (AWS's default order). */
export function sorted<T>(
  items: readonly T[],
  value: (item: T) => string | number,
  key: (item: T) => string,
  order: (typeof SORT_ORDERS)[number] = 'Descending',
): T[] {
  const out = [...items].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    return va < vb ? -1 : va > vb ? 1 : key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  });
  return order === 'Descending' ? out.reverse() : out;
}
