import { epochSeconds, type Input, optionalEnum, optionalInteger, optionalString, optionalTime } from '../aws-input.js';
import { page, SORT_ORDERS, sorted } from '../pagination.js';

/** What a SageMaker `List*` action may filter on, for one kind of record. */
export interface Listable<T> {
  readonly name: (item: T) => string;
  readonly created: (item: T) => Date;
  readonly modified?: (item: T) => Date;
  readonly status?: (item: T) => string;
  /** `SortBy` values and the sort key each means; the first is the default. */
  readonly sortBy: Readonly<Record<string, (item: T) => string | number>>;
  /** `StatusEquals`' allowed values, when the records have a status. */
  readonly statuses?: readonly string[];
}

/**
 * The filters, order and pages every SageMaker hosting list shares: `NameContains`,
 * `CreationTimeAfter/Before`, `LastModifiedTimeAfter/Before`, `StatusEquals`, `SortBy`,
 * `SortOrder` (Descending unless asked), `MaxResults` (1–100, 10 by default) and `NextToken`.
 */
export function listPage<T>(input: Input, items: readonly T[], how: Listable<T>): { items: T[]; nextToken?: string } {
  const contains = optionalString(input, 'NameContains');
  const [after, before] = [optionalTime(input, 'CreationTimeAfter'), optionalTime(input, 'CreationTimeBefore')];
  const [mAfter, mBefore] = how.modified
    ? [optionalTime(input, 'LastModifiedTimeAfter'), optionalTime(input, 'LastModifiedTimeBefore')]
    : [undefined, undefined];
  const status = how.statuses ? optionalEnum(input, 'StatusEquals', how.statuses) : undefined;
  const kept = items.filter((item) => {
    const at = how.created(item);
    const modified = how.modified?.(item);
    return (
      (!contains || how.name(item).includes(contains)) &&
      (!after || at > after) &&
      (!before || at < before) &&
      (!mAfter || (modified !== undefined && modified > mAfter)) &&
      (!mBefore || (modified !== undefined && modified < mBefore)) &&
      (!status || how.status?.(item) === status)
    );
  });
  return sortedPage(input, kept, how);
}

/** `SortBy`, `SortOrder`, `MaxResults` and `NextToken` over items already filtered (by a catalog's query). */
export function sortedPage<T>(
  input: Input,
  items: readonly T[],
  how: Pick<Listable<T>, 'name' | 'sortBy'>,
): { items: T[]; nextToken?: string } {
  const keys = Object.keys(how.sortBy);
  const sortBy = optionalEnum(input, 'SortBy', keys) ?? keys[0];
  const max = optionalInteger(input, 'MaxResults', 1, 100, 10);
  const ordered = sorted(items, how.sortBy[sortBy], how.name, optionalEnum(input, 'SortOrder', SORT_ORDERS));
  return page(ordered, how.name, optionalString(input, 'NextToken'), max);
}

export const tagsOf = (tags: readonly { Key: string; Value: string }[]) => tags.map((t) => ({ Key: t.Key, Value: t.Value }));
export { epochSeconds };
