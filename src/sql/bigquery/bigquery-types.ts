/** BigQuery column and cast types → Redshift (the table is in src/sql/sql-types.ts). */
import type { SqlType, TypeNote } from '../sql-types.js';

const BQ_TO_RS: Readonly<Record<string, string>> = {
  INT64: 'BIGINT',
  INT: 'BIGINT',
  INTEGER: 'BIGINT',
  BIGINT: 'BIGINT',
  SMALLINT: 'BIGINT',
  TINYINT: 'BIGINT',
  BYTEINT: 'BIGINT',
  FLOAT64: 'DOUBLE PRECISION',
  BOOL: 'BOOLEAN',
  BOOLEAN: 'BOOLEAN',
  STRING: 'VARCHAR(MAX)',
  BYTES: 'VARBYTE',
  DATE: 'DATE',
  TIME: 'TIME',
  DATETIME: 'TIMESTAMP',
  TIMESTAMP: 'TIMESTAMP',
  JSON: 'SUPER',
  GEOGRAPHY: 'GEOGRAPHY',
};

/** A BigQuery type as Redshift writes it; ARRAY, STRUCT and INTERVAL need a human. */
export function bigQueryTypeToRedshift(type: SqlType, note: TypeNote): string {
  if (type.name === 'STRING' && type.args.length === 1) return changed(type, `VARCHAR(${type.args[0]})`, note);
  if (type.name === 'NUMERIC' || type.name === 'DECIMAL') {
    return changed(type, type.args.length === 0 ? 'NUMERIC(38, 9)' : `NUMERIC(${type.args.join(', ')})`, note);
  }
  if (type.name === 'BIGNUMERIC' || type.name === 'BIGDECIMAL') {
    note('human', `${type.text} became NUMERIC(38, ${type.args[1] ?? 9}): Redshift decimals hold at most 38 digits.`);
    return `NUMERIC(38, ${type.args[1] ?? 9})`;
  }
  if (type.name === 'ARRAY' || type.name === 'STRUCT') {
    note('human', `${type.text} became SUPER: Redshift has no typed arrays or structs; queries over it need PartiQL navigation.`);
    return 'SUPER';
  }
  const mapped = BQ_TO_RS[type.name];
  if (!mapped) {
    note('human', `the type ${type.text} has no Redshift equivalent Godwit knows; it was kept as written.`);
    return type.text;
  }
  return changed(type, mapped, note);
}

function changed(type: SqlType, out: string, note: TypeNote): string {
  if (out !== type.text.toUpperCase()) note('changed', `${type.text} → ${out}`);
  return out;
}
