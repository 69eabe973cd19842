/**
 * Request bodies of tabular models as numeric rows, for every runtime that scores feature vectors
 * (XGBoost, ONNX, …). Rows are dense and row-major; a missing value is `NaN`.
 *
 * ```
 * text/csv                 1.5,16.0,,23.0\n0.2,3,4,5      → 2 rows (the empty field is missing)
 * application/json         {"instances": [[1.5, 16.0, null, 23.0]]}, [[…], …], [1.5, 16.0, …],
 *                          {"instances": [{"features": […]}]}, {"features": […]}
 * application/jsonlines    [1.5, 16.0, …]\n{"features": […]}\n     → one row per line
 * text/libsvm              <label> 1:1.5 2:16.0 4:23.0  → columns by index, the rest missing
 * ```
 *
 * Errors are `E_DATA_FORMAT` naming the row (line) and the problem, or `E_CONTENT_TYPE`.
 */
import { GodwitError } from '../core/errors.js';
import { parseNumber } from '../ml/csv.js';
import { mediaType } from '../ml/inference-format.js';

export interface PayloadRows {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export interface ParseOptions {
  /** The model's feature count: every row must have it (libsvm rows are widened to it). */
  readonly features?: number;
  /** Whether empty CSV fields, JSON nulls and absent libsvm columns are allowed, as `NaN`. Default true. */
  readonly missing?: boolean;
}

export const REQUEST_TYPES = ['text/csv', 'application/json', 'application/jsonlines', 'text/libsvm'] as const;

/** Parses a request body of `contentType` (parameters ignored; empty means `text/csv`). */
export function parsePayload(body: Buffer | string, contentType: string, options: ParseOptions = {}): PayloadRows {
  const type = mediaType(contentType || 'text/csv');
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const builder = new RowBuilder(options);
  if (type === 'text/csv') parseCsv(text, builder);
  else if (type === 'application/json') jsonRows(parseJson(text, 'The request body'), builder, 'instance');
  else if (type === 'application/jsonlines' || type === 'application/x-jsonlines') parseJsonLines(text, builder);
  else if (type === 'text/libsvm' || type === 'text/x-libsvm') parseLibsvm(text, builder);
  else {
    throw new GodwitError('E_CONTENT_TYPE', `The model reads ${REQUEST_TYPES.join(', ')}, not "${contentType}".`, {
      hint: 'Send feature rows as CSV (one row per line) or JSON ({"instances": [[…], …]}).',
    });
  }
  return builder.done();
}

/** Collects rows, checking each one's length against the first row's (or the model's). */
class RowBuilder {
  private readonly values: number[] = [];
  private cols: number;
  private count = 0;
  private firstRow = '';

  constructor(private readonly options: ParseOptions) {
    this.cols = options.features ?? -1;
  }

  get width(): number | undefined {
    return this.options.features;
  }

  get allowMissing(): boolean {
    return this.options.missing ?? true;
  }

  add(row: ArrayLike<number>, where: string): void {
    if (this.cols === -1) {
      this.cols = row.length;
      this.firstRow = where;
    } else if (row.length !== this.cols) throw columnError(where, row.length, this.cols, this.options.features, this.firstRow);
    for (let i = 0; i < row.length; i++) this.values.push(row[i]);
    this.count++;
  }

  missing(where: string): number {
    if (!this.allowMissing)
      throw new GodwitError('E_DATA_FORMAT', `${where}: a value is missing, and this model needs every feature.`);
    return Number.NaN;
  }

  done(): PayloadRows {
    if (this.count === 0)
      throw new GodwitError('E_DATA_FORMAT', 'The request has no rows.', { hint: 'Send at least one row of features.' });
    return { rows: this.count, cols: this.cols, data: Float64Array.from(this.values) };
  }
}

function columnError(where: string, got: number, cols: number, features: number | undefined, first: string): GodwitError {
  if (features === undefined) {
    return new GodwitError('E_DATA_FORMAT', `${where} has ${got} values, but ${first} has ${cols}.`, {
      hint: 'Every row must have the same number of features.',
    });
  }
  return new GodwitError('E_DATA_FORMAT', `${where} has ${got} features, but the model expects ${features}.`, {
    hint:
      got === features + 1
        ? 'There is one column too many: send the features only, without the label.'
        : 'Give the features in the columns and order the model was trained on, without the label.',
  });
}

function parseCsv(text: string, builder: RowBuilder): void {
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    const row = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (row.trim() === '') continue;
    const where = `Line ${line}`;
    const cells = row.split(',');
    const values = cells.map((cell, c) => {
      const trimmed = cell.trim();
      if (trimmed === '' || /^nan$/i.test(trimmed)) return builder.missing(`${where}, column ${c + 1}`);
      const value = parseNumber(trimmed);
      if (value === undefined) throw notANumber(`${where}, column ${c + 1}`, cell, line === 1);
      return value;
    });
    builder.add(values, where);
  }
}

function notANumber(where: string, cell: string, first: boolean): GodwitError {
  const shown = cell.length > 40 ? `${cell.slice(0, 40)}…` : cell;
  return new GodwitError('E_DATA_FORMAT', `${where}: "${shown}" is not a number.`, {
    hint: first
      ? 'This looks like a header row; send headerless CSV rows of numbers.'
      : 'Every value must be a decimal number (or empty, for a missing value); encode categories as numbers first.',
  });
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GodwitError('E_DATA_FORMAT', `${what} is not valid JSON: ${(err as Error).message}`, {
      hint: 'Send {"instances": [[1.5, 16.0], …]} or one JSON array of numbers per row.',
    });
  }
}

/** One JSON document: an instances list, a list of rows, or one row. */
function jsonRows(doc: unknown, builder: RowBuilder, noun: string): void {
  const instances = (doc as { instances?: unknown } | null)?.instances;
  const list = Array.isArray(instances)
    ? instances
    : Array.isArray(doc) && doc.some((d) => typeof d === 'object' && d !== null)
      ? doc
      : undefined;
  if (list === undefined) {
    builder.add(jsonRow(doc, builder, 'The request'), 'The request');
    return;
  }
  for (let i = 0; i < list.length; i++) {
    const where = `${capital(noun)} ${i}`;
    builder.add(jsonRow(list[i], builder, where), where);
  }
}

function jsonRow(item: unknown, builder: RowBuilder, where: string): number[] {
  const features = Array.isArray(item) ? item : (item as { features?: unknown } | null)?.features;
  if (!Array.isArray(features)) {
    throw new GodwitError('E_DATA_FORMAT', `${where} is not a list of numbers or an object with "features".`, {
      hint: 'Send {"instances": [[1.5, 16.0], …]}, {"instances": [{"features": [1.5, 16.0]}]} or [1.5, 16.0].',
    });
  }
  return features.map((v, c) => {
    if (v === null) return builder.missing(`${where}, value ${c}`);
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new GodwitError('E_DATA_FORMAT', `${where}, value ${c}: ${JSON.stringify(v)} is not a number.`);
    }
    return v;
  });
}

function parseJsonLines(text: string, builder: RowBuilder): void {
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    if (raw.trim() === '') continue;
    const where = `Line ${line}`;
    builder.add(jsonRow(parseJson(raw, where), builder, where), where);
  }
}

/** SageMaker XGBoost's libsvm: `<label> <index>:<value> …`, the index being the column. */
function parseLibsvm(text: string, builder: RowBuilder): void {
  const width = builder.width;
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    if (raw.trim() === '') continue;
    const where = `Line ${line}`;
    const pairs = raw
      .trim()
      .split(/\s+/)
      .filter((t) => t.includes(':'));
    const row: number[] = [];
    for (const pair of pairs) {
      const [index, value] = pair.split(':');
      const col = Number(index);
      const v = parseNumber(value ?? '');
      if (!Number.isInteger(col) || col < 0 || v === undefined)
        throw new GodwitError('E_DATA_FORMAT', `${where}: "${pair}" is not <index>:<number>.`);
      if (width !== undefined && col >= width) {
        throw new GodwitError(
          'E_DATA_FORMAT',
          `${where}: column ${col} is beyond the model's ${width} features (0 to ${width - 1}).`,
        );
      }
      while (row.length <= col) row.push(Number.NaN);
      row[col] = v;
    }
    while (width !== undefined && row.length < width) row.push(Number.NaN);
    if (!builder.allowMissing && row.some(Number.isNaN)) builder.missing(where);
    builder.add(row, where);
  }
}

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
