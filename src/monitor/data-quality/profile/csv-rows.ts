/**
 * CSV bytes to rows of a `RowBatch`, without decoding the text: each field's number is parsed
 * from the bytes in place; only text fields (and fields of as-text columns) become strings.
 * Fields may be quoted (`"a,b"`, `""` for a quote, line breaks inside quotes); a line whose
 * field count differs from the batch's width is malformed, counted and skipped. Blank lines are
 * skipped.
 */
import { lastKind, NOT_NUMBER, parseNumber } from './number-text.js';
import type { RowBatch } from './row-batch.js';

const utf8 = new TextDecoder();

/** Malformed lines found: their count and the first `limit` line numbers (1-based). */
export class MalformedLines {
  count = 0;
  readonly lines: number[] = [];
  constructor(readonly limit = 100) {}

  add(line: number): void {
    this.count++;
    if (this.lines.length < this.limit) this.lines.push(line);
  }

  merge(other: MalformedLines): void {
    this.count += other.count;
    for (const line of other.lines) if (this.lines.length < this.limit) this.lines.push(line);
  }
}

/**
 * Reads the lines in `bytes[start..end)` (whole lines; the first is line `firstLine`) into
 * `batch`; returns the number of the line after the last one read.
 */
export function readCsvRows(
  bytes: Uint8Array,
  start: number,
  end: number,
  batch: RowBatch,
  firstLine: number,
  bad: MalformedLines,
): number {
  let line = firstLine;
  let i = start;
  while (i < end) {
    const c = bytes[i];
    if (c === 10 || c === 13) {
      if (c === 10) line++;
      i++;
      continue;
    }
    const rowLine = line;
    batch.fields = 0;
    let overflow = false;
    for (;;) {
      let next: number;
      if (bytes[i] === 34) {
        const quoted = readQuoted(bytes, i, end);
        line += quoted.newlines;
        next = quoted.next;
        overflow = storeText(batch, quoted.text) || overflow;
      } else {
        let j = i;
        while (j < end) {
          const b = bytes[j];
          if (b === 44 || b === 10 || b === 13) break;
          j++;
        }
        next = j;
        overflow = storeField(batch, bytes, i, j) || overflow;
      }
      i = next;
      if (i < end && bytes[i] === 44) {
        i++;
        if (i >= end || bytes[i] === 10 || bytes[i] === 13) {
          overflow = storeField(batch, bytes, i, i) || overflow;
          break;
        }
        continue;
      }
      break;
    }
    // Past the row's end of line.
    if (i < end && bytes[i] === 13) i++;
    if (i < end && bytes[i] === 10) {
      i++;
      line++;
    }
    if (overflow || !batch.commit()) bad.add(rowLine);
  }
  return line;
}

/** Stores one unquoted field of the current row; true when the row has more fields than columns. */
function storeField(batch: RowBatch, bytes: Uint8Array, from: number, to: number): boolean {
  const j = batch.fields++;
  if (j >= batch.width) return true;
  const value = parseNumber(bytes, from, to);
  const kind = lastKind;
  batch.kinds[j] = kind;
  batch.values[j] = value;
  if (kind === NOT_NUMBER || batch.asText[j] === 1) batch.texts[j] = utf8.decode(bytes.subarray(from, to)).trim();
  return false;
}

function storeText(batch: RowBatch, text: string): boolean {
  const j = batch.fields++;
  if (j >= batch.width) return true;
  const bytes = new TextEncoder().encode(text);
  const value = parseNumber(bytes, 0, bytes.length);
  batch.kinds[j] = lastKind;
  batch.values[j] = value;
  batch.texts[j] = text.trim();
  return false;
}

function readQuoted(bytes: Uint8Array, at: number, end: number): { text: string; next: number; newlines: number } {
  const parts: string[] = [];
  let from = at + 1;
  let i = from;
  let newlines = 0;
  while (i < end) {
    if (bytes[i] === 34) {
      parts.push(utf8.decode(bytes.subarray(from, i)));
      if (bytes[i + 1] === 34) {
        parts.push('"');
        i += 2;
        from = i;
        continue;
      }
      i++;
      break;
    }
    if (bytes[i] === 10) newlines++;
    i++;
  }
  if (i >= end && bytes[end - 1] !== 34) parts.push(utf8.decode(bytes.subarray(from, end)));
  // Anything between the closing quote and the separator belongs to the field too (lenient).
  let j = i;
  while (j < end && bytes[j] !== 44 && bytes[j] !== 10 && bytes[j] !== 13) j++;
  if (j > i) parts.push(utf8.decode(bytes.subarray(i, j)));
  return { text: parts.join(''), next: j, newlines };
}

/** Splits the first line of `bytes` into field names (the CSV header); returns them and the offset after it. */
export function readHeader(bytes: Uint8Array): { names: string[]; next: number } {
  let i = 0;
  while (i < bytes.length && bytes[i] !== 10) {
    if (bytes[i] === 34) {
      i = readQuoted(bytes, i, bytes.length).next;
      continue;
    }
    i++;
  }
  const text = utf8.decode(bytes.subarray(0, i)).replace(/\r$/, '');
  return { names: splitCsvLine(text), next: Math.min(i + 1, bytes.length) };
}

/** Splits one CSV line (already text) into fields, honouring quotes. */
export function splitCsvLine(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}
