/**
 * BigQuery `LOAD DATA … FROM FILES (…)` → Redshift `COPY`, the reverse of
 * redshift/redshift-load.ts.
 */
import { REDSHIFT } from '../redshift/redshift-dialect.js';
import { rewriteExpression } from '../sql-expressions.js';
import { isWord, matchingClose, significant, stringLiteral, type Token } from '../sql-tokens.js';
import type { SqlContext } from '../sql-translation.js';
import { BIGQUERY_TO_REDSHIFT_RULES } from './bigquery-functions.js';
import { prefix, readOptions, role } from './bigquery-options.js';

const FORMATS: Readonly<Record<string, string>> = {
  CSV: 'FORMAT AS CSV',
  PARQUET: 'FORMAT AS PARQUET',
  ORC: 'FORMAT AS ORC',
  AVRO: "FORMAT AS AVRO 'auto'",
  JSON: "FORMAT AS JSON 'auto'",
  NEWLINE_DELIMITED_JSON: "FORMAT AS JSON 'auto'",
};

export function loadDataToCopy(tokens: readonly Token[], ctx: SqlContext): string {
  const sig = significant(tokens);
  const files = sig.findIndex((t, k) => isWord(t, 'FILES') && isWord(sig[k - 1], 'FROM'));
  const open = sig.findIndex((t, k) => k > files && t.kind === 'open');
  const overwrite = isWord(sig[2], 'OVERWRITE');
  const tableEnd = sig.findIndex((t, k) => k > 2 && (t.kind === 'open' || isWord(t, 'FROM', 'PARTITION', 'CLUSTER', 'OPTIONS')));
  if (files < 0 || open < 0 || tableEnd < 0) {
    ctx.note('human', 'a LOAD DATA Godwit could not read; it was kept as written.');
    return tokens.map((t) => t.text).join('');
  }
  const table = rewriteExpression(sig.slice(3, tableEnd), BIGQUERY_TO_REDSHIFT_RULES, ctx).trim();
  const options = readOptions(sig.slice(open + 1, matchingClose(sig, open)));
  const uris = options.get('uris');
  const list = Array.isArray(uris) ? uris : typeof uris === 'string' ? [uris] : [];
  if (list.length !== 1)
    ctx.note(
      'human',
      `LOAD DATA reads ${list.length} URI patterns; a Redshift COPY reads one prefix (or a manifest): split it into one COPY per prefix.`,
    );
  const format = String(options.get('format') ?? 'CSV').toUpperCase();
  const clauses = [
    `FROM ${stringLiteral(prefix(list[0] ?? '', ctx), REDSHIFT)}`,
    role(ctx),
    FORMATS[format] ?? `FORMAT AS ${format}`,
  ];
  const text = (k: string) => (options.has(k) ? stringLiteral(String(options.get(k)), REDSHIFT) : undefined);
  if (options.has('skip_leading_rows')) clauses.push(`IGNOREHEADER ${options.get('skip_leading_rows')}`);
  if (text('field_delimiter')) clauses.push(`DELIMITER ${text('field_delimiter')}`);
  if (text('null_marker')) clauses.push(`NULL AS ${text('null_marker')}`);
  if (text('quote') && format === 'CSV') clauses.push(`QUOTE AS ${text('quote')}`);
  if (options.has('max_bad_records')) clauses.push(`MAXERROR ${options.get('max_bad_records')}`);
  if (text('date_format')) clauses.push(`DATEFORMAT ${text('date_format')}`);
  if (text('timestamp_format')) clauses.push(`TIMEFORMAT ${text('timestamp_format')}`);
  if (options.get('allow_jagged_rows') === 'true') clauses.push('FILLRECORD');
  ctx.note('changed', 'LOAD DATA … FROM FILES → COPY … FROM');
  const copy = `COPY ${table}\n${clauses.join('\n')}`;
  if (!overwrite) return copy;
  ctx.note('changed', 'LOAD DATA OVERWRITE → TRUNCATE then COPY');
  return `TRUNCATE ${table};\n${copy}`;
}
