/**
 * Column and cast types as both dialects write them: `VARCHAR(10)`, `NUMERIC(38, 9)`,
 * `TIMESTAMP WITH TIME ZONE`, `ARRAY<STRING>`. How one dialect's types become the other's is in
 * each dialect's `<dialect>-types.ts`.
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
