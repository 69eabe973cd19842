/**
 * SQL knowledge of the warehouses Godwit speaks: a lossless tokenizer and the types and
 * expressions both dialects share at this folder's root, and one folder per dialect with the
 * same files in each (`<dialect>-dialect.ts` quoting and spellings, `-types.ts`, `-functions.ts`,
 * `-options.ts`, `-load.ts`, `-export.ts`, `-ddl.ts`, `-translator.ts` to the other dialect).
 * `godwit migrate` and the warehouses use it through this index.
 *
 * ```ts
 * translateRedshiftToBigQuery('select nvl(a, 0) from t').sql // 'select IFNULL(a, 0) from t'
 * ```
 */
export { BIGQUERY } from './bigquery/bigquery-dialect.js';
export { translateBigQueryToRedshift } from './bigquery/bigquery-translator.js';
export { REDSHIFT } from './redshift/redshift-dialect.js';
export { translateRedshiftToBigQuery } from './redshift/redshift-translator.js';
export { PARAM_PREFIX, type ParamDialect, renameParams, splitStatements, sqlParamNames } from './sql-params.js';
export type {
  CopyStatement,
  CreateMaterializedViewStatement,
  CreateModelStatement,
  DropModelStatement,
  ExportModelStatement,
  RedshiftCreateModelStatement,
  RefreshMaterializedViewStatement,
  ShowModelStatement,
  SqlStatement,
  StatementDialect,
  UnloadStatement,
} from './sql-statement.js';
export { classifyStatements, dialectError, parseStatement, type RunnableStatement, runnableStatement } from './sql-statements.js';
export { readTableRef, tableRefText } from './sql-table-ref.js';
export { isWord, type SqlDialect, significant, type Token, tokenize } from './sql-tokens.js';
export type { MlFunction, MlFunctions, SqlNote, SqlTranslateOptions, SqlTranslation } from './sql-translation.js';
