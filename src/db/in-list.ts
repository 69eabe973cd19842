/**
 * `IN (…)` lists over the database seam: placeholders, and long lists in slices so a statement
 * never binds more values than SQLite and PostgreSQL allow.
 */

/** Values per `IN (…)` statement: well under SQLite's and PostgreSQL's limits on bound parameters. */
export const IN_BATCH = 500;

/** `?, ?, …`: `n` placeholders. */
export const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** `values` in slices of at most `size` (IN_BATCH), in order. */
export function* slices<T>(values: readonly T[], size = IN_BATCH): Generator<T[]> {
  for (let i = 0; i < values.length; i += size) yield values.slice(i, i + size);
}
