/**
 * Reads a bias data set from any store URI: one CSV or JSON Lines file, or every file under a
 * prefix ending in `/` (in key order). CSV has a header row unless `headers` names the columns.
 * A JSON Lines record is either flat (`{"Sex": 0, "Target": 1, "predicted": 1}`) or, as Clarify's
 * examples have it, a features list with the other fields beside it
 * (`{"features": [41, 2, …], "label": 1}`), whose features take the names in `headers`; when
 * `headers` has one name more than the list, the last one names the label, as in Clarify.
 */
import { GodwitError } from '../../core/errors.js';
import { parseJsonPath } from '../../core/json-path.js';
import { objectIn, type StoreOptions } from '../../store/index.js';
import { type BiasTable, type Cell, TableBuilder, toCell } from './bias-table.js';

export interface BiasDatasetOptions {
  readonly format: 'csv' | 'jsonl';
  readonly headers?: readonly string[];
  /** Path of a JSON Lines record's features list; default `features` when the record has that list. */
  readonly features?: string;
  /** The label's key in a JSON Lines record (renamed to the last header, see above). */
  readonly label?: string;
  readonly store?: StoreOptions;
}

/** Reads the data set; E_BIAS_DATASET when there is no file, no row, or a line that does not parse. */
export async function readBiasDataset(uri: string, options: BiasDatasetOptions): Promise<BiasTable> {
  const { store, key } = await objectIn(uri, options.store);
  const keys = key === '' || key.endsWith('/') ? (await store.list(key)).map((o) => o.key) : [key];
  const builder = new TableBuilder();
  for (const k of keys) {
    const where = store.uri(k);
    const text = (
      await store.get(k).catch((err) => Promise.reject(datasetError(`${uri} cannot be read: ${err.message}`)))
    ).toString('utf8');
    if (options.format === 'csv') addCsv(text, where, options.headers, builder);
    else addJsonLines(text, where, options, builder);
  }
  const table = builder.build();
  if (table.rowCount === 0) throw datasetError(`${uri} holds no rows${keys.length === 0 ? ' (no file is there)' : ''}.`);
  return table;
}

function addCsv(text: string, where: string, headers: readonly string[] | undefined, builder: TableBuilder): void {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let names = headers;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = splitCsvLine(lines[i]);
    if (!names) {
      names = cells.map((c) => c.trim());
      continue;
    }
    if (cells.length !== names.length) {
      throw datasetError(`${where}:${i + 1} has ${cells.length} fields, the header ${names.length}.`);
    }
    const header = names;
    builder.add(cells.map((c, j) => [header[j], toCell(c)] as const));
  }
}

/** One CSV line's fields; double quotes enclose commas and `""` is a quote. */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

function addJsonLines(text: string, where: string, options: BiasDatasetOptions, builder: TableBuilder): void {
  const path = parseJsonPath(options.features ?? 'features');
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(lines[i]);
    } catch (err) {
      throw datasetError(`${where}:${i + 1} is not JSON: ${(err as Error).message}`);
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw datasetError(`${where}:${i + 1} is not a JSON object.`);
    }
    builder.add(recordCells(record as Record<string, unknown>, path, options));
  }
}

function recordCells(record: Record<string, unknown>, path: readonly (string | number)[], options: BiasDatasetOptions) {
  const features = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], record);
  const row: [string, Cell][] = [];
  const headers = options.headers ?? [];
  if (Array.isArray(features)) {
    for (const [j, f] of features.entries()) row.push([headers[j] ?? `feature_${j}`, toCell(f)]);
  }
  const labelName = Array.isArray(features) && headers.length === features.length + 1 ? headers.at(-1) : undefined;
  for (const [k, v] of Object.entries(record)) {
    if (Array.isArray(features) && k === path[0]) continue;
    row.push([labelName && k === (options.label ?? 'label') ? labelName : k, toCell(v)]);
  }
  return row;
}

function datasetError(message: string): GodwitError {
  return new GodwitError('E_BIAS_DATASET', message, {
    hint: 'Give a CSV file with a header row (or --headers) or a JSON Lines file, or a folder of them ending in "/".',
  });
}
