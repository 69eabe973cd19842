/**
 * Redshift `COPY table FROM 's3://…' …` → BigQuery `LOAD DATA INTO table FROM FILES (…)`.
 *
 * ```sql
 * COPY sales.orders FROM 's3://raw/orders/' IAM_ROLE 'arn:aws:iam::1:role/r' FORMAT AS CSV IGNOREHEADER 1;
 * -- becomes
 * LOAD DATA INTO sales.orders
 * FROM FILES (
 *   format = 'CSV',
 *   uris = ['gs://raw/orders/*'],
 *   skip_leading_rows = 1
 * );
 * ```
 *
 * Redshift reads every object whose key starts with the given prefix; BigQuery needs a wildcard,
 * so a folder or bare prefix gets `*` appended. The IAM role goes: a BigQuery load reads the
 * bucket as the job's own identity, which a human must grant access.
 */

import { rewriteExpression } from '../sql-expressions.js';
import { isWord, significant, stringLiteral, type Token } from '../sql-tokens.js';
import type { SqlContext } from '../sql-translation.js';
import { REDSHIFT_TO_BIGQUERY_RULES } from './redshift-functions.js';
import { CREDENTIAL_OPTIONS, type RedshiftOption, readOptions, takeOption } from './redshift-options.js';

/** Options dropped because BigQuery's load does the same by default, with why. */
const DROPPED: Readonly<Record<string, string>> = {
  GZIP: 'BigQuery reads gzip-compressed CSV and JSON files as they are',
  REGION: "BigQuery reads the bucket from the dataset's location",
  EMPTYASNULL: 'BigQuery loads an empty CSV field as NULL by default',
  TRUNCATECOLUMNS: 'BigQuery STRING columns have no length limit',
  COMPUPDATE: 'compression encodings are Redshift-only',
  STATUPDATE: 'BigQuery keeps table statistics itself',
  EXPLICIT_IDS: 'BigQuery has no identity columns',
  READRATIO: 'it is a DynamoDB read setting',
};

/** Options with a direct BigQuery load option. */
const RENAMED: Readonly<Record<string, string>> = {
  IGNOREHEADER: 'skip_leading_rows',
  DELIMITER: 'field_delimiter',
  NULL: 'null_marker',
  QUOTE: 'quote',
  MAXERROR: 'max_bad_records',
  DATEFORMAT: 'date_format',
  TIMEFORMAT: 'timestamp_format',
};

const NUMERIC = new Set(['skip_leading_rows', 'max_bad_records']);

export function copyToLoadData(tokens: readonly Token[], ctx: SqlContext): string {
  const sig = significant(tokens);
  const from = sig.findIndex((t) => isWord(t, 'FROM'));
  const source = sig[from + 1];
  if (from < 0 || source?.kind !== 'string' || !/^s3:\/\//i.test(source.value ?? '')) {
    ctx.note(
      'human',
      'a COPY that does not read an s3:// location (DynamoDB, SSH or EMR sources have no BigQuery load); it was kept as written.',
    );
    return tokens.map((t) => t.text).join('');
  }
  const open = sig.findIndex((t, k) => k < from && t.kind === 'open');
  const table = rewriteExpression(sig.slice(1, open < 0 ? from : open), REDSHIFT_TO_BIGQUERY_RULES, ctx);
  if (open >= 0) {
    ctx.note(
      'human',
      `the COPY column list was dropped: BigQuery's LOAD DATA column list declares types, and a load maps columns by position (CSV) or name (Parquet, JSON). Reorder the files' columns or load into a staging table.`,
    );
  }
  const options = readOptions(sig.slice(from + 2));
  const extra: [string, string][] = [];
  const settings: [string, string][] = [
    ['format', `'${format(options, ctx, extra)}'`],
    ['uris', `[${stringLiteral(wildcard(ctx.mapUri(source.value ?? ''), ctx), ctx.to)}]`],
    ...extra,
  ];
  for (const o of options) applyOption(o, settings, ctx);
  ctx.note('changed', 'COPY … FROM → LOAD DATA INTO … FROM FILES');
  const body = settings.map(([k, v]) => `  ${k} = ${v}`).join(',\n');
  return `LOAD DATA INTO ${table.trim()}\nFROM FILES (\n${body}\n)`;
}

/** The BigQuery format; takes the options that choose it out of `options`. */
function format(options: RedshiftOption[], ctx: SqlContext, settings: [string, string][]): string {
  const chosen = takeOption(options, 'FORMAT', 'CSV', 'PARQUET', 'ORC', 'AVRO', 'JSON', 'FIXEDWIDTH', 'SHAPEFILE');
  const name = chosen?.format ?? chosen?.name;
  if (name === undefined) {
    const delimited = options.some((o) => o.name === 'DELIMITER');
    ctx.note(
      'human',
      `COPY without a format reads Redshift's delimited text (backslash escapes, no quoting); it became CSV${delimited ? '' : " with field_delimiter '|'"}: set quote = '' if fields contain double quotes.`,
    );
    if (!delimited) settings.push(['field_delimiter', "'|'"]);
    return 'CSV';
  }
  if ((name === 'JSON' || name === 'AVRO') && chosen?.value && !/^auto( ignorecase)?$/i.test(chosen.value)) {
    ctx.note(
      'human',
      `${name} '${chosen.value}' maps fields with a JSONPaths file; BigQuery maps them by column name only. Rename fields or load into a staging table.`,
    );
  }
  if (name === 'JSON') ctx.note('changed', 'FORMAT JSON → NEWLINE_DELIMITED_JSON (BigQuery needs one JSON object per line)');
  if (name === 'FIXEDWIDTH' || name === 'SHAPEFILE') {
    ctx.note('human', `FORMAT ${name} has no BigQuery load format: load the lines as one STRING column and split them in SQL.`);
    return 'CSV';
  }
  return name === 'JSON' ? 'NEWLINE_DELIMITED_JSON' : name;
}

function applyOption(o: RedshiftOption, settings: [string, string][], ctx: SqlContext): void {
  if (CREDENTIAL_OPTIONS.includes(o.name)) {
    ctx.note(
      'human',
      `${o.text} was removed: grant the BigQuery job's service account read access (roles/storage.objectViewer) to the bucket instead.`,
    );
    return;
  }
  if (DROPPED[o.name]) {
    ctx.note('changed', `${o.text} dropped: ${DROPPED[o.name]}`);
    return;
  }
  const renamed = RENAMED[o.name];
  if (renamed && o.value !== undefined) {
    if ((o.name === 'DATEFORMAT' || o.name === 'TIMEFORMAT') && /^auto$/i.test(o.value)) {
      ctx.note('changed', `${o.text} dropped: BigQuery parses ISO dates and timestamps`);
      return;
    }
    if (o.name === 'DATEFORMAT' || o.name === 'TIMEFORMAT') {
      ctx.note('human', `${o.text} became ${renamed}: check that BigQuery's format elements read '${o.value}' the same way.`);
    }
    settings.push([renamed, NUMERIC.has(renamed) ? o.value : stringLiteral(o.value, ctx.to)]);
    return;
  }
  if (o.name === 'FILLRECORD') {
    settings.push(['allow_jagged_rows', 'true']);
    return;
  }
  if (o.name === 'BLANKSASNULL') {
    ctx.note(
      'human',
      `${o.text}: BigQuery loads only empty fields as NULL, not blank ones; trim and NULLIF after loading if blanks occur.`,
    );
    return;
  }
  if (o.name === 'ENCODING' && /^utf-?8$/i.test(o.value ?? '')) return;
  if (o.name === 'MANIFEST') {
    ctx.note('human', `${o.text}: BigQuery has no manifest files; list the manifest's files in uris (wildcards allowed).`);
    return;
  }
  ctx.note('human', `the COPY option ${o.text} has no BigQuery load option Godwit knows; it was dropped.`);
}

/** A Redshift prefix as a BigQuery URI: folders and bare prefixes read with `*`, a file name as is. */
function wildcard(uri: string, ctx: SqlContext): string {
  if (uri.includes('*')) return uri;
  const last = uri.slice(uri.lastIndexOf('/') + 1);
  if (last !== '' && /\.[A-Za-z0-9]+$/.test(last)) {
    ctx.note('changed', `'${uri}' is read as one file; Redshift would also read any key that starts with it`);
    return uri;
  }
  return `${uri}*`;
}
