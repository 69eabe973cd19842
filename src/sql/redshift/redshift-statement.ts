/**
 * Redshift `COPY` and `UNLOAD` read into the Warehouse shapes (`CopySource`, `UnloadTarget`), on
 * the same option reader as `godwit migrate`'s translations (redshift-options.ts).
 *
 * Redshift's defaults are spelled out, because the shapes' defaults differ: a COPY reads no header
 * line unless IGNOREHEADER says so, an UNLOAD writes none unless HEADER, and without a FORMAT both
 * use Redshift's pipe-delimited text, read here as CSV with `|` as the delimiter.
 */
import type { CsvOptions, DataFormat, UnloadTarget } from '../../warehouse/warehouse.js';
import type { StatementBody } from '../sql-statement.js';
import { Unreadable } from '../sql-statement.js';
import { readTableRef } from '../sql-table-ref.js';
import { isWord, matchingClose, type Token } from '../sql-tokens.js';
import { CREDENTIAL_OPTIONS, type RedshiftOption, readOptions, takeOption } from './redshift-options.js';

/** Options that change nothing when Godwit itself moves the data. */
const IGNORED = new Set([...CREDENTIAL_OPTIONS, 'REGION', 'COMPUPDATE', 'STATUPDATE', 'MAXERROR', 'EMPTYASNULL', 'EXPLICIT_IDS']);
const UNLOAD_IGNORED = new Set([...CREDENTIAL_OPTIONS, 'REGION', 'ROWGROUPSIZE', 'ENCRYPTED']);
const URI = /^(s3|gs|file):\/\//i;

/** `COPY table [(columns)] FROM 'uri' options`. */
export function readRedshiftCopy(sig: readonly Token[]): StatementBody {
  const table = readTableRef(sig, 1, 'redshift');
  if (!table) throw new Unreadable('COPY needs a table name (schema.table)');
  let i = table.end;
  let columns: string[] | undefined;
  if (sig[i]?.kind === 'open') {
    const close = matchingClose(sig, i);
    columns = sig.slice(i + 1, close).flatMap((t) => (t.kind === 'comma' ? [] : [t.value ?? t.text.toLowerCase()]));
    i = close + 1;
  }
  const from = sig[i + 1];
  if (!isWord(sig[i], 'FROM') || from?.kind !== 'string' || !URI.test(from.value ?? ''))
    throw new Unreadable("COPY reads object storage only: COPY table FROM 's3://bucket/prefix' …");
  const options = readOptions(sig.slice(i + 2));
  const format = copyFormat(options);
  const report = { ignored: [] as string[], unsupported: [] as string[] };
  const csv =
    format === 'parquet' || format === 'jsonl' ? undefined : csvOptions(options, 'IGNOREHEADER', report, format === 'text');
  for (const o of options) (IGNORED.has(o.name) || isAuto(o) ? report.ignored : report.unsupported).push(o.text);
  const source = { uri: from.value ?? '', format: format === 'text' ? 'csv' : format, ...(csv ? { csv } : {}) } as const;
  return { kind: 'copy', table: table.ref, ...(columns ? { columns } : {}), source, overwrite: false, ...report };
}

/** `UNLOAD ('select') TO 'uri' options`. */
export function readRedshiftUnload(sig: readonly Token[]): StatementBody {
  const to = sig[5];
  if (sig[1]?.kind !== 'open' || sig[2]?.kind !== 'string' || sig[3]?.kind !== 'close' || !isWord(sig[4], 'TO'))
    throw new Unreadable("UNLOAD takes its query as a string: UNLOAD ('select …') TO 's3://bucket/prefix/' …");
  if (to?.kind !== 'string' || !URI.test(to.value ?? ''))
    throw new Unreadable("UNLOAD writes to object storage: UNLOAD ('select …') TO 's3://bucket/prefix/' …");
  const options = readOptions(sig.slice(6));
  const chosen = takeOption(options, 'FORMAT', 'CSV', 'PARQUET', 'JSON');
  const name = chosen?.format ?? chosen?.name;
  const format: DataFormat = name === 'PARQUET' ? 'parquet' : name === 'JSON' ? 'jsonl' : 'csv';
  const report = { ignored: [] as string[], unsupported: [] as string[] };
  const csv = format === 'csv' ? csvOptions(options, 'HEADER', report, name === undefined) : undefined;
  const target: { -readonly [K in keyof UnloadTarget]: UnloadTarget[K] } = {
    uri: to.value ?? '',
    format,
    ...(csv ? { csv } : {}),
  };
  for (const o of options) {
    if (o.name === 'PARALLEL') target.parallel = !/^(off|false)$/i.test(o.value ?? 'on');
    else if (o.name === 'MAXFILESIZE') target.maxFileBytes = fileSize(o.value ?? '');
    else if (o.name === 'MANIFEST') target.manifest = true;
    else if (o.name === 'ALLOWOVERWRITE' || o.name === 'CLEANPATH') target.allowOverwrite = true;
    else (UNLOAD_IGNORED.has(o.name) ? report.ignored : report.unsupported).push(o.text);
  }
  return { kind: 'unload', select: sig[2].value ?? '', target, ...report };
}

function copyFormat(options: RedshiftOption[]): DataFormat | 'text' {
  const chosen = takeOption(options, 'FORMAT', 'CSV', 'PARQUET', 'JSON', 'ORC', 'AVRO', 'FIXEDWIDTH', 'SHAPEFILE');
  const name = chosen?.format ?? chosen?.name;
  if (name === undefined) return 'text';
  if (name === 'CSV' || name === 'PARQUET') return name === 'CSV' ? 'csv' : 'parquet';
  if (name === 'JSON' && /^(auto( ignorecase)?)?$/i.test(chosen?.value ?? '')) return 'jsonl';
  throw new Unreadable(
    `${chosen?.text} is not read offline: Godwit loads CSV, PARQUET and JSON 'auto' (one object per line, fields by column name)`,
  );
}

/**
 * The CSV options of a COPY (header from IGNOREHEADER n) or UNLOAD (header from HEADER); takes
 * the options it reads out of `options`. Redshift's text format (no FORMAT) is `|`-delimited.
 */
function csvOptions(
  options: RedshiftOption[],
  headerOption: 'IGNOREHEADER' | 'HEADER',
  report: { unsupported: string[] },
  text = false,
): CsvOptions {
  const header = takeOption(options, headerOption);
  if (header && headerOption === 'IGNOREHEADER' && !/^[01]$/.test(header.value ?? '')) report.unsupported.push(header.text);
  const delimiter = takeOption(options, 'DELIMITER')?.value;
  const quote = takeOption(options, 'QUOTE')?.value;
  const nullAs = takeOption(options, 'NULL')?.value;
  return {
    header: header !== undefined && (headerOption === 'HEADER' || header.value !== '0'),
    ...(delimiter !== undefined || text ? { delimiter: delimiter ?? '|' } : {}),
    ...(quote !== undefined ? { quote } : {}),
    ...(nullAs !== undefined ? { nullAs } : {}),
  };
}

/** DATEFORMAT 'auto', TIMEFORMAT 'auto', ENCODING UTF8: what Godwit does anyway. */
function isAuto(o: RedshiftOption): boolean {
  if (o.name === 'DATEFORMAT' || o.name === 'TIMEFORMAT') return /^auto$/i.test(o.value ?? '');
  return o.name === 'ENCODING' && /^utf-?8$/i.test(o.value ?? '');
}

/** MAXFILESIZE `100`, `100 MB`, `1 GB` (megabytes unless GB) in bytes. */
function fileSize(value: string): number {
  const [n, unit = 'MB'] = value.split(' ');
  return Math.round(Number(n) * (unit.toUpperCase() === 'GB' ? 1024 ** 3 : 1024 ** 2));
}
