/**
 * The check a data cells filter's row filter passes when it is created: it is substituted into
 * every principal's query (`WHERE (predicate)`), so it must be one scalar predicate over the
 * table's own columns and nothing else. Read with Godwit's lossless SQL tokenizer.
 *
 * Allowed: the table's column names (case-insensitive, quoted or not), string and number
 * literals, operators, AND / OR / NOT, IN (…), BETWEEN, LIKE / ILIKE, IS [NOT] NULL,
 * IS [NOT] DISTINCT FROM, CASE, CAST(x AS type) and `::type`, and scalar function calls.
 * Refused: subqueries and anything that reads data (SELECT, EXISTS, table functions such as
 * `read_csv`), aggregates and windows, `;`, comments (text a reader would not see), parameters,
 * qualified names, and names that are not the table's columns — each naming what it refused.
 *
 * ```ts
 * checkRowFilter("region = 'EU' and spend > 10", ['id', 'region', 'spend']) // { columns: ['region', 'spend'] }
 * checkRowFilter('email in (select email from vip)', cols) // E_CATALOG_ROW_FILTER: … a subquery (SELECT) …
 * ```
 */
import { GodwitError } from '../../core/errors.js';
import { DUCKDB } from '../../sql/duckdb/duckdb-dialect.js';
import { significant, type Token, tokenize } from '../../sql/sql-tokens.js';

const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'IN',
  'BETWEEN',
  'LIKE',
  'ILIKE',
  'ESCAPE',
  'SIMILAR',
  'TO',
  'GLOB',
  'IS',
  'NULL',
  'TRUE',
  'FALSE',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'CAST',
  'TRY_CAST',
  'AS',
  'DISTINCT',
  'INTERVAL',
  'DATE',
  'TIME',
  'TIMESTAMP',
]);

/** Words that only a statement, a subquery or a window needs: never part of a row predicate. */
const STATEMENT_WORDS = new Set([
  'SELECT',
  'FROM',
  'WITH',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'EXISTS',
  'ANY',
  'SOME',
  'ALL',
  'OVER',
  'WINDOW',
  'FILTER',
  'TABLE',
  'VALUES',
  'LATERAL',
  'JOIN',
  'INSERT',
  'UPDATE',
  'DELETE',
  'DROP',
  'ATTACH',
  'DETACH',
  'COPY',
  'PRAGMA',
  'SET',
  'INTO',
  'CREATE',
  'ALTER',
  'CALL',
  'INSTALL',
  'LOAD',
  'EXPORT',
  'IMPORT',
  'SUMMARIZE',
  'DESCRIBE',
  'SHOW',
]);

/** Aggregates (a predicate is per row) and functions that read data, files or settings. */
const REFUSED_FUNCTIONS =
  /^(count|sum|avg|min|max|any_value|arg_max|arg_min|string_agg|group_concat|array_agg|list|first|last|median|mode|quantile\w*|stddev\w*|var_\w+|variance|bool_and|bool_or|bit_and|bit_or|histogram|row_number|rank|dense_rank|ntile|lag|lead|first_value|last_value|nth_value|read_\w+|query|query_table|glob|sniff_csv|parquet_\w+|iceberg_\w+|delta_scan|duckdb_\w+|pragma_\w+|getenv|current_setting|set_\w+|nextval|currval|setval|sql_auto_complete|which_secret|load_\w+|install_\w+|pg_\w+|dblink\w*|lo_\w+)$/i;

export interface CheckedRowFilter {
  /** The table's columns the predicate names, as the table spells them. */
  readonly columns: readonly string[];
}

export function checkRowFilter(expression: string, tableColumns: readonly string[]): CheckedRowFilter {
  const tokens = tokenize(expression, DUCKDB);
  const refuse = (what: string, hint?: string) =>
    new GodwitError('E_CATALOG_ROW_FILTER', `The row filter ${JSON.stringify(expression)} ${what}.`, {
      hint:
        hint ??
        "A row filter is one predicate over the table's columns: literals, operators, AND/OR/NOT, IN, BETWEEN, LIKE, IS NULL and scalar functions (region = 'EU' AND spend > 10).",
    });
  for (const t of tokens) {
    if (t.kind === 'comment') throw refuse(`holds a comment (${JSON.stringify(t.text)}), which could hide text`);
    if (t.kind === 'semicolon') throw refuse('holds ";": a row filter is one predicate, not statements');
  }
  const sig = significant(tokens);
  if (sig.length === 0) throw refuse('is empty', 'Give a predicate, or use all rows (AllRowsWildcard; --where omitted).');
  const byLower = new Map(tableColumns.map((c) => [c.toLowerCase(), c]));
  const named = new Set<string>();
  const unknown: string[] = [];
  let depth = 0;
  // Depths at which a CAST's `AS` opened a type name, read until that parenthesis closes.
  const typeUntil: number[] = [];
  for (let i = 0; i < sig.length; i++) {
    const t = sig[i];
    if (t.kind === 'open') depth++;
    if (t.kind === 'close' && --depth < 0) throw refuse('closes a parenthesis it never opened');
    if (t.kind === 'close' && typeUntil.at(-1) === depth + 1) typeUntil.pop();
    if (t.kind === 'op' && t.text === '.') throw refuse(`names ${qualified(sig, i)}: name the table's columns unqualified`);
    if (t.kind === 'op' && (t.text === '?' || t.text === '@'))
      throw refuse(`holds "${t.text}": parameters and variables are not allowed`);
    if (t.kind !== 'word' && t.kind !== 'ident') continue;
    const upper = t.text.toUpperCase();
    if (t.kind === 'word' && STATEMENT_WORDS.has(upper) && !distinctFrom(sig, i)) {
      throw refuse(
        upper === 'SELECT' || upper === 'EXISTS' || upper === 'FROM' || upper === 'WITH'
          ? `holds a subquery (${upper}): a row filter may read only the row itself`
          : `holds ${upper}, which has no place in a row predicate`,
      );
    }
    if (t.kind === 'word' && distinctFrom(sig, i)) continue;
    if (typeUntil.length > 0 && t.kind === 'word') continue;
    if (t.kind === 'word' && sig[i - 1]?.text === '::') continue;
    if (upper === 'AS' && t.kind === 'word' && depth === 0) throw refuse('holds AS outside CAST(… AS type)');
    if (t.kind === 'word' && sig[i + 1]?.kind === 'open' && !KEYWORDS.has(upper)) {
      if (REFUSED_FUNCTIONS.test(t.text)) {
        throw refuse(
          `calls ${t.text}(), which is not a scalar function over the row`,
          'Aggregates, window functions and functions that read files, tables or settings are refused.',
        );
      }
      continue;
    }
    if (t.kind === 'word' && KEYWORDS.has(upper)) {
      if (upper === 'AS') typeUntil.push(depth);
      continue;
    }
    if (t.kind === 'word' && t.text.startsWith('$')) throw refuse(`holds ${t.text}: parameters are not allowed`);
    const column = byLower.get((t.kind === 'ident' ? (t.value ?? '') : t.text).toLowerCase());
    if (column === undefined) unknown.push(t.kind === 'ident' ? t.text : t.text);
    else named.add(column);
  }
  if (depth !== 0) throw refuse('leaves a parenthesis open');
  if (unknown.length > 0) {
    const names = [...new Set(unknown)];
    throw new GodwitError(
      'E_CATALOG_ROW_FILTER',
      `The row filter ${JSON.stringify(expression)} names ${names.length === 1 ? 'a column' : 'columns'} the table does not have: ${names.join(', ')}.`,
      { hint: `The table's columns: ${tableColumns.join(', ')}. Quote a string value: region = 'EU'.` },
    );
  }
  return { columns: tableColumns.filter((c) => named.has(c)) };
}

/** `IS [NOT] DISTINCT FROM`: the one FROM a row predicate may hold. */
function distinctFrom(sig: readonly Token[], i: number): boolean {
  return sig[i].text.toUpperCase() === 'FROM' && sig[i - 1]?.text.toUpperCase() === 'DISTINCT';
}

function qualified(sig: readonly Token[], dot: number): string {
  return [sig[dot - 1]?.text ?? '', '.', sig[dot + 1]?.text ?? ''].join('');
}
