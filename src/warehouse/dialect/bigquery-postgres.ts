/**
 * BigQuery SQL on a PostgreSQL server: each statement goes through the BigQuery → Redshift
 * translation `godwit migrate` uses (Redshift SQL is PostgreSQL's dialect with additions), then
 * the few spellings PostgreSQL lacks are rewritten (`NVL` → `COALESCE`, `GETDATE()` →
 * `LOCALTIMESTAMP`, `VARCHAR(MAX)` → `VARCHAR`, BigQuery's `COUNTIF(c)` → `COUNT(*) FILTER (WHERE c)`) and Redshift's physical design (the SORTKEY a
 * CLUSTER BY became) is taken out and kept. What cannot be translated is E_SQL_DIALECT naming
 * it and its line — a construct the translation leaves for a person, a Redshift-only function
 * it produces (`DATEADD`, `DATEDIFF`, `LISTAGG`), or BigQuery syntax PostgreSQL has no form for
 * (`SAFE_CAST`, `STRUCT`, `SELECT * EXCEPT`, `QUALIFY`) — so nothing runs half-translated.
 *
 * ```ts
 * bigQueryToPostgres('SELECT IFNULL(a, 0) FROM `d.t` WHERE b = @b', 1).sql
 * // 'SELECT COALESCE(a, 0) FROM "d"."t" WHERE b = :b'
 * ```
 */
import {
  dialectError,
  isWord,
  renameParams,
  significant,
  type Token,
  tokenize,
  translateBigQueryToRedshift,
} from '../../sql/index.js';
import { REDSHIFT } from '../../sql/redshift/redshift-dialect.js';
import { stripPhysicalDesign } from '../../sql/redshift/redshift-physical.js';
import { joinTokens, matchingClose } from '../../sql/sql-tokens.js';
import type { Translation } from './dialect-target.js';

/** Redshift functions the translation may produce that PostgreSQL does not have, with BigQuery's name. */
const REDSHIFT_ONLY: Readonly<Record<string, string>> = {
  DATEADD: 'DATE_ADD / TIMESTAMP_ADD',
  DATEDIFF: 'DATE_DIFF / TIMESTAMP_DIFF',
  LISTAGG: 'STRING_AGG',
  JSON_PARSE: 'JSON',
  CONVERT_TIMEZONE: 'the time zone argument',
};

/** BigQuery syntax the translation passes through and PostgreSQL cannot read. */
const BIGQUERY_ONLY = ['SAFE_CAST', 'STRUCT', 'QUALIFY'];

export function bigQueryToPostgres(sql: string | readonly Token[], line: number): Translation {
  const text = typeof sql === 'string' ? sql : joinTokens(sql);
  const out = translateBigQueryToRedshift(renameParams(text, 'bigquery', 'redshift'));
  const human = out.notes.find((n) => n.severity === 'human');
  if (human) throw dialectError('statement', line, `PostgreSQL has no form for it (${human.message})`, 'bigquery');
  const tokens = tokenize(out.sql, REDSHIFT);
  refuse(tokens, line);
  const design = stripPhysicalDesign(postgresSpelling(tokens));
  const physical: Record<string, string> = design.clauses.length > 0 ? { clauses: design.clauses.join(' ') } : {};
  return { sql: design.sql, physical };
}

function refuse(tokens: readonly Token[], line: number): void {
  const sig = significant(tokens);
  sig.forEach((t, i) => {
    const word = t.kind === 'word' ? t.text.toUpperCase() : '';
    const call = sig[i + 1]?.kind === 'open';
    if (call && REDSHIFT_ONLY[word])
      throw dialectError(
        `${REDSHIFT_ONLY[word]}`,
        line,
        `it becomes Redshift's ${word}, which PostgreSQL does not have`,
        'bigquery',
      );
    if (BIGQUERY_ONLY.includes(word) || (word === 'SAFE' && sig[i + 1]?.text === '.'))
      throw dialectError(word, line, 'PostgreSQL has no form for it', 'bigquery');
    if (t.text === '*' && isWord(sig[i + 1], 'EXCEPT', 'REPLACE') && sig[i + 2]?.kind === 'open')
      throw dialectError(
        `SELECT * ${sig[i + 1].text.toUpperCase()}`,
        line,
        'PostgreSQL has no form for it; list the columns',
        'bigquery',
      );
  });
}

/** NVL(…) → COALESCE(…), GETDATE() → LOCALTIMESTAMP, VARCHAR(MAX) → VARCHAR, COUNTIF(c) → COUNT(*) FILTER (WHERE c). */
function postgresSpelling(tokens: readonly Token[]): string {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = (k: number) => tokens[i + k];
    if (isWord(t, 'COUNTIF') && next(1)?.kind === 'open') {
      const close = matchingClose(tokens, i + 1);
      out.push(`COUNT(*) FILTER (WHERE ${postgresSpelling(tokens.slice(i + 2, close))})`);
      i = close;
    } else if (isWord(t, 'NVL') && next(1)?.kind === 'open') out.push('COALESCE');
    else if (isWord(t, 'GETDATE') && next(1)?.kind === 'open' && next(2)?.kind === 'close') {
      out.push('LOCALTIMESTAMP');
      i += 2;
    } else if (isWord(t, 'VARCHAR') && next(1)?.kind === 'open' && isWord(next(2), 'MAX') && next(3)?.kind === 'close') {
      out.push('VARCHAR');
      i += 3;
    } else out.push(t.text);
  }
  return out.join('');
}
