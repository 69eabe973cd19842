/**
 * BigQuery functions → Redshift, the reverse of redshift-functions.ts where one exists.
 *
 * | BigQuery | Redshift |
 * | --- | --- |
 * | CURRENT_TIMESTAMP(), CURRENT_DATETIME() | GETDATE() |
 * | IFNULL(a, b) | NVL(a, b) |
 * | IF(c, a, b) | CASE WHEN c THEN a ELSE b END |
 * | LENGTH(s), STRPOS(s, sub), RAND() | LEN(s), CHARINDEX(sub, s), RANDOM() |
 * | TO_HEX(MD5(s)) | MD5(s) |
 * | TIMESTAMP_ADD / DATE_ADD / DATETIME_ADD(x, INTERVAL n PART) | DATEADD(part, n, x) |
 * | TIMESTAMP_DIFF / DATE_DIFF / DATETIME_DIFF(b, a, PART) | DATEDIFF(part, a, b) |
 * | TIMESTAMP_TRUNC / DATE_TRUNC / DATETIME_TRUNC(x, PART) | DATE_TRUNC('part', x) |
 * | STRING_AGG(x, d ORDER BY y) | LISTAGG(x, d) WITHIN GROUP (ORDER BY y) |
 * | APPROX_COUNT_DISTINCT(x) | APPROXIMATE COUNT(DISTINCT x) |
 * | REGEXP_CONTAINS(s, r) | REGEXP_INSTR(s, r) > 0 |
 */
import type { ExpressionRules, FunctionRule } from '../sql-expressions.js';
import { bigQueryTypeToRedshift } from './bigquery-types.js';

const human =
  (advice: string): FunctionRule =>
  (_args, ctx) => {
    ctx.note('human', advice);
    return undefined;
  };

const INTERVAL = /^INTERVAL\s+(.+)\s+([A-Za-z_]+)$/is;

const add: FunctionRule = (a) => {
  const m = a.length === 2 ? INTERVAL.exec(a[1]) : null;
  return m ? `DATEADD(${m[2].toLowerCase()}, ${m[1]}, ${a[0]})` : undefined;
};

const diff: FunctionRule = (a) => (a.length === 3 ? `DATEDIFF(${a[2].toLowerCase()}, ${a[1]}, ${a[0]})` : undefined);

const trunc: FunctionRule = (a) =>
  a.length === 2 && /^[A-Za-z_]+$/.test(a[1]) ? `DATE_TRUNC('${a[1].toLowerCase()}', ${a[0]})` : undefined;

const stringAgg: FunctionRule = (a) => {
  const last = a[a.length - 1] ?? '';
  const m = /^(.*?)\s+ORDER\s+BY\s+(.+)$/is.exec(last);
  if (!m) return `LISTAGG(${a.join(', ')})`;
  const args = [...a.slice(0, -1), m[1]];
  if (args.length === 1) args.push("','");
  return `LISTAGG(${args.join(', ')}) WITHIN GROUP (ORDER BY ${m[2]})`;
};

export const BIGQUERY_TO_REDSHIFT_RULES: ExpressionRules = {
  functions: {
    CURRENT_TIMESTAMP: (a) => (a.length === 0 ? 'GETDATE()' : undefined),
    CURRENT_DATETIME: (a) => (a.length === 0 ? 'GETDATE()' : undefined),
    IFNULL: (a) => `NVL(${a.join(', ')})`,
    IF: (a) => (a.length === 3 ? `CASE WHEN ${a[0]} THEN ${a[1]} ELSE ${a[2]} END` : undefined),
    LENGTH: (a) => `LEN(${a.join(', ')})`,
    STRPOS: (a) => (a.length === 2 ? `CHARINDEX(${a[1]}, ${a[0]})` : undefined),
    RAND: () => 'RANDOM()',
    TO_HEX: (a) => (a.length === 1 && /^MD5\(.*\)$/is.test(a[0]) ? a[0] : undefined),
    TIMESTAMP_ADD: add,
    DATE_ADD: add,
    DATETIME_ADD: add,
    TIMESTAMP_DIFF: diff,
    DATE_DIFF: diff,
    DATETIME_DIFF: diff,
    TIMESTAMP_TRUNC: trunc,
    DATE_TRUNC: trunc,
    DATETIME_TRUNC: trunc,
    STRING_AGG: stringAgg,
    APPROX_COUNT_DISTINCT: (a) => `APPROXIMATE COUNT(DISTINCT ${a[0]})`,
    REGEXP_CONTAINS: (a) => (a.length === 2 ? `REGEXP_INSTR(${a[0]}, ${a[1]}) > 0` : undefined),
    FORMAT_TIMESTAMP: human(
      'FORMAT_TIMESTAMP has no direct equivalent: use TO_CHAR with Redshift datetime format strings (YYYY-MM-DD…).',
    ),
    PARSE_DATE: human('PARSE_DATE has no direct equivalent: use TO_DATE with a Redshift format string.'),
    PARSE_TIMESTAMP: human('PARSE_TIMESTAMP has no direct equivalent: use TO_TIMESTAMP with a Redshift format string.'),
    GENERATE_UUID: human('GENERATE_UUID has no Redshift equivalent: use an IDENTITY column or MD5(RANDOM()::text).'),
    ARRAY_AGG: human('ARRAY_AGG builds an ARRAY; Redshift has SUPER arrays only (JSON_PARSE over LISTAGG).'),
  },
  words: {},
  flagged: {
    UNNEST: 'UNNEST: Redshift unnests SUPER arrays with PartiQL (FROM t, t.arr AS a).',
    STRUCT: 'STRUCT values have no Redshift equivalent: use SUPER objects (OBJECT(…)).',
    QUALIFY: 'QUALIFY: Redshift supports it since 2023; on older clusters filter a window in a subquery.',
  },
  mapType: (type, ctx) => bigQueryTypeToRedshift(type, (s, m) => ctx.note(s, m)),
  ilike: false,
};
