/**
 * BigQuery as the tokenizer and the rules see it: `"x"` is a string and `` `x` `` an identifier
 * (GoogleSQL's rule). Date parts are keywords BigQuery spells one way only (`DAY`, `MONTH`).
 */
import type { SqlDialect } from '../sql-tokens.js';

export const BIGQUERY: SqlDialect = { name: 'bigquery', doubleQuote: 'string' };
