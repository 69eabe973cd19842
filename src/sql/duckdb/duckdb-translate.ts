/**
 * One Redshift or BigQuery statement → DuckDB SQL, for the offline dialect warehouses. The rules
 * are the dialects' own (redshift-duckdb.ts, bigquery-duckdb.ts, duckdb-types.ts, duckdb-ddl.ts)
 * on the expression walker `godwit migrate` uses; where migrate would leave a "needs a human"
 * note, running offline stops with E_SQL_DIALECT naming the construct and its line, so no
 * statement ever runs half-translated.
 *
 * ```ts
 * translateToDuckDB("SELECT nvl(a, 0) FROM s.t WHERE d > :since", 'redshift').sql
 * // 'SELECT COALESCE(a, 0) FROM s.t WHERE d > $since'
 * ```
 */
import { GodwitError } from '../../core/errors.js';
import { BIGQUERY } from '../bigquery/bigquery-dialect.js';
import { BIGQUERY_TO_DUCKDB_RULES } from '../bigquery/bigquery-duckdb.js';
import { REDSHIFT } from '../redshift/redshift-dialect.js';
import { REDSHIFT_TO_DUCKDB_RULES } from '../redshift/redshift-duckdb.js';
import { rewriteExpression } from '../sql-expressions.js';
import type { StatementDialect } from '../sql-statement.js';
import { isWord, significant, type Token, tokenize } from '../sql-tokens.js';
import type { SqlContext } from '../sql-translation.js';
import { parseType } from '../sql-types.js';
import { createSchemaToDuckDB, createTableToDuckDB, type DdlRewriter, type Physical } from './duckdb-ddl.js';
import { DUCKDB } from './duckdb-dialect.js';
import { prepareTokens } from './duckdb-names.js';

export interface DuckDBTranslation {
  /** The DuckDB statement; undefined for a statement that has nothing to do offline (VACUUM). */
  readonly sql?: string;
  /** Physical design removed from DDL, as written (`DISTKEY`: `DISTKEY (region)`). */
  readonly physical: Readonly<Physical>;
  /** Why the statement was skipped, when `sql` is undefined. */
  readonly skipped?: string;
}

/** Statements with nothing to do on DuckDB. */
const SKIPPED: Readonly<Record<string, string>> = {
  VACUUM: 'DuckDB sorts and reclaims storage itself',
  ANALYZE: 'DuckDB keeps statistics itself',
  GRANT: 'permissions do not apply offline',
  REVOKE: 'permissions do not apply offline',
};

/** `sql` is one statement; `line` is where it starts in its script, for errors. */
export function translateToDuckDB(sql: string | readonly Token[], dialect: StatementDialect, line = 1): DuckDBTranslation {
  const raw = typeof sql === 'string' ? tokenize(sql, dialect === 'redshift' ? REDSHIFT : BIGQUERY) : sql;
  const tokens = prepareTokens(raw, dialect);
  const sig = significant(tokens);
  const keyword = sig[0]?.text.toUpperCase() ?? '';
  const physical: Physical = {};
  if (SKIPPED[keyword]) return { physical, skipped: SKIPPED[keyword] };
  const ctx = context(dialect, line, keyword);
  const rules = dialect === 'redshift' ? REDSHIFT_TO_DUCKDB_RULES : BIGQUERY_TO_DUCKDB_RULES;
  const r: DdlRewriter = {
    expression: (t) => rewriteExpression(t, rules, ctx),
    type(t, start) {
      const parsed = parseType(t, start);
      return parsed && { text: rules.mapType(parsed.type, ctx), end: parsed.end };
    },
    refuse(message) {
      ctx.note('human', message);
      throw new Error(message);
    },
  };
  if (isWord(sig[0], 'DROP') && isWord(sig[1], 'MATERIALIZED') && isWord(sig[2], 'VIEW')) {
    // The engine keeps a materialized view as a table (Warehouse.createMaterializedView).
    const rest = tokens.slice(tokens.indexOf(sig[2]) + 1);
    return { sql: `DROP TABLE${r.expression(rest).trimEnd()}`, physical };
  }
  const kind = createKind(sig);
  if (kind === 'TABLE') return { sql: createTableToDuckDB(tokens, r, physical), physical };
  if (kind === 'SCHEMA') return { sql: createSchemaToDuckDB(tokens, r, physical), physical };
  if (dialect === 'redshift' && (keyword === 'SELECT' || keyword === 'WITH'))
    return { sql: topToLimit(tokens, r, ctx), physical };
  const out = r.expression(tokens).trim();
  if (kind === 'VIEW') return { sql: out.replace(/\s+WITH\s+NO\s+SCHEMA\s+BINDING\s*$/i, ''), physical };
  return { sql: out, physical };
}

/** What a CREATE creates: TABLE, SCHEMA, VIEW… (after OR REPLACE, TEMP, LOCAL). */
function createKind(sig: readonly Token[]): string | undefined {
  if (!isWord(sig[0], 'CREATE')) return undefined;
  const skip = ['OR', 'REPLACE', 'LOCAL', 'TEMP', 'TEMPORARY'];
  return sig
    .slice(1, 6)
    .find((t) => !skip.includes(t.text.toUpperCase()))
    ?.text.toUpperCase();
}

/** A human note (what migrate would leave for a person) stops the statement. */
function context(dialect: StatementDialect, line: number, keyword: string): SqlContext {
  return {
    from: dialect === 'redshift' ? REDSHIFT : BIGQUERY,
    to: DUCKDB,
    options: {},
    mapUri: (uri) => uri,
    note(severity, message) {
      if (severity !== 'human') return;
      throw new GodwitError('E_SQL_DIALECT', `${dialect} ${keyword} at line ${line}: ${message}`, {
        hint: 'Godwit cannot run this offline as written; docs/sql.md lists what is translated. The statement runs unchanged on the real warehouse.',
      });
    },
  };
}

/** Redshift's leading `SELECT [DISTINCT] TOP n` → `… LIMIT n` (TOP elsewhere is refused by the rules). */
function topToLimit(tokens: readonly Token[], r: DdlRewriter, ctx: SqlContext): string {
  const sig = significant(tokens);
  const at = isWord(sig[1], 'DISTINCT', 'ALL') ? 2 : 1;
  const inner = sig.findIndex(
    (t, k) => k > at && isWord(t, 'TOP') && isWord(sig[k - 1], 'SELECT', 'DISTINCT', 'ALL') && sig[k + 1]?.kind === 'number',
  );
  if (inner >= 0) ctx.note('human', 'TOP n inside a subquery is not translated: write LIMIT n at the end of that query.');
  if (!isWord(sig[0], 'SELECT') || !isWord(sig[at], 'TOP') || sig[at + 1]?.kind !== 'number') return r.expression(tokens).trim();
  const drop = new Set([tokens.indexOf(sig[at]), tokens.indexOf(sig[at + 1])]);
  const rest = tokens.filter((_, k) => !drop.has(k));
  return `${r.expression(rest).trim()}\nLIMIT ${sig[at + 1].text}`;
}
