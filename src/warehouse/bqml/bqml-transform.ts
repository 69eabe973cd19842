/**
 * The TRANSFORM clause: each item becomes an expression of the engine's SQL (DuckDB, PostgreSQL) over the training query's columns
 * with what it learned from the training rows written in as constants (a mean, a minimum, the
 * quantile boundaries), so the same expression runs at prediction. ML.STANDARD_SCALER,
 * ML.MIN_MAX_SCALER, ML.BUCKETIZE, ML.QUANTILE_BUCKETIZE, ML.ONE_HOT_ENCODER and
 * ML.FEATURE_CROSS are understood; any other expression is translated like the rest of the
 * query. ML.ONE_HOT_ENCODER and ML.FEATURE_CROSS yield a STRING category that the automatic
 * one-hot encoding expands (docs/bigquery-ml.md says how this departs from BigQuery's sparse
 * arrays); the model sees the same columns.
 */
import { GodwitError } from '../../core/errors.js';
import { BIGQUERY } from '../../sql/bigquery/bigquery-dialect.js';
import { readValue, splitTop } from '../../sql/bigquery/bigquery-ml-options.js';
import { isWord, joinTokens, matchingClose, significant, type Token, tokenize } from '../../sql/sql-tokens.js';
import { quoteIdentifier } from '../identifiers.js';
import type { Column, QueryResult } from '../warehouse.js';
import { bigQueryType, columnKind } from './bqml-features.js';
import type { TransformItem } from './bqml-model.js';
import type { BqmlSql } from './bqml-sql.js';

export interface TransformEnv {
  /** Runs engine SQL. */
  query(sql: string): Promise<QueryResult>;
  /** A BigQuery expression as the engine's SQL. */
  expression(bigquery: string): string;
  /** The engine's type names and quantiles. */
  readonly sql: BqmlSql;
}

const SUPPORTED = ['STANDARD_SCALER', 'MIN_MAX_SCALER', 'BUCKETIZE', 'QUANTILE_BUCKETIZE', 'ONE_HOT_ENCODER', 'FEATURE_CROSS'];

/** `source` is the training query in the engine's SQL; `columns` its columns. */
export async function fitTransform(
  items: readonly string[],
  source: string,
  columns: readonly Column[],
  env: TransformEnv,
): Promise<TransformItem[]> {
  const out: TransformItem[] = [];
  for (const written of items) {
    const sig = significant(tokenize(written, BIGQUERY));
    if (sig[0]?.text === '*') {
      const except = isWord(sig[1], 'EXCEPT')
        ? splitTop(sig.slice(3, -1)).map((p) => (p[0]?.value ?? p[0]?.text ?? '').toLowerCase())
        : [];
      for (const c of columns)
        if (!except.includes(c.name.toLowerCase())) out.push({ name: c.name, sql: quoteIdentifier(c.name), written: c.name });
      continue;
    }
    const as = sig.length >= 3 && isWord(sig[sig.length - 2], 'AS') ? sig.length - 2 : -1;
    const expr = as < 0 ? sig : sig.slice(0, as);
    const name =
      as >= 0 ? (sig[as + 1].value ?? sig[as + 1].text) : expr.length === 1 ? (expr[0].value ?? expr[0].text) : undefined;
    if (!name)
      throw new GodwitError('E_BQML_TRANSFORM', `TRANSFORM item "${written}" needs a name: write … AS name.`, {
        hint: 'Every TRANSFORM output is a column of the model; name each expression.',
      });
    out.push({ name, sql: await itemSql(expr, source, env), written });
  }
  return out;
}

/** The query `SELECT <items> FROM (source)`; items named `skip` (the label at prediction) left out, the rest renamed by `rename`. */
export function transformQuery(
  items: readonly TransformItem[],
  source: string,
  keep: 'all' | 'inputs-too',
  skip?: string,
): string {
  const chosen = items.filter((i) => i.name !== skip);
  const list = chosen.map((i, k) => `${i.sql} AS ${quoteIdentifier(keep === 'all' ? i.name : `__godwit_t${k}`)}`);
  return `SELECT ${keep === 'inputs-too' ? 'godwit_input.*, ' : ''}${list.join(', ')} FROM (${source}) AS godwit_input`;
}

async function itemSql(expr: readonly Token[], source: string, env: TransformEnv): Promise<string> {
  const call = isWord(expr[0], 'ML') && expr[1]?.text === '.' && expr[3]?.kind === 'open';
  if (!call) return env.expression(joinTokens(expr));
  const fn = expr[2].text.toUpperCase();
  const close = matchingClose(expr, 3);
  const args = splitTop(expr.slice(4, close));
  if (!SUPPORTED.includes(fn))
    throw new GodwitError('E_BQML_TRANSFORM', `TRANSFORM function ML.${fn} is not one Godwit runs.`, {
      hint: `Supported: ${SUPPORTED.map((s) => `ML.${s}`).join(', ')}; or write the expression in plain SQL.`,
    });
  if (fn === 'FEATURE_CROSS') return featureCross(args[0], env);
  const x = `(${env.expression(joinTokens(args[0]))})`;
  if (fn !== 'ONE_HOT_ENCODER') await requireNumeric(fn, x, joinTokens(args[0]), source, env);
  const literal = (n: number) => (Number.isFinite(n) ? `CAST(${n} AS ${env.sql.double})` : 'NULL');
  const double = env.sql.double;
  const stats = (select: string) =>
    env.query(`SELECT ${select} FROM (SELECT ${x} AS x FROM (${source}) AS godwit_input) AS s`).then((r) => r.rows[0]);
  switch (fn) {
    case 'STANDARD_SCALER': {
      const s = await stats(`CAST(avg(x) AS ${double}) AS m, CAST(stddev_samp(x) AS ${double}) AS d`);
      const std = Number(s.d) > 0 ? Number(s.d) : 1;
      return `((${x} - ${literal(Number(s.m ?? 0))}) / ${literal(std)})`;
    }
    case 'MIN_MAX_SCALER': {
      const s = await stats(`CAST(min(x) AS ${double}) AS lo, CAST(max(x) AS ${double}) AS hi`);
      const span = Number(s.hi) - Number(s.lo) || 1;
      return `greatest(0.0, least(1.0, (${x} - ${literal(Number(s.lo ?? 0))}) / ${literal(span)}))`;
    }
    case 'BUCKETIZE':
      return buckets(x, listOf(args[1], fn), args[2] ? readValue(args[2]) === true : false, literal);
    case 'QUANTILE_BUCKETIZE': {
      const n = Number(readValue(args[1] ?? []));
      if (!Number.isInteger(n) || n < 2) throw transformError(fn, 'the bucket count must be an integer ≥ 2');
      const s = await stats(
        `${env.sql.quantiles(
          'x',
          Array.from({ length: n - 1 }, (_, i) => (i + 1) / n),
        )} AS q`,
      );
      return buckets(x, [...new Set((s.q as number[]) ?? [])], false, literal);
    }
    default:
      return `CAST(${x} AS ${env.sql.text})`;
  }
}

/** Scalers and buckets need numbers: a STRING argument is E_BQML_COLUMN_TYPE naming it, before any statistic runs. */
async function requireNumeric(fn: string, x: string, written: string, source: string, env: TransformEnv): Promise<void> {
  const [column] = (await env.query(`SELECT ${x} AS x FROM (${source}) AS godwit_input LIMIT 0`)).columns;
  if (columnKind(column) === 'numeric') return;
  throw new GodwitError(
    'E_BQML_COLUMN_TYPE',
    `TRANSFORM ML.${fn}(${written.trim()}): the argument has type ${bigQueryType(column.type)}; ML.${fn} needs a number.`,
    { hint: `Cast it to FLOAT64 or INT64, or encode it with ML.ONE_HOT_ENCODER.` },
  );
}

/** BigQuery's bucket names: `bin_1` below the first point, … `bin_<n+1>` from the last; NULL stays NULL. */
function buckets(x: string, points: readonly number[], excludeBoundaries: boolean, literal: (n: number) => string): string {
  if (points.length === 0) return `CASE WHEN ${x} IS NULL THEN NULL ELSE 'bin_1' END`;
  const op = excludeBoundaries ? '<=' : '<';
  const arms = points.map((p, i) => `WHEN ${x} ${op} ${literal(p)} THEN 'bin_${i + 1}'`);
  return `CASE WHEN ${x} IS NULL THEN NULL ${arms.join(' ')} ELSE 'bin_${points.length + 1}' END`;
}

function featureCross(arg: readonly Token[] | undefined, env: TransformEnv): string {
  if (!arg || !isWord(arg[0], 'STRUCT') || arg[1]?.kind !== 'open')
    throw transformError('FEATURE_CROSS', 'write ML.FEATURE_CROSS(STRUCT(a, b))');
  const parts = splitTop(arg.slice(2, matchingClose(arg, 1))).map(
    (p) => `CAST((${env.expression(joinTokens(p))}) AS ${env.sql.text})`,
  );
  if (parts.length < 2) throw transformError('FEATURE_CROSS', 'cross at least two columns');
  return parts.join(` || '_' || `);
}

function listOf(arg: readonly Token[] | undefined, fn: string): number[] {
  const value = arg ? readValue(arg) : undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number'))
    throw transformError(fn, 'the split points are an array of numbers: [10, 20]');
  return [...(value as number[])].sort((a, b) => a - b);
}

function transformError(fn: string, why: string): GodwitError {
  return new GodwitError('E_BQML_TRANSFORM', `TRANSFORM ML.${fn}: ${why}.`, {
    hint: 'docs/bigquery-ml.md shows each function with an example.',
  });
}
