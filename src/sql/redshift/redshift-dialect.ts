/**
 * Redshift as the tokenizer and the rules see it: `"x"` is an identifier (PostgreSQL's rule), and
 * the many ways Redshift spells a date part (`day`, `'days'`, `d`, `mon`, `yr`…).
 */
import type { SqlDialect } from '../sql-tokens.js';

export const REDSHIFT: SqlDialect = { name: 'redshift', doubleQuote: 'ident' };

/** Date parts as Redshift spells them (`day`, `'days'`, `d`, `mon`, `yr`…) → BigQuery's keyword. */
const PARTS: Readonly<Record<string, string>> = {};

const SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  YEAR: ['year', 'years', 'y', 'yy', 'yyyy', 'yr', 'yrs'],
  QUARTER: ['quarter', 'quarters', 'q', 'qtr', 'qtrs'],
  MONTH: ['month', 'months', 'mon', 'mons'],
  WEEK: ['week', 'weeks', 'w'],
  DAY: ['day', 'days', 'd'],
  HOUR: ['hour', 'hours', 'h', 'hr', 'hrs'],
  MINUTE: ['minute', 'minutes', 'm', 'min', 'mins'],
  SECOND: ['second', 'seconds', 's', 'sec', 'secs'],
  MILLISECOND: ['millisecond', 'milliseconds', 'ms', 'msec', 'msecs'],
  MICROSECOND: ['microsecond', 'microseconds', 'us', 'usec', 'usecs'],
};

for (const [part, spellings] of Object.entries(SPELLINGS)) for (const s of spellings) (PARTS as Record<string, string>)[s] = part;

/** BigQuery's keyword for a Redshift date part (quoted or not), or undefined. */
export function datePart(text: string): string | undefined {
  return PARTS[text.replace(/^['"]|['"]$/g, '').toLowerCase()];
}

/** Parts TIMESTAMP_ADD / TIMESTAMP_DIFF / TIMESTAMP_TRUNC accept; coarser ones need the DATE functions. */
const SUB_DAY = new Set(['MICROSECOND', 'MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY']);

export function isTimestampPart(part: string): boolean {
  return SUB_DAY.has(part);
}
