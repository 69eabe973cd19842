/**
 * BigQuery SQL → Redshift SQL, the reverse of redshift-to-bigquery.ts: LOAD DATA → COPY,
 * EXPORT DATA → UNLOAD, CREATE TABLE with types mapped and CLUSTER BY as SORTKEY, transactions,
 * functions, backtick identifiers and double-quoted strings.
 *
 * ```ts
 * translateBigQueryToRedshift("LOAD DATA INTO s.t FROM FILES (format = 'CSV', uris = ['gs://b/t/*'], skip_leading_rows = 1)").sql
 * // COPY s.t
 * // FROM 's3://b/t/'
 * // IAM_ROLE default
 * // FORMAT AS CSV
 * // IGNOREHEADER 1
 * ```
 */

import { REDSHIFT } from '../redshift/redshift-dialect.js';
import { createModelToRedshift, predictToRedshift } from '../redshift/redshift-ml-from-bigquery.js';
import { rewriteExpression } from '../sql-expressions.js';
import { type StatementResult, translateScript } from '../sql-script.js';
import { isWord, significant, type Token } from '../sql-tokens.js';
import type { SqlContext, SqlTranslateOptions, SqlTranslation } from '../sql-translation.js';
import { createTableToRedshift } from './bigquery-ddl.js';
import { BIGQUERY } from './bigquery-dialect.js';
import { exportDataToUnload } from './bigquery-export.js';
import { BIGQUERY_TO_REDSHIFT_RULES } from './bigquery-functions.js';
import { loadDataToCopy } from './bigquery-load.js';

export function translateBigQueryToRedshift(sql: string, options: SqlTranslateOptions = {}): SqlTranslation {
  const models = options.ml ?? new Map();
  const withMl = (tokens: readonly Token[], ctx: SqlContext): StatementResult => {
    const sig = significant(tokens);
    const create = isWord(sig[0], 'CREATE') && sig.slice(1, 4).some((t) => isWord(t, 'MODEL'));
    if (create) return createModelToRedshift(tokens, ctx, models, (t) => rewrite(t, ctx));
    return predictToRedshift(tokens, ctx, models, (t) => rewrite(t, ctx)) ?? statement(tokens, ctx);
  };
  return translateScript(sql, { from: BIGQUERY, to: REDSHIFT, schemes: ['gs', 's3'], statement: withMl }, options);
}

function statement(tokens: readonly Token[], ctx: SqlContext): StatementResult {
  const sig = significant(tokens);
  const first = sig[0]?.text.toUpperCase();
  if (first === 'LOAD' && isWord(sig[1], 'DATA')) return loadDataToCopy(tokens, ctx);
  if (first === 'EXPORT' && isWord(sig[1], 'DATA')) return exportDataToUnload(tokens, ctx, (t) => rewrite(t, ctx));
  if ((first === 'BEGIN' || first === 'COMMIT' || first === 'ROLLBACK') && isWord(sig[1], 'TRANSACTION') && sig.length === 2) {
    ctx.note('changed', `${first} TRANSACTION → ${first}`);
    return first;
  }
  if (first === 'CREATE' && sig.slice(1, 5).some((t) => isWord(t, 'TABLE'))) return createTableToRedshift(tokens, ctx);
  return rewrite(tokens, ctx);
}

function rewrite(tokens: readonly Token[], ctx: SqlContext): string {
  return rewriteExpression(tokens, BIGQUERY_TO_REDSHIFT_RULES, ctx);
}
