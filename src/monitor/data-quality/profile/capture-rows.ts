/**
 * SageMaker data-capture lines (`{"captureData":{"endpointInput":{…,"data":"1,2,3","encoding":"CSV"},…},…}`)
 * to rows of a `RowBatch`: the request's features, one column per field, named `_c0`, `_c1`, …
 * as SageMaker names headerless CSV columns (JSON requests: an object's keys, or `_cN` for an
 * array). The response is not profiled (see docs/monitoring.md).
 *
 * The fast path finds `"endpointInput"` and its `"data":"` in the bytes and parses the CSV numbers
 * in place, without JSON.parse; a line it cannot read that way (escapes in the data, JSON or
 * BASE64 encoding, another key order) goes through JSON.parse. A line that is not a capture
 * record, or whose row has the wrong width, is malformed.
 */
import { MalformedLines, readCsvRows } from './csv-rows.js';
import { EMPTY, lastKind, parseNumberText } from './number-text.js';
import type { RowBatch } from './row-batch.js';

const INPUT = bytesOf('"endpointInput":{');
const DATA = bytesOf('"data":"');
const CSV_ENCODING = bytesOf('"encoding":"CSV"');
const utf8 = new TextDecoder();

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Reads the capture lines in `bytes[start..end)`; returns the number of the line after the last. */
export function readCaptureRows(
  bytes: Uint8Array,
  start: number,
  end: number,
  batch: RowBatch,
  firstLine: number,
  bad: MalformedLines,
): number {
  let line = firstLine;
  let i = start;
  const scratch = new MalformedLines(0);
  while (i < end) {
    let eol = bytes.indexOf(10, i);
    if (eol < 0 || eol > end) eol = end;
    if (eol > i && !(eol === i + 1 && bytes[i] === 13)) {
      if (!fastLine(bytes, i, eol, batch, scratch) && !slowLine(bytes, i, eol, batch)) bad.add(line);
    }
    line++;
    i = eol + 1;
  }
  return line;
}

function fastLine(bytes: Uint8Array, from: number, to: number, batch: RowBatch, scratch: MalformedLines): boolean {
  const input = find(bytes, INPUT, from, to);
  if (input < 0) return false;
  const data = find(bytes, DATA, input, to);
  if (data < 0) return false;
  const open = data + DATA.length;
  let close = open;
  while (close < to && bytes[close] !== 34) {
    if (bytes[close] === 92) return false;
    close++;
  }
  if (close >= to) return false;
  // The encoding must be CSV, within this endpointInput object (before its closing brace).
  const objectEnd = bytes.indexOf(125, close);
  const encoding = find(bytes, CSV_ENCODING, input, objectEnd < 0 ? to : objectEnd);
  if (encoding < 0) return false;
  const rowsBefore = batch.rows;
  scratch.count = 0;
  readCsvRows(bytes, open, close, batch, 0, scratch);
  return batch.rows === rowsBefore + 1 && scratch.count === 0;
}

function find(bytes: Uint8Array, needle: Uint8Array, from: number, to: number): number {
  const first = needle[0] as number;
  let i = bytes.indexOf(first, from);
  while (i >= 0 && i + needle.length <= to) {
    let k = 1;
    while (k < needle.length && bytes[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
    i = bytes.indexOf(first, i + 1);
  }
  return -1;
}

interface CaptureSide {
  readonly data?: unknown;
  readonly encoding?: unknown;
  readonly observedContentType?: unknown;
}

function slowLine(bytes: Uint8Array, from: number, to: number, batch: RowBatch): boolean {
  let record: { captureData?: { endpointInput?: CaptureSide } };
  try {
    record = JSON.parse(utf8.decode(bytes.subarray(from, to)));
  } catch {
    return false;
  }
  const values = captureValues(record?.captureData?.endpointInput);
  if (values === undefined) return false;
  const row = Array.isArray(values) ? values : batch.profiles.map((p) => (values as Record<string, unknown>)[p.name]);
  if (!Array.isArray(values) && Object.keys(values).length !== batch.width) return false;
  return commitValues(batch, row);
}

/** The request's features: an array (by position) or an object (by name); undefined if unreadable. */
export function captureValues(input: CaptureSide | undefined): unknown[] | Record<string, unknown> | undefined {
  if (!input || typeof input.data !== 'string') return undefined;
  let text = input.data;
  let encoding = input.encoding;
  if (encoding === 'BASE64') {
    text = Buffer.from(text, 'base64').toString('utf8');
    const type = String(input.observedContentType ?? '');
    encoding = type.includes('json') ? 'JSON' : type.includes('csv') ? 'CSV' : undefined;
  }
  if (encoding === 'CSV') return text.replace(/\r?\n$/, '').split(',');
  if (encoding !== 'JSON') return undefined;
  try {
    return jsonFeatures(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** `[1,2]`, `{"a":1}`, or a one-key wrapper of an array such as `{"instances":[1,2]}`. */
function jsonFeatures(doc: unknown): unknown[] | Record<string, unknown> | undefined {
  if (Array.isArray(doc)) return doc;
  if (doc === null || typeof doc !== 'object') return undefined;
  const keys = Object.keys(doc);
  const only = keys.length === 1 ? (doc as Record<string, unknown>)[keys[0] as string] : undefined;
  if (Array.isArray(only)) return only;
  return doc as Record<string, unknown>;
}

/** Stores one row of decoded values (numbers, text, null) in the batch's scratch and commits it. */
export function commitValues(batch: RowBatch, row: readonly unknown[]): boolean {
  batch.fields = row.length;
  if (row.length !== batch.width) return false;
  for (let j = 0; j < row.length; j++) storeValue(batch, j, row[j]);
  return batch.commit();
}

function storeValue(batch: RowBatch, j: number, value: unknown): void {
  if (value === null || value === undefined) {
    batch.kinds[j] = EMPTY;
    return;
  }
  if (typeof value === 'number') {
    batch.kinds[j] = Number.isInteger(value) ? 1 : 2;
    batch.values[j] = value;
    batch.texts[j] = String(value);
    return;
  }
  const text = typeof value === 'string' ? value.trim() : JSON.stringify(value);
  batch.values[j] = parseNumberText(text);
  batch.kinds[j] = lastKind;
  batch.texts[j] = text;
}

/** Column names for the first readable capture line in `bytes`, or undefined if none. */
export function captureColumns(bytes: Uint8Array): string[] | undefined {
  let i = 0;
  while (i < bytes.length) {
    let eol = bytes.indexOf(10, i);
    if (eol < 0) eol = bytes.length;
    try {
      const record = JSON.parse(utf8.decode(bytes.subarray(i, eol)));
      const values = captureValues(record?.captureData?.endpointInput);
      if (values !== undefined) return Array.isArray(values) ? values.map((_, j) => `_c${j}`) : Object.keys(values);
    } catch {
      // A malformed line: the next one may name the columns.
    }
    i = eol + 1;
  }
  return undefined;
}
