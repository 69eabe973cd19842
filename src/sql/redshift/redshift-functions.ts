/**
 * Redshift functions and keywords → BigQuery. Where BigQuery picks a function by argument type
 * (DATE_ADD for a DATE, TIMESTAMP_ADD for a TIMESTAMP) and the SQL does not say the type, the
 * rule picks one and asks a human to confirm.
 *
 * | Redshift | BigQuery |
 * | --- | --- |
 * | GETDATE(), SYSDATE | CURRENT_TIMESTAMP() |
 * | NVL(a, b) / NVL(a, b, c…) | IFNULL(a, b) / COALESCE(a, b, c…) |
 * | NVL2(e, a, b) | IF(e IS NOT NULL, a, b) |
 * | DECODE(e, s1, r1, …, d) | CASE e WHEN s1 THEN r1 … ELSE d END |
 * | LEN(s), CHARINDEX(sub, s), BTRIM(s) | LENGTH(s), STRPOS(s, sub), TRIM(s) |
 * | RANDOM(), MD5(s) | RAND(), TO_HEX(MD5(s)) |
 * | CONVERT(type, x), x::type | CAST(x AS type) |
 * | DATEADD(part, n, x) | TIMESTAMP_ADD(x, INTERVAL n PART) (DATE_ADD from WEEK up) |
 * | DATEDIFF(part, a, b) | TIMESTAMP_DIFF(b, a, PART) (DATE_DIFF from WEEK up) |
 * | DATE_TRUNC('part', x) | TIMESTAMP_TRUNC(x, PART) |
 * | LISTAGG(x, d) WITHIN GROUP (ORDER BY y) | STRING_AGG(x, d ORDER BY y) |
 * | a ILIKE b | LOWER(a) LIKE LOWER(b) |
 */

import type { ExpressionRules, FunctionRule } from '../sql-expressions.js';
import { tokenize } from '../sql-tokens.js';
import type { SqlContext } from '../sql-translation.js';
import { parseType } from '../sql-types.js';
import { datePart, isTimestampPart, REDSHIFT } from './redshift-dialect.js';
import { redshiftTypeToBigQuery } from './redshift-types.js';

const human =
  (advice: string): FunctionRule =>
  (_args, ctx) => {
    ctx.note('human', advice);
    return undefined;
  };

export function decode(args: readonly string[]): string | undefined {
  if (args.length < 3) return undefined;
  const [expr, ...pairs] = args;
  const whens: string[] = [];
  for (let k = 0; k + 1 < pairs.length; k += 2) whens.push(`WHEN ${pairs[k]} THEN ${pairs[k + 1]}`);
  const otherwise = pairs.length % 2 === 1 ? ` ELSE ${pairs[pairs.length - 1]}` : '';
  return `CASE ${expr} ${whens.join(' ')}${otherwise} END`;
}

function dateAdd(args: readonly string[], ctx: SqlContext): string | undefined {
  const part = args.length === 3 ? datePart(args[0]) : undefined;
  if (!part) return undefined;
  const fn = isTimestampPart(part) ? 'TIMESTAMP_ADD' : 'DATE_ADD';
  ctx.note(
    'human',
    `DATEADD(${args[0]}, …) became ${fn}, which needs a ${fn === 'DATE_ADD' ? 'DATE' : 'TIMESTAMP'} argument; use DATETIME_ADD or DATE_ADD if ${args[2]} is another type.`,
  );
  return `${fn}(${args[2]}, INTERVAL ${args[1]} ${part})`;
}

function dateDiff(args: readonly string[], ctx: SqlContext): string | undefined {
  const part = args.length === 3 ? datePart(args[0]) : undefined;
  if (!part) return undefined;
  const fn = isTimestampPart(part) ? 'TIMESTAMP_DIFF' : 'DATE_DIFF';
  ctx.note(
    'human',
    `DATEDIFF(${args[0]}, …) became ${fn}: Redshift counts ${part.toLowerCase()} boundaries crossed, ${fn} ${fn === 'DATE_DIFF' ? 'does too for DATEs' : 'counts whole intervals'}; check the argument types and edge cases.`,
  );
  return `${fn}(${args[2]}, ${args[1]}, ${part})`;
}

function dateTrunc(args: readonly string[], ctx: SqlContext): string | undefined {
  const part = args.length === 2 ? datePart(args[0]) : undefined;
  if (!part) return undefined;
  ctx.note('human', `DATE_TRUNC(${args[0]}, …) became TIMESTAMP_TRUNC; use DATE_TRUNC(x, ${part}) if ${args[1]} is a DATE.`);
  return `TIMESTAMP_TRUNC(${args[1]}, ${part})`;
}

function convert(args: readonly string[], ctx: SqlContext): string | undefined {
  if (args.length !== 2) return undefined;
  const parsed = parseType(tokenize(args[0], REDSHIFT), 0);
  if (!parsed) return undefined;
  return `CAST(${args[1]} AS ${redshiftTypeToBigQuery(parsed.type, (s, m) => ctx.note(s, m))})`;
}

export const REDSHIFT_TO_BIGQUERY_RULES: ExpressionRules = {
  functions: {
    GETDATE: () => 'CURRENT_TIMESTAMP()',
    NVL: (a) => (a.length === 2 ? `IFNULL(${a[0]}, ${a[1]})` : `COALESCE(${a.join(', ')})`),
    NVL2: (a) => (a.length === 3 ? `IF(${a[0]} IS NOT NULL, ${a[1]}, ${a[2]})` : undefined),
    DECODE: decode,
    LEN: (a) => `LENGTH(${a.join(', ')})`,
    CHARINDEX: (a) => (a.length === 2 ? `STRPOS(${a[1]}, ${a[0]})` : undefined),
    BTRIM: (a) => `TRIM(${a.join(', ')})`,
    RANDOM: () => 'RAND()',
    MD5: (a) => `TO_HEX(MD5(${a.join(', ')}))`,
    CONVERT: convert,
    DATEADD: dateAdd,
    DATEDIFF: dateDiff,
    DATE_TRUNC: dateTrunc,
    LISTAGG: (a) => `STRING_AGG(${a[0]}, ${a[1] ?? "''"})`,
    MEDIAN: human(
      'MEDIAN has no aggregate form in BigQuery: use APPROX_QUANTILES(x, 2)[OFFSET(1)] or PERCENTILE_CONT(x, 0.5) OVER (…).',
    ),
    TO_CHAR: human('TO_CHAR has no direct equivalent: use FORMAT_TIMESTAMP / FORMAT with BigQuery format elements (%Y-%m-%d…).'),
    TO_DATE: human('TO_DATE has no direct equivalent: use PARSE_DATE with BigQuery format elements (%Y-%m-%d…).'),
    TO_TIMESTAMP: human('TO_TIMESTAMP has no direct equivalent: use PARSE_TIMESTAMP with BigQuery format elements.'),
    CONVERT_TIMEZONE: human('CONVERT_TIMEZONE has no direct equivalent: use DATETIME(ts, zone) / TIMESTAMP(dt, zone).'),
    TRUNC: (a, ctx) => {
      if (a.length === 1)
        ctx.note('human', `TRUNC(${a[0]}): BigQuery's TRUNC takes numbers only; if ${a[0]} is a timestamp, use DATE(${a[0]}).`);
      return undefined;
    },
    STRTOL: human('STRTOL has no BigQuery equivalent: parse the number with a UDF or CAST for base 10.'),
  },
  withinGroup: {
    LISTAGG: (a, orderBy) => `STRING_AGG(${a[0]}, ${a[1] ?? "''"} ${orderBy})`,
  },
  words: { SYSDATE: 'CURRENT_TIMESTAMP()' },
  flagged: {
    APPROXIMATE: 'APPROXIMATE COUNT(DISTINCT x) is Redshift-only: use APPROX_COUNT_DISTINCT(x).',
    SIMILAR: 'SIMILAR TO is Redshift-only: use REGEXP_CONTAINS(s, r).',
  },
  mapType: (type, ctx) => redshiftTypeToBigQuery(type, (s, m) => ctx.note(s, m)),
  ilike: true,
};
