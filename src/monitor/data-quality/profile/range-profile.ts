/**
 * Profiles one byte range of a CSV or capture file: the unit of work a worker thread (or the main
 * thread, for a small file) does. Line numbers it reports are relative to the range's start; the
 * caller shifts them by the lines of the ranges before.
 */
import { readCaptureRows } from './capture-rows.js';
import { MalformedLines, readCsvRows } from './csv-rows.js';
import { readLines } from './line-ranges.js';
import { type ProfileWire, toWire } from './profile-wire.js';
import { RowBatch } from './row-batch.js';

export type TextKind = 'csv' | 'capture';

export interface RangeTask {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly kind: TextKind;
  readonly names: readonly string[];
  readonly asText: readonly string[];
  readonly seed: number;
}

export interface RangeResult {
  readonly profiles: ProfileWire[];
  readonly rows: number;
  /** Line breaks in the range: how far the next range's line numbers are shifted. */
  readonly lines: number;
  readonly malformed: number;
  readonly malformedLines: number[];
}

export function profileRange(task: RangeTask): RangeResult {
  const batch = new RowBatch(task.names, new Set(task.asText), task.seed);
  const bad = new MalformedLines();
  const readRows = task.kind === 'csv' ? readCsvRows : readCaptureRows;
  const lines = readLines(task.path, task.start, task.end, (bytes, s, e, line) => readRows(bytes, s, e, batch, line, bad));
  return { profiles: batch.flush().map(toWire), rows: batch.rows, lines, malformed: bad.count, malformedLines: bad.lines };
}
