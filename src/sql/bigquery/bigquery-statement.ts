/**
 * BigQuery `LOAD DATA` and `EXPORT DATA` read into the Warehouse shapes (`CopySource`,
 * `UnloadTarget`), on the same `(key = value, …)` reader as `godwit migrate` (bigquery-options.ts).
 *
 * BigQuery's wildcards become the shapes' prefixes: `uris = ['gs://b/p/*']` loads every object
 * under `gs://b/p/`, and EXPORT DATA's `uri = 'gs://b/out/*.csv'` writes below `gs://b/out/`
 * (the file names are the warehouse's own). Like BigQuery, a load creates the table from the
 * files' columns when it does not exist, and neither statement reads or writes a header line
 * unless `skip_leading_rows = 1` / `header = true`.
 */
import type { CsvOptions, DataFormat } from '../../warehouse/warehouse.js';
import type { StatementBody } from '../sql-statement.js';
import { Unreadable } from '../sql-statement.js';
import { readTableRef } from '../sql-table-ref.js';
import { isWord, joinTokens, matchingClose, splitAtCommas, type Token } from '../sql-tokens.js';
import { type OptionValue, readOptions } from './bigquery-options.js';

const FORMATS: Readonly<Record<string, DataFormat>> = {
  CSV: 'csv',
  PARQUET: 'parquet',
  NEWLINE_DELIMITED_JSON: 'jsonl',
  JSON: 'jsonl',
};
const LOAD_IGNORED = new Set(['max_bad_records', 'allow_quoted_newlines', 'encoding', 'autodetect']);
const EXPORT_IGNORED = new Set<string>();

/** `LOAD DATA {INTO|OVERWRITE} table [(columns)] [PARTITION BY …] [CLUSTER BY …] [OPTIONS (…)] FROM FILES (…)`. */
export function readBigQueryLoad(sig: readonly Token[]): StatementBody {
  const overwrite = isWord(sig[2], 'OVERWRITE');
  if (!overwrite && !isWord(sig[2], 'INTO')) throw new Unreadable('LOAD DATA INTO table FROM FILES (…) or LOAD DATA OVERWRITE …');
  const table = readTableRef(sig, 3, 'bigquery');
  if (!table) throw new Unreadable('LOAD DATA needs a table name: LOAD DATA INTO dataset.table …');
  let columns: string[] | undefined;
  if (sig[table.end]?.kind === 'open') {
    const close = matchingClose(sig, table.end);
    columns = splitAtCommas(sig.slice(table.end + 1, close)).map(([name]) => name?.value ?? name?.text ?? '');
  }
  const files = sig.findIndex((t, k) => isWord(t, 'FILES') && isWord(sig[k - 1], 'FROM'));
  if (files < 0 || sig[files + 1]?.kind !== 'open') throw new Unreadable('LOAD DATA … FROM FILES (format = …, uris = [...])');
  const close = matchingClose(sig, files + 1);
  const options = readOptions(sig.slice(files + 2, close));
  const report = { ignored: [] as string[], unsupported: [] as string[] };
  if (sig.length > close + 1) report.unsupported.push(joinTokens(sig.slice(close + 1)));
  const format = formatOf(take(options, 'format') ?? 'CSV');
  const uri = loadUri(take(options, 'uris'), report);
  const csv = format === 'csv' ? csvOptions(options, 'skip_leading_rows', report) : undefined;
  leftovers(options, LOAD_IGNORED, report);
  const source = { uri, format, createTable: true, ...(csv ? { csv } : {}) };
  return { kind: 'copy', table: table.ref, ...(columns ? { columns } : {}), source, overwrite, ...report };
}

/** `EXPORT DATA [WITH CONNECTION c] OPTIONS (uri = 'gs://…/*.csv', format = …, …) AS select`. */
export function readBigQueryExport(sig: readonly Token[], tokens: readonly Token[]): StatementBody {
  const at = sig.findIndex((t) => isWord(t, 'OPTIONS'));
  if (at < 0 || sig[at + 1]?.kind !== 'open') throw new Unreadable('EXPORT DATA OPTIONS (uri = …, format = …) AS select …');
  const close = matchingClose(sig, at + 1);
  if (!isWord(sig[close + 1], 'AS'))
    throw new Unreadable('EXPORT DATA OPTIONS (…) AS select …: the AS and its query are missing');
  const options = readOptions(sig.slice(at + 2, close));
  const report = { ignored: [] as string[], unsupported: [] as string[] };
  if (isWord(sig[2], 'WITH')) report.ignored.push(joinTokens(sig.slice(2, at)));
  const uri = take(options, 'uri');
  if (typeof uri !== 'string' || !uri.includes('*'))
    throw new Unreadable("EXPORT DATA needs uri = 'gs://bucket/prefix/*.ext' (one wildcard)");
  const format = formatOf(take(options, 'format') ?? 'CSV');
  const csv = format === 'csv' ? csvOptions(options, 'header', report) : undefined;
  const overwrite = take(options, 'overwrite');
  const compression = take(options, 'compression');
  if (compression !== undefined && String(compression).toUpperCase() !== 'NONE')
    report.unsupported.push(`compression = '${compression}'`);
  leftovers(options, EXPORT_IGNORED, report);
  const select = joinTokens(tokens.slice(tokens.indexOf(sig[close + 1]) + 1)).trim();
  const target = { uri: uri.slice(0, uri.indexOf('*')), format, allowOverwrite: overwrite === 'true', ...(csv ? { csv } : {}) };
  return { kind: 'unload', select, target, ...report };
}

function take(options: Map<string, OptionValue>, key: string): OptionValue | undefined {
  const value = options.get(key);
  options.delete(key);
  return value;
}

function formatOf(value: OptionValue): DataFormat {
  const format = FORMATS[String(value).toUpperCase()];
  if (!format)
    throw new Unreadable(
      `format = '${value}' is not read offline: Godwit reads and writes CSV, PARQUET and NEWLINE_DELIMITED_JSON`,
    );
  return format;
}

/** One URI: an object, or a folder wildcard (`gs://b/p/*`) read as the prefix `gs://b/p/`. */
function loadUri(uris: OptionValue | undefined, report: { unsupported: string[] }): string {
  const list = Array.isArray(uris) ? uris : typeof uris === 'string' ? [uris] : [];
  if (list.length === 0) throw new Unreadable("LOAD DATA needs uris = ['gs://bucket/path/*']");
  if (list.length > 1) report.unsupported.push(`uris = [${list.map((u) => `'${u}'`).join(', ')}] (one URI per load)`);
  const uri = list[0];
  const star = uri.indexOf('*');
  if (star < 0) return uri;
  if (star === uri.length - 1 && uri.endsWith('/*')) return uri.slice(0, -1);
  report.unsupported.push(`uris = ['${uri}'] (a wildcard stands for a whole folder only: 'gs://bucket/folder/*')`);
  return uri.slice(0, uri.lastIndexOf('/', star) + 1);
}

function csvOptions(options: Map<string, OptionValue>, headerKey: string, report: { unsupported: string[] }): CsvOptions {
  const header = take(options, headerKey);
  if (header !== undefined && !['0', '1', 'true', 'false'].includes(String(header)))
    report.unsupported.push(`${headerKey} = ${header}`);
  const delimiter = take(options, 'field_delimiter');
  const quote = take(options, 'quote');
  const nullAs = take(options, 'null_marker');
  return {
    header: header === '1' || header === 'true',
    ...(delimiter !== undefined ? { delimiter: String(delimiter) } : {}),
    ...(quote !== undefined ? { quote: String(quote) } : {}),
    ...(nullAs !== undefined ? { nullAs: String(nullAs) } : {}),
  };
}

function leftovers(
  options: Map<string, OptionValue>,
  ignored: ReadonlySet<string>,
  report: { ignored: string[]; unsupported: string[] },
): void {
  for (const [key, value] of options) {
    const text = `${key} = ${Array.isArray(value) ? `[${value.join(', ')}]` : value}`;
    (ignored.has(key) ? report.ignored : report.unsupported).push(text);
  }
}
