/**
 * Column and cast types between Redshift and BigQuery.
 *
 * | Redshift | BigQuery |
 * | --- | --- |
 * | SMALLINT, INTEGER, BIGINT (INT2/4/8) | INT64 |
 * | DECIMAL/NUMERIC(p,s) | NUMERIC(p,s), or BIGNUMERIC(p,s) beyond NUMERIC's 29 integer / 9 fraction digits |
 * | REAL, DOUBLE PRECISION, FLOAT(4/8) | FLOAT64 |
 * | BOOLEAN | BOOL |
 * | CHAR, VARCHAR(n), TEXT, BPCHAR, NCHAR, NVARCHAR | STRING (the length limit is dropped) |
 * | DATE / TIME | DATE / TIME |
 * | TIMESTAMP, TIMESTAMPTZ | TIMESTAMP (Redshift's zone-less values are read as UTC) |
 * | SUPER | JSON |
 * | VARBYTE | BYTES |
 * | GEOMETRY, GEOGRAPHY | GEOGRAPHY |
 *
 * Back from BigQuery: INT64 → BIGINT, FLOAT64 → DOUBLE PRECISION, BOOL → BOOLEAN,
 * STRING → VARCHAR(MAX) (STRING(n) → VARCHAR(n)), BYTES → VARBYTE, DATETIME → TIMESTAMP,
 * JSON → SUPER, BIGNUMERIC → NUMERIC(38, s).
 */
import { isWord, type Token } from './sql-tokens.js';

export interface SqlType {
  /** Upper case, words joined by one space: `DOUBLE PRECISION`, `TIMESTAMP WITH TIME ZONE`. */
  readonly name: string;
  /** The texts between the parentheses (`VARCHAR(20)` → `['20']`) or angle brackets. */
  readonly args: readonly string[];
  /** How it was written. */
  readonly text: string;
}

const MULTI_WORD = [
  ['DOUBLE', 'PRECISION'],
  ['CHARACTER', 'VARYING'],
  ['BINARY', 'VARYING'],
  ['TIMESTAMP', 'WITHOUT', 'TIME', 'ZONE'],
  ['TIMESTAMP', 'WITH', 'TIME', 'ZONE'],
  ['TIME', 'WITHOUT', 'TIME', 'ZONE'],
  ['TIME', 'WITH', 'TIME', 'ZONE'],
];

/** Reads a type starting at `start` (spaces skipped); returns it and the index after it. */
export function parseType(tokens: readonly Token[], start: number): { type: SqlType; end: number } | undefined {
  let i = skipSpace(tokens, start);
  if (!isWord(tokens[i])) return undefined;
  const first = i;
  let words = [tokens[i].text.toUpperCase()];
  i++;
  for (const phrase of MULTI_WORD) {
    if (phrase[0] !== words[0]) continue;
    const found = matchWords(tokens, i, phrase.slice(1));
    if (found !== undefined) {
      words = phrase;
      i = found;
      break;
    }
  }
  const args: string[] = [];
  const open = skipSpace(tokens, i);
  if (tokens[open]?.kind === 'open' || tokens[open]?.text === '<') {
    const closeText = tokens[open].kind === 'open' ? ')' : '>';
    let depth = 0;
    let current = '';
    let j = open;
    for (; j < tokens.length; j++) {
      const t = tokens[j];
      if (t.text === '(' || t.text === '<') depth++;
      if (t.text === ')' || t.text === '>') depth--;
      if (depth === 0 && t.text === closeText) break;
      if (j === open) continue;
      if (depth === 1 && t.kind === 'comma') {
        args.push(current.trim());
        current = '';
      } else current += t.text;
    }
    args.push(current.trim());
    i = j + 1;
  }
  const text = tokens
    .slice(first, i)
    .map((t) => t.text)
    .join('');
  return { type: { name: words.join(' '), args: args.filter((a) => a !== ''), text }, end: i };
}

function skipSpace(tokens: readonly Token[], i: number): number {
  while (tokens[i] && (tokens[i].kind === 'space' || tokens[i].kind === 'comment')) i++;
  return i;
}

function matchWords(tokens: readonly Token[], start: number, words: readonly string[]): number | undefined {
  let i = start;
  for (const w of words) {
    i = skipSpace(tokens, i);
    if (!isWord(tokens[i], w)) return undefined;
    i++;
  }
  return i;
}

export type TypeNote = (severity: 'changed' | 'human', message: string) => void;

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
