/**
 * PostgreSQL's COPY reads CSV and text only; Parquet and JSON lines reach it through an in-memory
 * DuckDB (loaded only then) that converts a downloaded object to CSV, and an UNLOAD to Parquet
 * is CSV converted back with the query's own column types. DuckDB is embedded and local here
 * (no extensions, no network), so the conversion runs on this machine's temporary files.
 */
import type { CsvOptions, DataFormat } from '../warehouse.js';

export interface DataColumn {
  readonly name: string;
  /** DuckDB's type name. */
  readonly type: string;
}

type Run = (sql: string) => Promise<Record<string, unknown>[]>;

async function withDuckdb<T>(fn: (run: Run) => Promise<T>): Promise<T> {
  const { duckdb } = await import('../duckdb/duckdb-api.js');
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await fn(async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A file path or option as a DuckDB string literal. */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function reader(file: string, format: DataFormat, csv: CsvOptions = {}): string {
  if (format === 'parquet') return `read_parquet(${literal(file)})`;
  if (format === 'jsonl') return `read_json(${literal(file)}, format = 'newline_delimited')`;
  const options = [`header = ${csv.header !== false}`, `nullstr = ${literal(csv.nullAs ?? '')}`];
  if (csv.delimiter !== undefined) options.push(`delim = ${literal(csv.delimiter)}`);
  if (csv.quote !== undefined) options.push(`quote = ${literal(csv.quote)}`);
  return `read_csv(${literal(file)}, ${options.join(', ')})`;
}

/**
 * The columns DuckDB reads from a data file (names and detected types), read with the COPY's own
 * CSV options; a CSV without a header gets DuckDB's names `column0`, `column1`…
 */
export function describeData(file: string, format: DataFormat, csv?: CsvOptions): Promise<DataColumn[]> {
  return withDuckdb(async (run) => {
    const rows = await run(`DESCRIBE SELECT * FROM ${reader(file, format, csv)}`);
    return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  });
}

/** Writes a Parquet or JSON-lines file as CSV with a header line (NULL as an empty field); its columns. */
export function toCsv(file: string, format: 'parquet' | 'jsonl', out: string): Promise<DataColumn[]> {
  return withDuckdb(async (run) => {
    const rows = await run(`DESCRIBE SELECT * FROM ${reader(file, format)}`);
    await run(`COPY (SELECT * FROM ${reader(file, format)}) TO ${literal(out)} (FORMAT csv, HEADER true)`);
    return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  });
}

/** Converts CSV files (header line, PostgreSQL's CSV) to Parquet files with the given column types. */
export function csvToParquet(files: readonly { csv: string; parquet: string }[], columns: readonly DataColumn[]): Promise<void> {
  const types = columns.map((c) => `${literal(c.name)}: ${literal(c.type)}`).join(', ');
  return withDuckdb(async (run) => {
    for (const f of files) {
      const read = `read_csv(${literal(f.csv)}, header = true, auto_detect = false, columns = {${types}}, nullstr = '\\N')`;
      await run(`COPY (SELECT * FROM ${read}) TO ${literal(f.parquet)} (FORMAT parquet)`);
    }
  });
}
