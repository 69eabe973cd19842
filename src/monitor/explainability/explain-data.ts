/**
 * The rows an explainability run explains, as numeric feature rows with names, from a data set
 * (CSV with or without a header, JSON Lines, Parquet; one file or every file under a prefix) or
 * from an endpoint's data capture (each captured request's input, read as the endpoint read it).
 * Feature names come from the header, Clarify's `headers`, or Clarify's default names `column_<i>`;
 * Clarify's `label` column, when named, is left out. A row that is not numbers is skipped and
 * reported with `<uri>:<line>`, never thrown.
 */
import { GodwitError } from '../../core/errors.js';
import { parsePayload } from '../../serving/payload.js';
import { type ArtifactStore, objectIn, type StoreOptions } from '../../store/index.js';
import { payloadText, scanCapture } from '../capture-reader/index.js';
import type { MonitoringDataset } from '../monitoring-job.js';
import { parquetTable } from '../parquet-table.js';

export interface FeatureRows {
  readonly names: readonly string[];
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export interface DataOptions {
  /** Clarify's `headers`: the feature names of a header-less data set. */
  readonly headers?: readonly string[];
  /** Clarify's `label`: a column to leave out (a name, or an index in a header-less file). */
  readonly label?: string | number;
  /** `FeaturesAttribute`: the key of a JSON Lines record's feature list (`features` by default). */
  readonly featuresAttribute?: string;
  readonly storeOptions?: StoreOptions;
}

export interface ReadResult {
  readonly table: FeatureRows;
  readonly skipped: { readonly where: string; readonly reason: string }[];
}

type Table = { header?: string[]; rows: { values: unknown[]; where: string }[] };

export async function readExplainData(dataset: MonitoringDataset, options: DataOptions = {}): Promise<ReadResult> {
  const skipped: { where: string; reason: string }[] = [];
  const table = dataset.kind === 'capture' ? await captureTable(dataset, options, skipped) : await datasetTable(dataset, options);
  return { table: toFeatureRows(table, options, skipped), skipped };
}

async function datasetTable(dataset: Extract<MonitoringDataset, { kind: 'dataset' }>, options: DataOptions): Promise<Table> {
  const out: Table = { rows: [] };
  for (const { uri, store, key } of await objectsOf(dataset.uri, options.storeOptions)) {
    if (dataset.format === 'parquet') {
      const t = await parquetTableOf(store, key, uri);
      out.header ??= t.header;
      out.rows.push(...t.rows.map((values, i) => ({ values, where: `${uri}:row ${i + 1}` })));
      continue;
    }
    const lines = (await store.get(key)).toString('utf8').split('\n');
    lines.forEach((line, i) => {
      const t = line.trim();
      if (t === '') return;
      const where = `${uri}:${i + 1}`;
      if (dataset.format === 'csv' && dataset.header && i === 0) out.header ??= t.split(',').map((c) => c.trim());
      else if (dataset.format === 'csv') out.rows.push({ values: t.split(','), where });
      else out.rows.push({ values: jsonValues(t, options, out), where });
    });
  }
  return out;
}

/** A JSON Lines record's values: a list, the features attribute's list, or an object's values by name. */
function jsonValues(line: string, options: DataOptions, table: Table): unknown[] {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return [line];
  }
  if (Array.isArray(doc)) return doc;
  if (typeof doc !== 'object' || doc === null) return [doc];
  const record = doc as Record<string, unknown>;
  const list = record[options.featuresAttribute ?? 'features'];
  if (Array.isArray(list)) return list;
  table.header ??= Object.keys(record);
  return table.header.map((name) => record[name]);
}

async function captureTable(
  dataset: Extract<MonitoringDataset, { kind: 'capture' }>,
  options: DataOptions,
  skipped: { where: string; reason: string }[],
): Promise<Table> {
  const scan = scanCapture({ ...dataset, storeOptions: options.storeOptions });
  const out: Table = { rows: [] };
  for await (const record of scan.records()) {
    if (!record.input) {
      skipped.push({ where: record.where, reason: 'the record has no captured input' });
      continue;
    }
    try {
      const rows = parsePayload(payloadText(record.input), record.input.observedContentType);
      for (let r = 0; r < rows.rows; r++)
        out.rows.push({ values: Array.from(rows.data.subarray(r * rows.cols, (r + 1) * rows.cols)), where: record.where });
    } catch (err) {
      skipped.push({ where: record.where, reason: (err as Error).message });
    }
  }
  skipped.push(...scan.skipped);
  return out;
}

function toFeatureRows(table: Table, options: DataOptions, skipped: { where: string; reason: string }[]): FeatureRows {
  const width = table.header?.length ?? table.rows[0]?.values.length ?? 0;
  const names =
    table.header ?? (options.headers?.length === width ? [...options.headers] : undefined) ?? headerlessNames(width, options);
  const labelAt =
    typeof options.label === 'number' ? options.label : options.label === undefined ? -1 : names.indexOf(options.label);
  const keep = names.map((_, i) => i).filter((i) => i !== labelAt);
  const data: number[] = [];
  let rows = 0;
  for (const row of table.rows) {
    if (row.values.length !== width) {
      skipped.push({ where: row.where, reason: `${row.values.length} values where the data set has ${width} columns` });
      continue;
    }
    const values = keep.map((i) => numberOf(row.values[i]));
    const bad = values.indexOf(undefined);
    if (bad >= 0) {
      skipped.push({
        where: row.where,
        reason: `column "${names[keep[bad]]}" is ${JSON.stringify(row.values[keep[bad]])}, not a number`,
      });
      continue;
    }
    data.push(...(values as number[]));
    rows++;
  }
  if (rows === 0)
    throw new GodwitError('E_EXPLAIN_DATASET', `The data set has no rows of numbers to explain (${skipped.length} skipped).`, {
      hint: skipped.length
        ? `The first skipped row: ${skipped[0].where}: ${skipped[0].reason}.`
        : 'Give a data set (or a capture window) with rows.',
    });
  return { names: keep.map((i) => names[i]), rows, cols: keep.length, data: Float64Array.from(data) };
}

/** Clarify's names for a header-less data set's columns; its `headers` when they include the label. */
function headerlessNames(width: number, options: DataOptions): string[] {
  if (options.headers?.length === width + 1 && typeof options.label === 'string')
    return options.headers.filter((h) => h !== options.label);
  return Array.from({ length: width }, (_, i) => `column_${i}`);
}

function numberOf(v: unknown): number | undefined {
  if (v === null || v === '') return Number.NaN;
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  if (t === '') return Number.NaN;
  const n = Number(t);
  return Number.isFinite(n) || t === 'NaN' ? n : undefined;
}

/** The object a URI names, or every object under it when it is a prefix or folder. */
async function objectsOf(
  uri: string,
  storeOptions: StoreOptions | undefined,
): Promise<{ uri: string; store: ArtifactStore; key: string }[]> {
  const { store, key } = await objectIn(uri, storeOptions);
  const keys =
    key !== '' && (await store.head(key))
      ? [key]
      : (await store.list(key === '' ? '' : `${key.replace(/\/?$/, '/')}`)).map((o) => o.key);
  if (keys.length === 0)
    throw new GodwitError('E_EXPLAIN_DATASET', `There is no data set at ${uri}.`, {
      hint: 'Give a file, or a folder or prefix holding the data files.',
    });
  return keys.filter((k) => !k.split('/').pop()?.startsWith('.')).map((k) => ({ uri: store.uri(k), store, key: k }));
}

async function parquetTableOf(store: ArtifactStore, key: string, uri: string) {
  try {
    return await parquetTable(store, key);
  } catch (err) {
    throw new GodwitError('E_EXPLAIN_DATASET', `${uri} is not a Parquet file DuckDB reads: ${(err as Error).message}`, {
      hint: 'Give a Parquet file, or say --format csv or jsonl.',
    });
  }
}
