/**
 * Redshift functions and keywords → DuckDB, for Redshift SQL run offline. Each rule keeps
 * Redshift's result (type and value), not just its name: DATEADD returns a TIMESTAMP even for a
 * DATE, LISTAGG without a delimiter joins with nothing, DATEDIFF counts boundaries crossed.
 *
 * | Redshift | DuckDB |
 * | --- | --- |
 * | NVL(a, b, …) / NVL2(e, a, b) | COALESCE(a, b, …) / CASE WHEN e IS NOT NULL THEN a ELSE b END |
 * | DECODE(e, s1, r1, …, d) | CASE e WHEN s1 THEN r1 … ELSE d END |
 * | GETDATE() / SYSDATE | the current UTC time as TIMESTAMP (GETDATE to the second) |
 * | DATEADD(part, n, x) | CAST(x AS TIMESTAMP) + to_<part>s(n) |
 * | DATEDIFF(part, a, b) | date_diff('part', a, b); weeks counted from Monday boundaries |
 * | DATE_TRUNC('part', x) | date_trunc('part', x) |
 * | LISTAGG(x[, d]) [WITHIN GROUP (ORDER BY y)] | string_agg(x, d [ORDER BY y]) |
 * | LEN(s), CHARINDEX(sub, s), BTRIM(s) | length(s), strpos(s, sub), trim(s) |
 * | CONVERT(type, x), x::type | CAST(x AS type), x::type (types mapped) |
 * | APPROXIMATE COUNT(DISTINCT x) | refused: write approx_count_distinct… on the real warehouse |
 */

import { DUCKDB_DATE_PARTS, weekBoundaries } from '../duckdb/duckdb-dates.js';
import { redshiftTypeToDuckDB } from '../duckdb/duckdb-types.js';
import type { ExpressionRules, FunctionRule } from '../sql-expressions.js';
import { tokenize } from '../sql-tokens.js';
import { parseType } from '../sql-types.js';
import { datePart, REDSHIFT } from './redshift-dialect.js';
import { decode } from './redshift-functions.js';

const UTC_NOW = "CAST(current_timestamp AT TIME ZONE 'UTC' AS TIMESTAMP)";

const part = (text: string | undefined, ctx: Parameters<FunctionRule>[1]): string | undefined => {
  const p = text === undefined ? undefined : datePart(text);
  if (text !== undefined && !p) ctx.note('human', `the date part ${text} is not one Godwit knows.`);
  return p;
};

const dateAdd: FunctionRule = (a, ctx) => {
  const p = a.length === 3 ? part(a[0], ctx) : undefined;
  return p ? `(CAST(${a[2]} AS TIMESTAMP) + ${DUCKDB_DATE_PARTS[p].to}(${a[1]}))` : undefined;
};

const dateDiff: FunctionRule = (a, ctx) => {
  const p = a.length === 3 ? part(a[0], ctx) : undefined;
  if (!p) return undefined;
  if (p === 'WEEK') return weekBoundaries(`CAST(${a[1]} AS DATE)`, `CAST(${a[2]} AS DATE)`, 0);
  return `date_diff('${DUCKDB_DATE_PARTS[p].name}', CAST(${a[1]} AS TIMESTAMP), CAST(${a[2]} AS TIMESTAMP))`;
};

const convert: FunctionRule = (a, ctx) => {
  const parsed = a.length === 2 ? parseType(tokenize(a[0], REDSHIFT), 0) : undefined;
  return parsed ? `CAST(${a[1]} AS ${redshiftTypeToDuckDB(parsed.type, (s, m) => ctx.note(s, m))})` : undefined;
};

const unsupported =
  (advice: string): FunctionRule =>
  (_a, ctx) => {
    ctx.note('human', advice);
    return undefined;
  };

export const REDSHIFT_TO_DUCKDB_RULES: ExpressionRules = {
  functions: {
    NVL: (a) => `COALESCE(${a.join(', ')})`,
    NVL2: (a) => (a.length === 3 ? `(CASE WHEN ${a[0]} IS NOT NULL THEN ${a[1]} ELSE ${a[2]} END)` : undefined),
    DECODE: (a) => {
      const c = decode(a);
      return c && `(${c})`;
    },
    GETDATE: (a) => (a.length === 0 ? `date_trunc('second', ${UTC_NOW})` : undefined),
    DATEADD: dateAdd,
    DATEDIFF: dateDiff,
    DATE_TRUNC: (a, ctx) => {
      const p = a.length === 2 ? part(a[0], ctx) : undefined;
      return p ? `date_trunc('${DUCKDB_DATE_PARTS[p].name}', ${a[1]})` : undefined;
    },
    LISTAGG: (a) => `string_agg(${a[0]}, ${a[1] ?? "''"})`,
    LEN: (a) => `length(${a.join(', ')})`,
    CHARINDEX: (a) => (a.length === 2 ? `strpos(${a[1]}, ${a[0]})` : undefined),
    BTRIM: (a) => `trim(${a.join(', ')})`,
    CONVERT: convert,
    TO_CHAR: unsupported(
      'TO_CHAR: Redshift format strings (YYYY-MM-DD) are not translated; use strftime-style formats or run it on Redshift.',
    ),
    TO_DATE: unsupported('TO_DATE: Redshift format strings are not translated; CAST(s AS DATE) reads ISO dates.'),
    TO_TIMESTAMP: unsupported(
      'TO_TIMESTAMP: Redshift format strings are not translated; CAST(s AS TIMESTAMP) reads ISO timestamps.',
    ),
    CONVERT_TIMEZONE: unsupported('CONVERT_TIMEZONE is not translated offline.'),
    STRTOL: unsupported('STRTOL is not translated offline.'),
  },
  withinGroup: {
    LISTAGG: (a, orderBy) => `string_agg(${a[0]}, ${a[1] ?? "''"} ${orderBy})`,
  },
  words: { SYSDATE: UTC_NOW },
  flagged: {
    APPROXIMATE: 'APPROXIMATE COUNT(DISTINCT x) is not translated offline: use COUNT(DISTINCT x).',
    SIMILAR: 'SIMILAR TO is not translated offline: use a regular expression (~).',
  },
  mapType: (type, ctx) => redshiftTypeToDuckDB(type, (s, m) => ctx.note(s, m)),
  ilike: false,
};
