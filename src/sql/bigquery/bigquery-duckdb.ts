/**
 * BigQuery functions → DuckDB, for BigQuery SQL run offline. Rules keep BigQuery's results:
 * weeks start on Sunday (or the day `WEEK(<day>)` names), DATE_DIFF counts boundaries crossed
 * while TIMESTAMP_DIFF counts whole intervals, DATE_* functions return DATEs, SAFE_DIVIDE gives
 * NULL for a zero divisor.
 *
 * | BigQuery | DuckDB |
 * | --- | --- |
 * | IFNULL(a, b), IF(c, a, b) | COALESCE(a, b), CASE WHEN c THEN a ELSE b END |
 * | SAFE_CAST(x AS t) | TRY_CAST(x AS t) |
 * | SAFE_DIVIDE(a, b) | CASE WHEN b = 0 THEN NULL ELSE a / b END |
 * | DATE_DIFF(a, b, P), DATETIME_DIFF | date_diff('p', b, a) (weeks by boundaries) |
 * | TIMESTAMP_DIFF(a, b, P) | date_sub('p', b, a) |
 * | DATE_ADD / DATE_SUB(d, INTERVAL n P) | CAST(d + to_ps(n) AS DATE) |
 * | TIMESTAMP_ADD / DATETIME_ADD / _SUB | CAST(x AS TIMESTAMP) ± to_ps(n) |
 * | DATE_TRUNC(d, P), TIMESTAMP_TRUNC, DATETIME_TRUNC | date_trunc('p', …) (Sunday weeks shifted) |
 * | FORMAT_DATE(f, d), PARSE_DATE(f, s), FORMAT_TIMESTAMP, PARSE_TIMESTAMP | strftime(d, f), strptime(s, f) |
 * | CURRENT_DATE(), CURRENT_TIMESTAMP() | current_date, the UTC time as TIMESTAMP |
 * | COUNTIF(c), GENERATE_ARRAY(a, b), RAND(), MOD(a, b) | count_if(c), generate_series(a, b), random(), a % b |
 * | STRUCT(x AS a, …) | struct_pack(a := x, …) |
 * | FARM_FINGERPRINT(x) | a stable 63-bit hash(x) (not Farm's values) |
 * | MD5(s), TO_HEX(b), REGEXP_CONTAINS(s, r) | unhex(md5(s)), lower(hex(b)), regexp_matches(s, r) |
 */
import { DUCKDB_DATE_PARTS, weekBoundaries } from '../duckdb/duckdb-dates.js';
import { bigQueryTypeToDuckDB } from '../duckdb/duckdb-types.js';
import type { ExpressionRules, FunctionRule } from '../sql-expressions.js';
import type { SqlContext } from '../sql-translation.js';

const UTC_NOW = "CAST(current_timestamp AT TIME ZONE 'UTC' AS TIMESTAMP)";

/** Days to add so that a week starting on this day starts on DuckDB's Monday. */
const WEEK_SHIFT: Readonly<Record<string, number>> = {
  MONDAY: 0,
  SUNDAY: 1,
  SATURDAY: 2,
  FRIDAY: 3,
  THURSDAY: 4,
  WEDNESDAY: 5,
  TUESDAY: 6,
};

interface Part {
  readonly name: string;
  readonly to: string;
  /** For weeks: the shift to Monday. */
  readonly shift?: number;
}

/** `DAY`, `WEEK` (Sunday), `WEEK(FRIDAY)`, `ISOWEEK` (Monday). */
function part(text: string | undefined, ctx: SqlContext): Part | undefined {
  const t = (text ?? '').toUpperCase().replace(/\s+/g, '');
  const week = /^WEEK(?:\((\w+)\))?$/.exec(t);
  if (week) return { ...DUCKDB_DATE_PARTS.WEEK, shift: WEEK_SHIFT[week[1] ?? 'SUNDAY'] };
  if (t === 'ISOWEEK') return { ...DUCKDB_DATE_PARTS.WEEK, shift: 0 };
  const p = DUCKDB_DATE_PARTS[t];
  if (!p) ctx.note('human', `the date part ${text} is not translated offline.`);
  return p;
}

const INTERVAL = /^INTERVAL\s+(.+)\s+([A-Za-z_]+)$/is;

const add =
  (type: 'DATE' | 'TIMESTAMP', sign: '+' | '-'): FunctionRule =>
  (a, ctx) => {
    const m = a.length === 2 ? INTERVAL.exec(a[1]) : null;
    const p = m ? part(m[2], ctx) : undefined;
    if (!m || !p) return undefined;
    const sum = `CAST(${a[0]} AS ${type}) ${sign} ${p.to}(${m[1]})`;
    return type === 'DATE' ? `CAST(${sum} AS DATE)` : `(${sum})`;
  };

/** DATE_DIFF and DATETIME_DIFF count boundaries; TIMESTAMP_DIFF whole intervals (date_sub). */
const diff =
  (type: 'DATE' | 'TIMESTAMP', whole: boolean): FunctionRule =>
  (a, ctx) => {
    const p = a.length === 3 ? part(a[2], ctx) : undefined;
    if (!p) return undefined;
    const [later, earlier] = [`CAST(${a[0]} AS ${type})`, `CAST(${a[1]} AS ${type})`];
    if (p.shift !== undefined && !whole) return weekBoundaries(`CAST(${a[1]} AS DATE)`, `CAST(${a[0]} AS DATE)`, p.shift);
    return `${whole ? 'date_sub' : 'date_diff'}('${p.name}', ${earlier}, ${later})`;
  };

const trunc =
  (type: 'DATE' | 'TIMESTAMP'): FunctionRule =>
  (a, ctx) => {
    const p = a.length === 2 ? part(a[1], ctx) : undefined;
    if (!p) return undefined;
    const shift = p.shift ?? 0;
    const value = shift === 0 ? `CAST(${a[0]} AS ${type})` : `CAST(${a[0]} AS ${type}) + to_days(${shift})`;
    const truncated = `date_trunc('${p.name}', ${value})`;
    const back = shift === 0 ? truncated : `(${truncated} - to_days(${shift}))`;
    return type === 'DATE' ? `CAST(${back} AS DATE)` : back;
  };

function struct(a: readonly string[], ctx: SqlContext): string | undefined {
  const fields = a.map((x) => /^(.+?)\s+AS\s+`?([A-Za-z_][A-Za-z0-9_]*)`?$/is.exec(x));
  if (fields.some((f) => !f)) {
    ctx.note('human', 'STRUCT(…) with unnamed fields is not translated offline: name every field (STRUCT(x AS a, …)).');
    return undefined;
  }
  return `struct_pack(${fields.map((f) => `"${f![2]}" := ${f![1]}`).join(', ')})`;
}

export const BIGQUERY_TO_DUCKDB_RULES: ExpressionRules = {
  functions: {
    IFNULL: (a) => (a.length === 2 ? `COALESCE(${a[0]}, ${a[1]})` : undefined),
    IF: (a) => (a.length === 3 ? `(CASE WHEN ${a[0]} THEN ${a[1]} ELSE ${a[2]} END)` : undefined),
    SAFE_DIVIDE: (a) => (a.length === 2 ? `(CASE WHEN (${a[1]}) = 0 THEN NULL ELSE (${a[0]}) / (${a[1]}) END)` : undefined),
    DATE_DIFF: diff('DATE', false),
    DATETIME_DIFF: diff('TIMESTAMP', false),
    TIMESTAMP_DIFF: diff('TIMESTAMP', true),
    DATE_ADD: add('DATE', '+'),
    DATE_SUB: add('DATE', '-'),
    DATETIME_ADD: add('TIMESTAMP', '+'),
    DATETIME_SUB: add('TIMESTAMP', '-'),
    TIMESTAMP_ADD: add('TIMESTAMP', '+'),
    TIMESTAMP_SUB: add('TIMESTAMP', '-'),
    DATE_TRUNC: trunc('DATE'),
    DATETIME_TRUNC: trunc('TIMESTAMP'),
    TIMESTAMP_TRUNC: trunc('TIMESTAMP'),
    FORMAT_DATE: (a) => (a.length === 2 ? `strftime(CAST(${a[1]} AS DATE), ${a[0]})` : undefined),
    FORMAT_DATETIME: (a) => (a.length === 2 ? `strftime(CAST(${a[1]} AS TIMESTAMP), ${a[0]})` : undefined),
    FORMAT_TIMESTAMP: (a) => (a.length === 2 ? `strftime(CAST(${a[1]} AS TIMESTAMP), ${a[0]})` : undefined),
    PARSE_DATE: (a) => (a.length === 2 ? `CAST(strptime(${a[1]}, ${a[0]}) AS DATE)` : undefined),
    PARSE_DATETIME: (a) => (a.length === 2 ? `strptime(${a[1]}, ${a[0]})` : undefined),
    PARSE_TIMESTAMP: (a) => (a.length === 2 ? `strptime(${a[1]}, ${a[0]})` : undefined),
    CURRENT_DATE: (a) => (a.length === 0 ? 'current_date' : undefined),
    CURRENT_TIMESTAMP: (a) => (a.length === 0 ? UTC_NOW : undefined),
    CURRENT_DATETIME: (a) => (a.length === 0 ? UTC_NOW : undefined),
    COUNTIF: (a) => `count_if(${a.join(', ')})`,
    STRUCT: struct,
    GENERATE_ARRAY: (a) => `generate_series(${a.join(', ')})`,
    RAND: (a) => (a.length === 0 ? 'random()' : undefined),
    FARM_FINGERPRINT: (a) => (a.length === 1 ? `CAST(hash(${a[0]}) >> 1 AS BIGINT)` : undefined),
    MOD: (a) => (a.length === 2 ? `((${a[0]}) % (${a[1]}))` : undefined),
    MD5: (a) => (a.length === 1 ? `unhex(md5(${a[0]}))` : undefined),
    TO_HEX: (a) => (a.length === 1 ? `lower(hex(${a[0]}))` : undefined),
    REGEXP_CONTAINS: (a) => (a.length === 2 ? `regexp_matches(${a[0]}, ${a[1]})` : undefined),
    DATE: (a) => (a.length === 1 ? `CAST(${a[0]} AS DATE)` : a.length === 3 ? `make_date(${a.join(', ')})` : undefined),
    DATETIME: (a) => (a.length === 1 ? `CAST(${a[0]} AS TIMESTAMP)` : undefined),
    TIMESTAMP: (a) => (a.length === 1 ? `CAST(${a[0]} AS TIMESTAMP)` : undefined),
    GENERATE_UUID: (a) => (a.length === 0 ? 'CAST(uuid() AS VARCHAR)' : undefined),
  },
  castNames: { SAFE_CAST: 'TRY_CAST' },
  words: {},
  flagged: {},
  mapType: (type, ctx) => bigQueryTypeToDuckDB(type, (s, m) => ctx.note(s, m)),
  ilike: false,
};
