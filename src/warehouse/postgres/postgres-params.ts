/**
 * Named parameters in PostgreSQL and Redshift text (`:name`, as the Redshift Data API names them)
 * become PostgreSQL's positional `$n`, with the values in order:
 *
 * ```ts
 * positional("select * from t where a = :a and b::text = ':a' or c = :a", { a: 1 })
 * // { text: "select * from t where a = $1 and b::text = ':a' or c = $1", values: [1] }
 * ```
 *
 * The scan runs over the shared tokenizer (`src/sql/sql-tokens.ts`) with PostgreSQL's string
 * rules, so a `:name` inside a string, a quoted identifier, a comment or a dollar-quoted body is
 * text, and `::type` is a cast. Values are bound, never pasted into the text.
 */
import { GodwitError } from '../../core/errors.js';
import { paramPositions } from '../../sql/sql-params.js';
import { type SqlDialect, tokenize } from '../../sql/sql-tokens.js';
import type { SqlParams, SqlValue } from '../warehouse.js';

export const POSTGRES: SqlDialect = { name: 'postgres', doubleQuote: 'ident', postgresStrings: true };

export interface Positional {
  readonly text: string;
  readonly values: SqlValue[];
  /** PostgreSQL type OIDs of the values (0: let the server infer, as for strings and NULL). */
  readonly types: number[];
  /** The parameter names in `$n` order. */
  readonly names: string[];
}

/** Rewrites `:name` to `$n`; a name the SQL uses but `params` lacks is E_SQL_PARAMETER. */
export function positional(sql: string, params: SqlParams = {}, dialect: SqlDialect = POSTGRES): Positional {
  const tokens = tokenize(sql, dialect);
  const at = new Map(paramPositions(tokens, 'postgres').map((p) => [p.at, p]));
  const names: string[] = [];
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const param = at.get(i);
    if (param === undefined) {
      out.push(tokens[i].text);
      continue;
    }
    if (!Object.hasOwn(params, param.name)) throw missingParameter(param.name, params);
    let n = names.indexOf(param.name);
    if (n < 0) n = names.push(param.name) - 1;
    out.push(`$${n + 1}`);
    i += param.span - 1;
  }
  const values = names.map((n) => params[n]);
  return { text: out.join(''), values: values.map(bindable), types: values.map(typeOf), names };
}

/**
 * The type a value is sent as. Numbers and booleans are typed so `select :n` gives a number back
 * (an untyped parameter is text to PostgreSQL) and integers are `integer` while they fit, because
 * `integer` widens implicitly to `bigint`, `numeric` and `double precision` while `bigint` would
 * not narrow for `substr(s, :n)`. Strings stay untyped, so PostgreSQL reads them as the context
 * needs (`where day = :d` with '2024-01-31' against a date column).
 */
function typeOf(value: SqlValue): number {
  if (typeof value === 'number') return Number.isInteger(value) ? (Math.abs(value) <= 2 ** 31 - 1 ? 23 : 20) : 1700;
  if (typeof value === 'bigint') return 20;
  if (typeof value === 'boolean') return 16;
  if (value instanceof Date) return 1184;
  if (value instanceof Uint8Array) return 17;
  return 0;
}

/** `pg` sends a bigint as its text and a Uint8Array as bytea only when it is a Buffer. */
function bindable(value: SqlValue): SqlValue {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array && !Buffer.isBuffer(value))
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value;
}

function missingParameter(name: string, params: SqlParams): GodwitError {
  const known = Object.keys(params);
  return new GodwitError('E_SQL_PARAMETER', `The SQL uses the parameter :${name}, which has no value.`, {
    hint: known.length ? `Give it a value; the parameters given are ${known.join(', ')}.` : `Give it a value in the parameters.`,
  });
}

/**
 * The statement without trailing semicolons, spaces and comments, to embed in `COPY (…)`,
 * `DECLARE … FOR`, `CREATE … AS`: a trailing `-- comment` would swallow a closing parenthesis.
 */
export function bare(text: string, dialect: SqlDialect = POSTGRES): string {
  const tokens = tokenize(text, dialect);
  let end = tokens.length;
  while (end > 0 && ['space', 'comment', 'semicolon'].includes(tokens[end - 1].kind)) end--;
  return tokens
    .slice(0, end)
    .map((t) => t.text)
    .join('');
}
