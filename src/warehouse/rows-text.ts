/**
 * Rows as CSV or JSON lines text, for staging a small result from the client (no warehouse
 * writer involved). CSV follows RFC 4180 with the `CsvOptions` a COPY would read it back with.
 */
import type { Column, CsvOptions, Row } from './warehouse.js';

export function rowsAsCsv(columns: readonly Column[], rows: readonly Row[], options: CsvOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const quote = options.quote ?? '"';
  const needsQuotes = (s: string) =>
    s.includes(delimiter) || s.includes(quote) || s.includes('\n') || s.includes('\r') || s === (options.nullAs ?? '');
  const field = (value: unknown): string => {
    if (value === null || value === undefined) return options.nullAs ?? '';
    const text = textOf(value);
    return needsQuotes(text) ? `${quote}${text.replaceAll(quote, quote + quote)}${quote}` : text;
  };
  const lines = rows.map((r) => columns.map((c) => field(r[c.name])).join(delimiter));
  if (options.header ?? true) lines.unshift(columns.map((c) => field(c.name)).join(delimiter));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export function rowsAsJsonLines(rows: readonly Row[]): string {
  return rows.map((r) => `${JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`).join('');
}

function textOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object') return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}
