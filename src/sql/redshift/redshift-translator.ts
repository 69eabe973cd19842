/**
 * Redshift SQL → BigQuery SQL, statement by statement.
 *
 * ```ts
 * translateRedshiftToBigQuery(`UNLOAD ('select * from t') TO 's3://b/out/' IAM_ROLE default FORMAT CSV;`,
 *   { mapUri: (u) => u.replace('s3://b/', 'gs://c/') }).sql
 * // EXPORT DATA OPTIONS (
 * //   uri = 'gs://c/out/*.csv',
 * //   format = 'CSV'
 * // ) AS
 * // select * from t;
 * ```
 *
 * COPY, UNLOAD and CREATE TABLE have their own translators; every other statement has its
 * expressions rewritten (functions, casts, types, identifiers). VACUUM and ANALYZE are removed,
 * transactions spelled BigQuery's way, `SELECT TOP n` becomes `LIMIT n`, and a DELETE without
 * WHERE gets `WHERE TRUE` (BigQuery requires one). What stays untranslated is in the notes.
 */

import { BIGQUERY } from '../bigquery/bigquery-dialect.js';
import { rewriteExpression } from '../sql-expressions.js';
import { type StatementResult, translateScript } from '../sql-script.js';
import { isWord, significant, type Token, tokenize } from '../sql-tokens.js';
import type { SqlContext, SqlTranslateOptions, SqlTranslation } from '../sql-translation.js';
import { createTableToBigQuery } from './redshift-ddl.js';
import { REDSHIFT } from './redshift-dialect.js';
import { unloadToExportData } from './redshift-export.js';
import { REDSHIFT_TO_BIGQUERY_RULES } from './redshift-functions.js';
import { copyToLoadData } from './redshift-load.js';
import { createModelToBigQuery, predictToBigQuery } from './redshift-ml-translate.js';

export function translateRedshiftToBigQuery(sql: string, options: SqlTranslateOptions = {}): SqlTranslation {
  const fns = options.ml ?? new Map();
  const withMl = (tokens: readonly Token[], ctx: SqlContext): StatementResult => {
    const sig = significant(tokens);
    if (isWord(sig[0], 'CREATE') && isWord(sig[1], 'MODEL')) return createModelToBigQuery(tokens, ctx, fns, (t) => query(t, ctx));
    if (isWord(sig[0], 'SHOW') && isWord(sig[1], 'MODEL'))
      return needsHuman('SHOW MODEL: BigQuery ML shows a model with ML.TRAINING_INFO, ML.EVALUATE and ML.FEATURE_INFO.')(
        tokens,
        ctx,
      );
    if (isWord(sig[0], 'SELECT', 'WITH'))
      return predictToBigQuery(tokens, ctx, fns, (t) => query(t, ctx)) ?? statement(tokens, ctx);
    return statement(tokens, ctx);
  };
  return translateScript(sql, { from: REDSHIFT, to: BIGQUERY, schemes: ['s3', 'gs'], statement: withMl }, options);
}

type Handler = (tokens: readonly Token[], ctx: SqlContext) => StatementResult;

const removed =
  (why: string): Handler =>
  (tokens, ctx) => {
    const text = tokens.map((t) => t.text).join('');
    ctx.note('changed', `removed ${text.split(/\s+/)[0].toUpperCase()}: ${why}`);
    return { removed: `${text} (${why})` };
  };

const fixed =
  (out: string): Handler =>
  (tokens, ctx) => {
    const text = tokens.map((t) => t.text).join('');
    if (text.toUpperCase() !== out) ctx.note('changed', `${text} → ${out}`);
    return out;
  };

const needsHuman =
  (advice: string): Handler =>
  (tokens, ctx) => {
    ctx.note('human', advice);
    return tokens.map((t) => t.text).join('');
  };

const HANDLERS: Readonly<Record<string, Handler>> = {
  COPY: copyToLoadData,
  UNLOAD: (tokens, ctx) => unloadToExportData(tokens, ctx, (sql) => query(tokenize(sql, REDSHIFT), ctx)),
  CREATE: create,
  SELECT: query,
  WITH: query,
  DELETE: deleteStatement,
  TRUNCATE: (tokens, ctx) =>
    `TRUNCATE TABLE ${rewrite(
      significant(tokens).filter((t, k) => k > 0 && !isWord(t, 'TABLE')),
      ctx,
    )}`,
  VACUUM: removed('BigQuery sorts and reclaims storage itself'),
  ANALYZE: removed('BigQuery keeps table statistics itself'),
  BEGIN: fixed('BEGIN TRANSACTION'),
  START: fixed('BEGIN TRANSACTION'),
  END: fixed('COMMIT TRANSACTION'),
  COMMIT: fixed('COMMIT TRANSACTION'),
  ROLLBACK: fixed('ROLLBACK TRANSACTION'),
  ABORT: fixed('ROLLBACK TRANSACTION'),
  GRANT: needsHuman(
    'GRANT: BigQuery permissions are IAM roles on datasets and tables; grant them in IAM or with BigQuery DCL (GRANT role ON SCHEMA … TO "user:…").',
  ),
  REVOKE: needsHuman('REVOKE: BigQuery permissions are IAM roles; revoke them in IAM or with BigQuery DCL.'),
  SET: needsHuman(
    'SET configures a Redshift session; BigQuery has no such setting (use the job configuration or SET @@variable).',
  ),
  CALL: needsHuman('CALL runs a Redshift stored procedure; port the procedure to BigQuery scripting first.'),
  LOCK: removed('BigQuery serialises concurrent DML itself'),
};

function statement(tokens: readonly Token[], ctx: SqlContext): StatementResult {
  const first = significant(tokens)[0];
  const handler = first?.kind === 'word' ? HANDLERS[first.text.toUpperCase()] : undefined;
  return handler ? handler(tokens, ctx) : rewrite(tokens, ctx);
}

function rewrite(tokens: readonly Token[], ctx: SqlContext): string {
  return rewriteExpression(tokens, REDSHIFT_TO_BIGQUERY_RULES, ctx);
}

/**
 * A query; a leading `SELECT [DISTINCT] TOP n` becomes `LIMIT n` at its end. TOP inside a CTE or
 * subquery would need its own LIMIT there, which is left to a person.
 */
function query(tokens: readonly Token[], ctx: SqlContext): string {
  const at = tokens.findIndex((t) => isWord(t, 'SELECT'));
  const sig = significant(tokens.slice(at + 1));
  const top = isWord(sig[0], 'DISTINCT', 'ALL') ? 1 : 0;
  const leading = at >= 0 && significant(tokens)[0] === tokens[at];
  if (!leading || !isWord(sig[top], 'TOP') || sig[top + 1]?.kind !== 'number') {
    if (significant(tokens).some((t) => isWord(t, 'TOP')))
      ctx.note('human', 'TOP n inside a CTE or subquery: BigQuery has no TOP; write LIMIT n at the end of that query.');
    return rewrite(tokens, ctx);
  }
  const topAt = tokens.indexOf(sig[top]);
  const n = sig[top + 1];
  let after = tokens.indexOf(n) + 1;
  if (tokens[after]?.kind === 'space') after++;
  ctx.note('changed', `TOP ${n.text} → LIMIT ${n.text}`);
  return `${rewrite([...tokens.slice(0, topAt), ...tokens.slice(after)], ctx).trimEnd()}\nLIMIT ${n.text}`;
}

function create(tokens: readonly Token[], ctx: SqlContext): StatementResult {
  const words = significant(tokens)
    .slice(1, 6)
    .map((t) => t.text.toUpperCase());
  const kind = words.find((w) => !['OR', 'REPLACE', 'LOCAL', 'TEMP', 'TEMPORARY'].includes(w));
  if (kind === 'TABLE') return createTableToBigQuery(tokens, ctx, (rest) => query(rest, ctx));
  if (kind === 'VIEW' || kind === 'MATERIALIZED') return view(tokens, ctx);
  if (kind === 'EXTERNAL')
    return needsHuman(
      'CREATE EXTERNAL …: Redshift Spectrum tables become BigQuery external tables (CREATE EXTERNAL TABLE … OPTIONS (format, uris)); write it by hand.',
    )(tokens, ctx);
  if (kind === 'PROCEDURE' || kind === 'FUNCTION')
    return needsHuman(`CREATE ${kind}: port the PL/pgSQL body to BigQuery scripting or a SQL/JavaScript UDF by hand.`)(
      tokens,
      ctx,
    );
  return rewrite(tokens, ctx);
}

/** Views: Redshift's late binding (`WITH NO SCHEMA BINDING`) is how BigQuery views always behave. */
function view(tokens: readonly Token[], ctx: SqlContext): string {
  const text = rewrite(tokens, ctx);
  const unbound = text.replace(/\s+WITH\s+NO\s+SCHEMA\s+BINDING\s*$/i, '');
  if (unbound !== text) ctx.note('changed', 'removed WITH NO SCHEMA BINDING: BigQuery views are late-binding');
  return unbound;
}

function deleteStatement(tokens: readonly Token[], ctx: SqlContext): string {
  const sig = significant(tokens);
  if (sig.some((t) => isWord(t, 'USING'))) {
    ctx.note(
      'human',
      'DELETE … USING joins another table; BigQuery has no USING in DELETE: rewrite it as DELETE … WHERE EXISTS (SELECT … ) or a MERGE.',
    );
  }
  const text = rewrite(tokens, ctx);
  if (sig.some((t) => isWord(t, 'WHERE'))) return text;
  ctx.note('changed', 'DELETE without WHERE → DELETE … WHERE TRUE (BigQuery requires a WHERE clause)');
  return `${text} WHERE TRUE`;
}
