/**
 * Profiles JSON Lines data sets: one flat JSON object per line, a column per key (in the order
 * keys first appear; a key missing from a line is a missing value there). Each value is judged by
 * its text as in CSV, so `"3.5"` is a number; a JSON number is Integral when it is whole; `null`
 * is missing; `true`/`false`, arrays and objects are text. A line that is not a JSON object is
 * malformed.
 */

import { statSync } from 'node:fs';
import { ColumnProfile } from './column-profile.js';
import { MalformedLines } from './csv-rows.js';
import { readLines } from './line-ranges.js';
import { EMPTY, FRACTIONAL, INTEGRAL, lastKind, parseNumberText } from './number-text.js';
import type { SourceFile, SourceProfile } from './text-profile.js';

const utf8 = new TextDecoder();

export function profileJsonLines(files: readonly SourceFile[], asText: readonly string[]): SourceProfile | undefined {
  const columns = new Map<string, ColumnProfile>();
  const textColumns = new Set(asText);
  let rows = 0;
  const malformedLines: string[] = [];
  let malformed = 0;
  for (const file of files) {
    const bad = new MalformedLines();
    readLines(file.path, 0, statSync(file.path).size, (bytes, start, end, line) => {
      let i = start;
      while (i < end) {
        let eol = bytes.indexOf(10, i);
        if (eol < 0 || eol > end) eol = end;
        const text = utf8.decode(bytes.subarray(i, eol)).trim();
        if (text !== '') {
          if (addRow(text, columns, rows, textColumns)) rows++;
          else bad.add(line);
        }
        line++;
        i = eol + 1;
      }
      return line;
    });
    malformed += bad.count;
    for (const line of bad.lines) malformedLines.push(`${file.label}:${line}`);
  }
  if (columns.size === 0) return undefined;
  return { profiles: [...columns.values()], rows, malformed, malformedLines };
}

function addRow(text: string, columns: Map<string, ColumnProfile>, rowsBefore: number, asText: ReadonlySet<string>): boolean {
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch {
    return false;
  }
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return false;
  const record = row as Record<string, unknown>;
  for (const [name, value] of Object.entries(record)) {
    let column = columns.get(name);
    if (!column) {
      column = new ColumnProfile(name, asText.has(name), columns.size + 1);
      column.missing = rowsBefore;
      columns.set(name, column);
    }
    addValue(column, value);
  }
  for (const [name, column] of columns) if (!(name in record)) column.addMissing();
  return true;
}

/** One decoded value into a profile, by the same rule as CSV text. */
export function addValue(column: ColumnProfile, value: unknown): void {
  if (value === null || value === undefined) {
    column.addMissing();
    return;
  }
  let number: number;
  let kind: number;
  let text: string;
  if (typeof value === 'number') {
    number = value;
    kind = Number.isInteger(value) ? INTEGRAL : FRACTIONAL;
    text = String(value);
  } else {
    text = typeof value === 'string' ? value.trim() : JSON.stringify(value);
    number = parseNumberText(text);
    kind = lastKind;
  }
  if (kind === EMPTY) column.addMissing();
  else if (kind !== INTEGRAL && kind !== FRACTIONAL) column.addText(text);
  else if (column.asText) column.addNumberText(text, kind === INTEGRAL);
  else column.addNumber(number, kind === INTEGRAL);
}
