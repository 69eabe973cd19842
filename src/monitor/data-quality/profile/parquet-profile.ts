/**
 * Profiles Parquet files through an in-memory DuckDB (loaded only here). The column's Parquet
 * type decides its kind, since there is no text to judge: integer types are Integral, floating
 * and decimal types Fractional, everything else (strings, booleans, dates) is read as text.
 * Numbers come out of DuckDB's vectors as Float64Arrays and go to the profiles a vector at a time.
 */
import type { DuckDBConnection, DuckDBVector } from '@duckdb/node-api';
import { ColumnProfile } from './column-profile.js';
import type { SourceFile, SourceProfile } from './text-profile.js';

const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const FRACTIONAL_TYPES = /^(FLOAT|DOUBLE|DECIMAL.*|REAL)$/;

interface ColumnPlan {
  readonly name: string;
  readonly kind: 'integral' | 'fractional' | 'text';
}

export async function profileParquet(files: readonly SourceFile[]): Promise<SourceProfile | undefined> {
  const { duckdb } = await import('../../../warehouse/duckdb/duckdb-api.js');
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const list = `[${files.map((f) => literal(f.path)).join(', ')}]`;
    const plan = await columnPlan(connection, list);
    const profiles = plan.map((c, j) => new ColumnProfile(c.name, false, j + 1));
    const select = plan.map((c) => `CAST(${ident(c.name)} AS ${c.kind === 'text' ? 'VARCHAR' : 'DOUBLE'})`);
    const result = await connection.stream(`SELECT ${select.join(', ')} FROM read_parquet(${list})`);
    let rows = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      rows += chunk.rowCount;
      for (let j = 0; j < plan.length; j++)
        addVector(profiles[j] as ColumnProfile, plan[j] as ColumnPlan, chunk.getColumnVector(j));
    }
    if (plan.length === 0) return undefined;
    return { profiles, rows, malformed: 0, malformedLines: [] };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function columnPlan(connection: DuckDBConnection, list: string): Promise<ColumnPlan[]> {
  const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${list})`)).getRowObjectsJS();
  return described.map((row) => {
    const type = String(row.column_type);
    const kind = INTEGER_TYPES.test(type) ? 'integral' : FRACTIONAL_TYPES.test(type) ? 'fractional' : 'text';
    return { name: String(row.column_name), kind };
  });
}

const scratch = { values: new Float64Array(2048) };

function addVector(profile: ColumnProfile, column: ColumnPlan, vector: DuckDBVector): void {
  if (column.kind === 'text') {
    for (const value of vector.toArray()) {
      if (value === null) profile.addMissing();
      else if (String(value).trim() === '') profile.addMissing();
      else profile.addText(String(value));
    }
    return;
  }
  const { items, validity } = vector as unknown as { items: Float64Array; validity: { data: BigUint64Array | null } };
  const integral = column.kind === 'integral';
  if (!validity.data) {
    profile.addNumbers(items, integral ? items.length : 0);
    return;
  }
  // Some values are NULL: copy the valid ones out (the validity mask as 32-bit words).
  const mask = new Uint32Array(validity.data.buffer, validity.data.byteOffset, validity.data.length * 2);
  if (scratch.values.length < items.length) scratch.values = new Float64Array(items.length);
  let n = 0;
  for (let i = 0; i < items.length; i++) {
    if (((mask[i >>> 5] as number) >>> (i & 31)) & 1) scratch.values[n++] = items[i] as number;
    else profile.addMissing();
  }
  profile.addNumbers(scratch.values.subarray(0, n), integral ? n : 0);
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
