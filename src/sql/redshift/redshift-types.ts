/** Redshift column and cast types → BigQuery (the table is in src/sql/sql-types.ts). */
import type { SqlType, TypeNote } from '../sql-types.js';

const RS_TO_BQ: Readonly<Record<string, string>> = {
  SMALLINT: 'INT64',
  INT2: 'INT64',
  INTEGER: 'INT64',
  INT: 'INT64',
  INT4: 'INT64',
  BIGINT: 'INT64',
  INT8: 'INT64',
  REAL: 'FLOAT64',
  FLOAT4: 'FLOAT64',
  FLOAT8: 'FLOAT64',
  FLOAT: 'FLOAT64',
  'DOUBLE PRECISION': 'FLOAT64',
  BOOLEAN: 'BOOL',
  BOOL: 'BOOL',
  CHAR: 'STRING',
  CHARACTER: 'STRING',
  NCHAR: 'STRING',
  BPCHAR: 'STRING',
  VARCHAR: 'STRING',
  NVARCHAR: 'STRING',
  'CHARACTER VARYING': 'STRING',
  TEXT: 'STRING',
  DATE: 'DATE',
  TIME: 'TIME',
  'TIME WITHOUT TIME ZONE': 'TIME',
  TIMESTAMP: 'TIMESTAMP',
  'TIMESTAMP WITHOUT TIME ZONE': 'TIMESTAMP',
  TIMESTAMPTZ: 'TIMESTAMP',
  'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP',
  SUPER: 'JSON',
  VARBYTE: 'BYTES',
  VARBINARY: 'BYTES',
  'BINARY VARYING': 'BYTES',
  GEOGRAPHY: 'GEOGRAPHY',
};

/** A Redshift type as BigQuery writes it; what cannot be mapped is kept and reported. */
export function redshiftTypeToBigQuery(type: SqlType, note: TypeNote): string {
  if (type.name === 'DECIMAL' || type.name === 'NUMERIC') return numericToBigQuery(type, note);
  if (type.name === 'GEOMETRY') {
    note(
      'human',
      `GEOMETRY became GEOGRAPHY: Redshift's planar geometry and BigQuery's spherical geography differ; check the data.`,
    );
    return 'GEOGRAPHY';
  }
  if (type.name === 'TIMETZ' || type.name === 'TIME WITH TIME ZONE') {
    note('human', `${type.text} became TIME: BigQuery's TIME has no time zone; convert the values to UTC first.`);
    return 'TIME';
  }
  const mapped = RS_TO_BQ[type.name];
  if (!mapped) {
    note('human', `the type ${type.text} has no BigQuery equivalent Godwit knows; it was kept as written.`);
    return type.text;
  }
  if (mapped !== type.text.toUpperCase()) note('changed', `${type.text} → ${mapped}`);
  return mapped;
}

/** BigQuery's NUMERIC holds 29 integer and 9 fraction digits; wider decimals need BIGNUMERIC. */
function numericToBigQuery(type: SqlType, note: TypeNote): string {
  if (type.args.length === 0) return 'NUMERIC';
  const [p, s = '0'] = type.args.map(Number);
  const scale = Number(s);
  const name = p - scale <= 29 && scale <= 9 ? 'NUMERIC' : 'BIGNUMERIC';
  const out = `${name}(${p}, ${scale})`;
  if (out !== type.text.toUpperCase()) note('changed', `${type.text} → ${out}`);
  return out;
}
