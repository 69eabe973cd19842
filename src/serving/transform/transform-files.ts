import { stat } from 'node:fs/promises';
import { basename, relative } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import { listFiles } from '../../ml/files.js';

export interface InputFile {
  readonly path: string;
  /** The path under the input folder, kept for the output (`part/2024-01.csv` → `part/2024-01.csv.out`). */
  readonly name: string;
}

/** The files of a transform's input: one file, or every non-hidden file under a folder, sorted. */
export async function inputFiles(input: string): Promise<InputFile[]> {
  const info = await stat(input).catch(() => undefined);
  if (!info) {
    throw new GodwitError('E_TRANSFORM_INPUT', `Batch transform input ${input} does not exist.`, {
      hint: 'Give a folder of input files, or one file.',
    });
  }
  if (info.isFile()) return [{ path: input, name: basename(input) }];
  const paths = await listFiles(input);
  if (paths.length === 0) {
    throw new GodwitError('E_TRANSFORM_INPUT', `Batch transform input ${input} has no files.`, {
      hint: 'Give a folder holding the records to score, e.g. headerless CSV files of features.',
    });
  }
  return paths.map((path) => ({ path, name: relative(input, path) }));
}
