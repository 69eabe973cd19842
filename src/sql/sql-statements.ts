/**
 * Splits a Redshift or BigQuery script into statements and says what each one does (the model is
 * in sql-statement.ts). This is the API the warehouses use to run a dialect's data movement:
 *
 * ```ts
 * for (const s of classifyStatements(script, 'bigquery')) {
 *   if (s.kind === 'copy') await warehouse.copyFrom(s.table, s.source);          // LOAD DATA
 *   else if (s.kind === 'unload') await warehouse.unload(s.select, s.target);    // EXPORT DATA
 *   else await warehouse.execute(s.text);
 * }
 * ```
 *
 * `runnableStatement` is the same with refusal built in: an unreadable statement or an option
 * the shapes cannot carry is E_SQL_DIALECT naming it and its line.
 */
import { GodwitError } from '../core/errors.js';
import { BIGQUERY } from './bigquery/bigquery-dialect.js';
import { readBigQueryExportModel } from './bigquery/bigquery-ml-export.js';
import { readBigQueryModelStatement } from './bigquery/bigquery-ml-statement.js';
import { readBigQueryExport, readBigQueryLoad } from './bigquery/bigquery-statement.js';
import { REDSHIFT } from './redshift/redshift-dialect.js';
import { readRedshiftModelStatement } from './redshift/redshift-ml-statement.js';
import { readRedshiftCopy, readRedshiftUnload } from './redshift/redshift-statement.js';
import { splitStatements } from './sql-script.js';
import { type SqlStatement, type StatementBody, type StatementDialect, Unreadable } from './sql-statement.js';

/** A statement Godwit can run as written. */
export type RunnableStatement = Exclude<SqlStatement, { kind: 'unreadable' }>;

import { readTableRef } from './sql-table-ref.js';
import { isWord, joinTokens, significant, type Token, tokenize } from './sql-tokens.js';

export function classifyStatements(script: string, dialect: StatementDialect): SqlStatement[] {
  const tokens = tokenize(script, dialect === 'redshift' ? REDSHIFT : BIGQUERY);
  const out: SqlStatement[] = [];
  let line = 1;
  for (const stmt of splitStatements(tokens)) {
    line += newlines(joinTokens(stmt.lead));
    if (stmt.body.length > 0) out.push(classify(stmt.body, dialect, line));
    line += newlines(joinTokens(stmt.body)) + newlines(joinTokens(stmt.trail));
  }
  return out;
}

/** The one statement of `sql` (a trailing semicolon allowed); E_SQL_DIALECT if there are several or none. */
export function parseStatement(sql: string, dialect: StatementDialect): SqlStatement {
  const all = classifyStatements(sql, dialect);
  if (all.length !== 1)
    throw new GodwitError('E_SQL_DIALECT', `expected one ${dialect} statement, found ${all.length}.`, {
      hint: 'Run a script one statement at a time (classifyStatements splits it).',
    });
  return all[0];
}

/** The statement, or E_SQL_DIALECT when it cannot be run as written (unreadable, unsupported options). */
export function runnableStatement(statement: SqlStatement, dialect: StatementDialect): RunnableStatement {
  if (statement.kind === 'unreadable') throw dialectError(statement.keyword, statement.line, statement.reason, dialect);
  if ((statement.kind === 'copy' || statement.kind === 'unload') && statement.unsupported.length > 0) {
    const what = statement.unsupported.join(', ');
    throw dialectError(statement.keyword, statement.line, `${what}: not supported by Godwit's ${statement.keyword}`, dialect);
  }
  return statement;
}

/** E_SQL_DIALECT for a construct at a line. */
export function dialectError(construct: string, line: number, why: string, dialect: StatementDialect): GodwitError {
  return new GodwitError('E_SQL_DIALECT', `${dialect} ${construct} at line ${line}: ${why}.`, {
    hint: 'Rewrite it with what Godwit supports (docs/sql.md lists it), or run it on the real warehouse.',
  });
}

function classify(tokens: readonly Token[], dialect: StatementDialect, line: number): SqlStatement {
  const sig = significant(tokens);
  const keyword = sig[0]?.text.toUpperCase() ?? '';
  const base = { text: joinTokens(tokens), line, keyword, tokens };
  try {
    const body = read(sig, tokens, dialect);
    return body ? ({ ...base, ...body } as SqlStatement) : { ...base, kind: 'other' };
  } catch (err) {
    if (err instanceof Unreadable) return { ...base, kind: 'unreadable', reason: err.message };
    throw err;
  }
}

function read(sig: readonly Token[], tokens: readonly Token[], dialect: StatementDialect): StatementBody | undefined {
  const word = (k: number, ...w: string[]) => isWord(sig[k], ...w);
  if (dialect === 'redshift' && word(0, 'COPY')) return readRedshiftCopy(sig);
  if (dialect === 'redshift' && word(0, 'UNLOAD')) return readRedshiftUnload(sig);
  if (dialect === 'redshift' && word(0, 'CREATE', 'DROP', 'SHOW') && word(1, 'MODEL'))
    return readRedshiftModelStatement(sig, tokens);
  if (dialect === 'bigquery' && word(0, 'LOAD') && word(1, 'DATA')) return readBigQueryLoad(sig);
  if (dialect === 'bigquery' && word(0, 'EXPORT') && word(1, 'DATA')) return readBigQueryExport(sig, tokens);
  if (dialect === 'bigquery' && word(0, 'EXPORT') && word(1, 'MODEL')) return readBigQueryExportModel(sig);
  if (dialect === 'bigquery' && (word(0, 'CREATE') || word(0, 'DROP'))) {
    const model = readBigQueryModelStatement(sig, tokens);
    if (model) return model;
  }
  if (word(0, 'REFRESH') && word(1, 'MATERIALIZED') && word(2, 'VIEW')) return refresh(sig, 3, dialect);
  if (dialect === 'bigquery' && word(0, 'CALL') && /^BQ\.REFRESH_MATERIALIZED_VIEW$/i.test(joinTokens(sig.slice(1, 4))))
    return refreshCall(sig);
  const replace = word(1, 'OR') && word(2, 'REPLACE');
  const at = replace ? 3 : 1;
  if (word(0, 'CREATE') && word(at, 'MATERIALIZED') && word(at + 1, 'VIEW'))
    return materializedView(sig, tokens, at + 2, replace, dialect);
  return undefined;
}

/** `CREATE [OR REPLACE] MATERIALIZED VIEW [IF NOT EXISTS] name [clauses] AS select`. */
function materializedView(
  sig: readonly Token[],
  tokens: readonly Token[],
  at: number,
  replace: boolean,
  dialect: StatementDialect,
): StatementBody {
  const ifNotExists = isWord(sig[at], 'IF') && isWord(sig[at + 1], 'NOT') && isWord(sig[at + 2], 'EXISTS');
  const view = readTableRef(sig, ifNotExists ? at + 3 : at, dialect);
  if (!view) throw new Unreadable('CREATE MATERIALIZED VIEW needs a name');
  let depth = 0;
  let as = -1;
  for (let k = view.end; k < sig.length && as < 0; k++) {
    if (sig[k].kind === 'open') depth++;
    else if (sig[k].kind === 'close') depth--;
    else if (depth === 0 && isWord(sig[k], 'AS')) as = k;
  }
  if (as < 0) throw new Unreadable('CREATE MATERIALIZED VIEW name AS select …: the AS and its query are missing');
  const clauses = joinTokens(tokens.slice(tokens.indexOf(sig[view.end]), tokens.indexOf(sig[as]))).trim();
  const select = joinTokens(tokens.slice(tokens.indexOf(sig[as]) + 1)).trim();
  return { kind: 'create-materialized-view', view: view.ref, select, replace, clauses: clauses ? [clauses] : [] };
}

function refresh(sig: readonly Token[], at: number, dialect: StatementDialect): StatementBody {
  const view = readTableRef(sig, at, dialect);
  if (!view || view.end !== sig.length) throw new Unreadable('REFRESH MATERIALIZED VIEW name');
  return { kind: 'refresh-materialized-view', view: view.ref };
}

/** BigQuery's `CALL BQ.REFRESH_MATERIALIZED_VIEW('project.dataset.view')`. */
function refreshCall(sig: readonly Token[]): StatementBody {
  const arg = sig[5];
  const ref = arg?.kind === 'string' ? readTableRef([{ kind: 'ident', text: '``', value: arg.value }], 0, 'bigquery') : undefined;
  if (sig[4]?.kind !== 'open' || !ref) throw new Unreadable("CALL BQ.REFRESH_MATERIALIZED_VIEW('dataset.view')");
  return { kind: 'refresh-materialized-view', view: ref.ref };
}

function newlines(s: string): number {
  return s.split('\n').length - 1;
}
