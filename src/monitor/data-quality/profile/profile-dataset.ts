/**
 * `profileDataset`: a data set (CSV, JSON Lines, Parquet or SageMaker capture files, at any store
 * URI) to Model Monitor's `statistics.json`, with the evidence behind each column's type.
 *
 * Text formats are read twice only when a column mixes numbers and text: the first pass keeps
 * numbers as numbers (fast), and such a column — String by the type rule — needs every value's
 * text for its distinct count and top values, so a second pass reads it as text.
 */

import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { GodwitError } from '../../../core/errors.js';
import type { DataQualityStatistics } from '../../monitor-files.js';
import type { ColumnProfile } from './column-profile.js';
import { datasetFiles } from './dataset-files.js';
import { profileJsonLines } from './jsonl-profile.js';
import { profileParquet } from './parquet-profile.js';
import { statisticsOf } from './profile-statistics.js';
import { profileTextFiles, type SourceFile, type SourceProfile } from './text-profile.js';

/** `capture`: SageMaker data-capture JSON lines, profiled on the request's features. */
export type DatasetFormat = 'csv' | 'jsonl' | 'parquet' | 'capture';
export const DATASET_FORMATS: readonly DatasetFormat[] = ['csv', 'jsonl', 'parquet', 'capture'];

export interface ProfileOptions {
  /** Default: from the first file's extension; JSON lines holding `captureData` are `capture`. */
  readonly format?: DatasetFormat;
  /** CSV: the first line of each file names the columns (else `_c0`, `_c1`, …). */
  readonly header?: boolean;
  /** Worker threads for large CSV and capture files (default: the cores, at most 4). */
  readonly workers?: number;
  /** Where a relative path is resolved. */
  readonly baseDir?: string;
}

export interface DatasetProfile {
  readonly format: DatasetFormat;
  readonly statistics: DataQualityStatistics;
  /** Per column: how many values were Integral, Fractional, String and missing (the data-type check's input). */
  readonly columns: readonly ColumnProfile[];
  readonly rows: number;
  /** Lines skipped as malformed: how many, and the first 100 as `<file>:<line>`. */
  readonly malformed: { readonly count: number; readonly lines: readonly string[] };
}

export async function profileDataset(uri: string, options: ProfileOptions = {}): Promise<DatasetProfile> {
  const dataset = await datasetFiles(uri, options.baseDir);
  try {
    const format = options.format ?? detectFormat(dataset.files, uri);
    const source = await profileFiles(dataset.files, format, options);
    if (!source || source.rows === 0) throw emptyDataset(uri, source);
    return {
      format,
      statistics: statisticsOf(source.profiles, source.rows),
      columns: source.profiles,
      rows: source.rows,
      malformed: { count: source.malformed, lines: source.malformedLines },
    };
  } finally {
    dataset.dispose();
  }
}

async function profileFiles(
  files: SourceFile[],
  format: DatasetFormat,
  options: ProfileOptions,
): Promise<SourceProfile | undefined> {
  if (format === 'parquet') return profileParquet(files).catch((err: unknown) => Promise.reject(unreadable(files, err)));
  const pass = (asText: readonly string[], names?: readonly string[]) =>
    format === 'jsonl'
      ? Promise.resolve(profileJsonLines(files, asText))
      : profileTextFiles(files, {
          kind: format,
          header: options.header === true,
          workers: options.workers ?? Math.min(availableParallelism(), 4),
          asText,
          names,
        });
  const first = await pass([]);
  const mixed = first?.profiles.filter((p) => p.strings > 0 && p.numbers > 0).map((p) => p.name) ?? [];
  if (!first || mixed.length === 0) return first;
  const second = await pass(
    mixed,
    first.profiles.map((p) => p.name),
  );
  if (!second) return first;
  const again = new Map(second.profiles.map((p) => [p.name, p]));
  return { ...first, profiles: first.profiles.map((p) => (mixed.includes(p.name) ? (again.get(p.name) ?? p) : p)) };
}

function detectFormat(files: readonly SourceFile[], uri: string): DatasetFormat {
  const path = (files[0] as SourceFile).label.toLowerCase();
  if (path.endsWith('.csv')) return 'csv';
  if (path.endsWith('.parquet')) return 'parquet';
  if (path.endsWith('.jsonl') || path.endsWith('.json'))
    return looksLikeCapture((files[0] as SourceFile).path) ? 'capture' : 'jsonl';
  throw new GodwitError('E_PROFILE_FORMAT', `Cannot tell the format of ${uri} from its name.`, {
    hint: `Give --format ${DATASET_FORMATS.join('|')}.`,
  });
}

function looksLikeCapture(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const head = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    return head.split('\n', 1)[0]?.includes('"captureData"') === true;
  } finally {
    closeSync(fd);
  }
}

function unreadable(files: readonly SourceFile[], err: unknown): unknown {
  if (err instanceof GodwitError) return err;
  const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return new GodwitError('E_PROFILE_FORMAT', `Cannot read ${files.map((f) => f.label).join(', ')} as Parquet: ${why}`, {
    hint: 'Give --format for the files as they are (csv, jsonl, parquet or capture).',
    cause: err,
  });
}

function emptyDataset(uri: string, source: SourceProfile | undefined): GodwitError {
  const bad =
    source && source.malformed > 0
      ? ` (${source.malformed} malformed line(s), first ${source.malformedLines.slice(0, 3).join(', ')})`
      : '';
  return new GodwitError('E_PROFILE_EMPTY', `The data set ${uri} has no rows to profile${bad}.`, {
    hint: 'A baseline needs at least one row; check the URI, the --format and, for CSV, --header.',
  });
}
