/**
 * BigQuery `LOAD DATA … FROM FILES (…)` → Redshift `COPY`, and `EXPORT DATA OPTIONS (…) AS query`
 * → `UNLOAD ('query') TO …`: the reverse of redshift-copy.ts and redshift-unload.ts. Redshift
 * reads and writes S3 as an IAM role; the translation names `IAM_ROLE default` (the cluster's
 * default role) unless the options give one.
 */
import { BIGQUERY_TO_REDSHIFT_RULES } from './bigquery-functions.js';
import { rewriteExpression } from './sql-expressions.js';
import { isWord, matchingClose, REDSHIFT, significant, stringLiteral, type Token } from './sql-tokens.js';
import type { SqlContext } from './sql-translation.js';

type OptionValue = string | string[];

/** `(key = value, …)` with string, number, boolean and array-of-string values. */
function readOptions(sig: readonly Token[]): Map<string, OptionValue> {
  const options = new Map<string, OptionValue>();
  let i = 0;
  while (i < sig.length) {
    const key = sig[i];
    if (!isWord(key) || sig[i + 1]?.text !== '=') {
      i++;
      continue;
    }
    i += 2;
    if (sig[i]?.text === '[') {
      const values: string[] = [];
      for (i++; i < sig.length && sig[i].text !== ']'; i++) if (sig[i].kind === 'string') values.push(sig[i].value ?? '');
      options.set(key.text.toLowerCase(), values);
    } else if (sig[i]) options.set(key.text.toLowerCase(), sig[i].kind === 'string' ? (sig[i].value ?? '') : sig[i].text);
    i++;
  }
  return options;
}

function role(ctx: SqlContext): string {
  const r = ctx.options.iamRole;
  return r && r !== 'default' ? `IAM_ROLE ${stringLiteral(r, REDSHIFT)}` : 'IAM_ROLE default';
}

/** `gs://b/p/*` or `gs://b/p/x_*.csv` → the S3 prefix Redshift reads or writes: `s3://b/p/`, `s3://b/p/x_`. */
function prefix(uri: string, ctx: SqlContext): string {
  const star = uri.indexOf('*');
  return ctx.mapUri(star < 0 ? uri : uri.slice(0, star));
}

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

export function exportDataToUnload(
  tokens: readonly Token[],
  ctx: SqlContext,
  translateQuery: (t: readonly Token[]) => string,
): string {
  const sig = significant(tokens);
  const open = sig.findIndex((t) => t.kind === 'open');
  const close = open < 0 ? -1 : matchingClose(sig, open);
  const as = isWord(sig[close + 1], 'AS') ? tokens.indexOf(sig[close + 1]) : -1;
  if (!isWord(sig[2], 'OPTIONS') || as < 0) {
    ctx.note('human', 'an EXPORT DATA Godwit could not read; it was kept as written.');
    return tokens.map((t) => t.text).join('');
  }
  const options = readOptions(sig.slice(open + 1, close));
  const format = String(options.get('format') ?? 'CSV').toUpperCase();
  const query = translateQuery(tokens.slice(as + 1)).trim();
  const clauses = [
    `TO ${stringLiteral(prefix(String(options.get('uri') ?? ''), ctx), REDSHIFT)}`,
    role(ctx),
    `FORMAT AS ${format === 'NEWLINE_DELIMITED_JSON' ? 'JSON' : format}`,
  ];
  if (options.get('header') === 'true') clauses.push('HEADER');
  if (options.has('field_delimiter'))
    clauses.push(`DELIMITER AS ${stringLiteral(String(options.get('field_delimiter')), REDSHIFT)}`);
  if (String(options.get('compression') ?? '').toUpperCase() === 'GZIP') clauses.push('GZIP');
  if (options.get('overwrite') === 'true') clauses.push('ALLOWOVERWRITE');
  ctx.note('changed', "EXPORT DATA OPTIONS (…) AS … → UNLOAD ('…') TO");
  return `UNLOAD (${stringLiteral(query, REDSHIFT)})\n${clauses.join('\n')}`;
}
