/**
 * Profiles CSV and capture files: each file is cut into line-aligned byte ranges, one per worker
 * thread (a file under 8 MB is read on the calling thread), and the ranges' column profiles are
 * merged in file order. Malformed lines come back as `<file>:<line>` with the file's own line
 * numbers.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { startWorker, workerEntry } from '../../../core/worker-thread.js';
import { captureColumns } from './capture-rows.js';
import type { ColumnProfile } from './column-profile.js';
import { readHeader, splitCsvLine } from './csv-rows.js';
import { lineRanges } from './line-ranges.js';
import { fromWire } from './profile-wire.js';
import { profileRange, type RangeResult, type RangeTask, type TextKind } from './range-profile.js';

const PARALLEL_FROM = 8 * 1024 * 1024;

export interface SourceFile {
  readonly path: string;
  /** How to name the file in messages (its URI). */
  readonly label: string;
}

export interface SourceProfile {
  readonly profiles: ColumnProfile[];
  readonly rows: number;
  readonly malformed: number;
  readonly malformedLines: string[];
}

export interface TextOptions {
  readonly kind: TextKind;
  readonly header: boolean;
  readonly workers: number;
  readonly asText: readonly string[];
  /** Column names found by a first pass (the second pass must use the same). */
  readonly names?: readonly string[];
  readonly parallelFromBytes?: number;
}

export async function profileTextFiles(files: readonly SourceFile[], options: TextOptions): Promise<SourceProfile | undefined> {
  const names = options.names ?? columnNames(files, options);
  if (names === undefined) return undefined;
  let profiles: ColumnProfile[] | undefined;
  let rows = 0;
  let malformed = 0;
  const malformedLines: string[] = [];
  let seed = 1;
  for (const file of files) {
    const from = options.kind === 'csv' && options.header ? headerEnd(file.path) : 0;
    const size = statSync(file.path).size;
    const parts = size - from >= (options.parallelFromBytes ?? PARALLEL_FROM) ? Math.max(1, options.workers) : 1;
    const tasks = lineRanges(file.path, from, parts).map(
      ([start, end]): RangeTask => ({
        path: file.path,
        start,
        end,
        kind: options.kind,
        names,
        asText: options.asText,
        seed: seed++,
      }),
    );
    // Workers start on the other ranges first; this thread reads the first range meanwhile, so a
    // run of W ranges starts W − 1 workers.
    const [own, ...others] = tasks;
    if (own === undefined) continue;
    const started = others.map(inWorker);
    const results = [profileRange(own), ...(await Promise.all(started))];
    let lineBase = from > 0 ? 1 : 0;
    for (const result of results) {
      const pieces = result.profiles.map(fromWire);
      profiles = profiles ? profiles.map((p, j) => p.merge(pieces[j] as ColumnProfile)) : pieces;
      rows += result.rows;
      malformed += result.malformed;
      for (const line of result.malformedLines)
        if (malformedLines.length < 100) malformedLines.push(`${file.label}:${lineBase + line}`);
      lineBase += result.lines;
    }
  }
  return profiles && { profiles, rows, malformed, malformedLines };
}

function inWorker(task: RangeTask): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(workerEntry(import.meta.url, 'profile-worker'), task);
    worker.once('message', (result: RangeResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`profile worker exited with code ${code}`));
    });
  });
}

/** The columns: a CSV header's names, else `_c0…` for the first row's width; a capture's from its first record. */
function columnNames(files: readonly SourceFile[], options: TextOptions): string[] | undefined {
  for (const file of files) {
    const head = firstBytes(file.path);
    if (head.length === 0) continue;
    if (options.kind === 'capture') {
      const names = captureColumns(head);
      if (names) return names;
      continue;
    }
    if (options.header) return readHeader(head).names;
    const text = new TextDecoder().decode(head);
    const firstLine = text.split('\n').find((l) => l.trim() !== '');
    if (firstLine !== undefined) return splitCsvLine(firstLine.replace(/\r$/, '')).map((_, j) => `_c${j}`);
  }
  return undefined;
}

function headerEnd(path: string): number {
  return readHeader(firstBytes(path)).next;
}

function firstBytes(path: string, size = 1024 * 1024): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(size);
    return buffer.subarray(0, readSync(fd, buffer, 0, size, 0));
  } finally {
    closeSync(fd);
  }
}
