/**
 * Redshift `UNLOAD ('select …') TO 's3://…' …` → BigQuery `EXPORT DATA OPTIONS (…) AS select …`.
 *
 * ```sql
 * UNLOAD ('select * from sales.orders where region = ''EU''') TO 's3://out/orders/' IAM_ROLE default
 *   FORMAT AS CSV HEADER ALLOWOVERWRITE;
 * -- becomes
 * EXPORT DATA OPTIONS (
 *   uri = 'gs://out/orders/*.csv',
 *   format = 'CSV',
 *   overwrite = true,
 *   header = true
 * ) AS
 * select * from sales.orders where region = 'EU'
 * ```
 *
 * Redshift names the files `<prefix>0000_part_00`; BigQuery needs exactly one `*` in the URI, so
 * the prefix gets `*.<extension>`. Without ALLOWOVERWRITE (or CLEANPATH) both refuse to write over
 * existing files, so `overwrite` is set only when one of them is present.
 */

import { isWord, significant, stringLiteral, type Token } from '../sql-tokens.js';
import type { SqlContext } from '../sql-translation.js';
import { CREDENTIAL_OPTIONS, type RedshiftOption, readOptions, takeOption } from './redshift-options.js';

const EXTENSION: Readonly<Record<string, string>> = { CSV: 'csv', PARQUET: 'parquet', JSON: 'json' };

const DROPPED: Readonly<Record<string, string>> = {
  ADDQUOTES: 'BigQuery quotes CSV fields that need it',
  MAXFILESIZE: 'BigQuery chooses file sizes itself (at most 1 GB each)',
  ROWGROUPSIZE: 'BigQuery chooses Parquet row groups itself',
  REGION: "BigQuery writes to the bucket from the dataset's location",
};

export function unloadToExportData(tokens: readonly Token[], ctx: SqlContext, translateQuery: (sql: string) => string): string {
  const sig = significant(tokens);
  const query = sig[2];
  const to = sig.findIndex((t) => isWord(t, 'TO'));
  const target = sig[to + 1];
  if (
    sig[1]?.kind !== 'open' ||
    query?.kind !== 'string' ||
    to < 0 ||
    target?.kind !== 'string' ||
    !/^s3:\/\//i.test(target.value ?? '')
  ) {
    ctx.note('human', "an UNLOAD Godwit could not read (it expects UNLOAD ('query') TO 's3://…'); it was kept as written.");
    return tokens.map((t) => t.text).join('');
  }
  const options = readOptions(sig.slice(to + 2));
  const chosen = takeOption(options, 'FORMAT', 'CSV', 'PARQUET', 'JSON', 'FIXEDWIDTH');
  let format = chosen?.format ?? chosen?.name ?? 'TEXT';
  const settings: [string, string][] = [];
  if (format === 'TEXT' || format === 'FIXEDWIDTH') {
    const delimited = options.some((o) => o.name === 'DELIMITER');
    ctx.note(
      'human',
      `UNLOAD without FORMAT CSV/PARQUET/JSON writes Redshift's delimited text (backslash escapes, quotes only with ADDQUOTES); it became CSV${delimited ? '' : " with field_delimiter '|'"}: check what reads the files.`,
    );
    format = 'CSV';
    if (!delimited) settings.push(['field_delimiter', "'|'"]);
  }
  let extension = EXTENSION[format];
  let overwrite = false;
  for (const o of options) {
    const effect = applyOption(o, settings, ctx);
    if (effect === 'overwrite') overwrite = true;
    if (effect === 'gzip') extension += '.gz';
    if (typeof effect === 'object') extension = effect.extension;
  }
  const uri = `${ctx.mapUri(target.value ?? '')}*.${extension}`;
  const head: [string, string][] = [
    ['uri', stringLiteral(uri, ctx.to)],
    ['format', `'${format}'`],
  ];
  if (overwrite) head.push(['overwrite', 'true']);
  ctx.note('changed', "UNLOAD ('…') TO → EXPORT DATA OPTIONS (…) AS …");
  const body = [...head, ...settings].map(([k, v]) => `  ${k} = ${v}`).join(',\n');
  return `EXPORT DATA OPTIONS (\n${body}\n) AS\n${translateQuery(query.value ?? '').trim()}`;
}

type Effect = 'overwrite' | 'gzip' | { extension: string } | undefined;

function applyOption(o: RedshiftOption, settings: [string, string][], ctx: SqlContext): Effect {
  if (CREDENTIAL_OPTIONS.includes(o.name)) {
    ctx.note(
      'human',
      `${o.text} was removed: grant the BigQuery job's service account write access (roles/storage.objectCreator) to the bucket instead.`,
    );
    return undefined;
  }
  if (DROPPED[o.name]) {
    ctx.note('changed', `${o.text} dropped: ${DROPPED[o.name]}`);
    return undefined;
  }
  switch (o.name) {
    case 'ALLOWOVERWRITE':
    case 'CLEANPATH':
      return 'overwrite';
    case 'HEADER':
      settings.push(['header', 'true']);
      return undefined;
    case 'DELIMITER':
      settings.push(['field_delimiter', stringLiteral(o.value ?? ',', ctx.to)]);
      return undefined;
    case 'GZIP':
      settings.push(['compression', "'GZIP'"]);
      return 'gzip';
    case 'EXTENSION':
      return { extension: (o.value ?? '').replace(/^\./, '') };
    case 'PARTITION':
      ctx.note(
        'human',
        `${o.text}: EXPORT DATA writes no partition folders; export one query per partition value (WHERE … = value) to its own uri.`,
      );
      return undefined;
    case 'PARALLEL':
      if (/^(off|false)$/i.test(o.value ?? '')) {
        ctx.note(
          'human',
          `${o.text}: BigQuery may write several files; a single file is guaranteed only for results under 1 GB.`,
        );
      }
      return undefined;
    default:
      ctx.note('human', `the UNLOAD option ${o.text} has no BigQuery export option Godwit knows; it was dropped.`);
      return undefined;
  }
}
