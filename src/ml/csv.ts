/**
 * Headerless numeric CSV, the format SageMaker's built-in algorithms read and write: one record
 * per line, comma-separated numbers, no header, and for training data the label in column 1.
 *
 * ```
 * 15,-0.57,0.43,1,0,0      →  { rows: 2, cols: 6, data: Float64Array [15, -0.57, ..., 0] }
 * 7,0.11,-1.2,0,1,0
 * ```
 *
 * Errors are `GodwitError` with code `E_DATA_FORMAT` naming the file, the line and the column.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { GodwitError } from '../core/errors.js';

/** A dense row-major matrix of parsed cells. `data[r * cols + c]` is row r, column c. */
export interface NumericTable {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Where each row came from, so later checks (feature counts, labels) can name file and line. */
export interface RowOrigin {
  readonly file: string;
  readonly line: number;
}

export interface ParsedCsv extends NumericTable {
  /** `origins[r]` is the file and 1-based line of row r (blank lines are skipped, so they differ). */
  readonly origins: readonly RowOrigin[];
}

// Strict on purpose: Number() would read "" as 0, "0x1F" as 31 and " " as 0, each a silent corruption.
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses one numeric cell, or returns undefined when it is not a finite decimal number. */
export function parseNumber(cell: string): number | undefined {
  const text = cell.trim();
  if (!NUMBER.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Parses headerless numeric CSV text. Blank lines (and a trailing newline) are skipped; CRLF and
 * a UTF-8 byte-order mark are accepted. `file` is only used to name the source in errors.
 */
export function parseNumericCsv(text: string, file: string): ParsedCsv {
  const values: number[] = [];
  const origins: RowOrigin[] = [];
  let cols = -1;
  let firstLine = 0;
  let lineNo = 0;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNo++;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    start = end + 1;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    if (cols === -1) {
      cols = cells.length;
      firstLine = lineNo;
    } else if (cells.length !== cols) {
      throw new GodwitError(
        'E_DATA_FORMAT',
        `${file}, line ${lineNo}: the row has ${cells.length} columns, but line ${firstLine} has ${cols}.`,
        { hint: 'Every row of a numeric CSV must have the same number of columns.' },
      );
    }
    for (let c = 0; c < cells.length; c++) {
      const value = parseNumber(cells[c]);
      if (value === undefined) throw notANumber(file, lineNo, c, cells[c], origins.length === 0);
      values.push(value);
    }
    origins.push({ file, line: lineNo });
  }
  if (origins.length === 0) {
    throw new GodwitError('E_DATA_FORMAT', `${file} has no data rows.`, {
      hint: 'Give a headerless CSV file with at least one row of numbers.',
    });
  }
  return { rows: origins.length, cols, data: Float64Array.from(values), origins };
}

function notANumber(file: string, line: number, col: number, cell: string, firstRow: boolean): GodwitError {
  const shown = cell.length > 40 ? `${cell.slice(0, 40)}…` : cell;
  const hint = firstRow
    ? 'This looks like a header row; SageMaker-style numeric CSV has no header. Remove the first line.'
    : 'Every cell must be a finite decimal number; encode categories (one-hot) and fill missing values first.';
  return new GodwitError('E_DATA_FORMAT', `${file}, line ${line}, column ${col + 1}: "${shown}" is not a number.`, {
    hint,
  });
}

/** Reads and parses one headerless numeric CSV file. */
export async function readNumericCsv(file: string): Promise<ParsedCsv> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new GodwitError('E_DATA_FORMAT', `Cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parseNumericCsv(text, file);
}

/** Stacks parsed tables with the same column count (the files of one channel) into one. */
export function concatTables(tables: readonly ParsedCsv[]): ParsedCsv {
  if (tables.length === 1) return tables[0];
  const first = tables[0];
  const rows = tables.reduce((sum, t) => sum + t.rows, 0);
  const data = new Float64Array(rows * first.cols);
  const origins: RowOrigin[] = [];
  let offset = 0;
  for (const table of tables) {
    if (table.cols !== first.cols) {
      throw new GodwitError(
        'E_DATA_FORMAT',
        `${table.origins[0].file} has ${table.cols} columns, but ${first.origins[0].file} has ${first.cols}.`,
        { hint: 'All files of one channel must have the same columns.' },
      );
    }
    data.set(table.data, offset);
    offset += table.data.length;
    origins.push(...table.origins);
  }
  return { rows, cols: first.cols, data, origins };
}

/** Formats a number the shortest way that reads back to the same double (`0.1`, `15`, `1e-7`). */
export function formatNumber(value: number): string {
  return String(value);
}

/** Serialises rows of numbers as headerless CSV, one line each, ending with a newline. */
export function formatCsv(rows: Iterable<ArrayLike<number>>): string {
  const lines: string[] = [];
  for (const row of rows) lines.push(Array.from(row, formatNumber).join(','));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Writes rows of numbers as headerless CSV. */
export async function writeNumericCsv(file: string, rows: Iterable<ArrayLike<number>>): Promise<void> {
  await writeFile(file, formatCsv(rows));
}

/** Row r of a table as a subarray view (no copy). */
export function rowOf(table: NumericTable, r: number): Float64Array {
  return table.data.subarray(r * table.cols, (r + 1) * table.cols);
}
