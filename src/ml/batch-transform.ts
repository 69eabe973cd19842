/**
 * Batch transform with a linear-learner model, following SageMaker's naming: every input file
 * `F` (kept at its path under the input folder) gets `F.out` under the output folder, holding one
 * prediction per input record, in input order.
 *
 * ```
 * input/batch.csv          →  output/batch.csv.out
 * input/part/2024-01.csv   →  output/part/2024-01.csv.out
 * ```
 *
 * With CSV input, `splitType` `Line` and `None` give the same result: SageMaker sends a whole
 * file (None) or batches of lines (Line), and either way the algorithm answers line by line.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { GodwitError } from '../core/errors.js';
import { listFiles } from './files.js';
import { checkRequestType, formatPredictions, parseRecords, predictAll, responseType } from './inference-format.js';
import { loadLinearModel } from './linear-model.js';

export interface TransformCsvOptions {
  readonly modelDir: string;
  /** A folder (every non-hidden file in it, recursively) or one file. */
  readonly inputDir: string;
  readonly outputDir: string;
  /** Request type; only `text/csv`. */
  readonly contentType?: string;
  readonly splitType?: 'Line' | 'None' | string;
  /** Response type: `text/csv` (default), `application/jsonlines` or `application/json`. */
  readonly accept?: string;
}

export interface TransformedFile {
  readonly input: string;
  readonly output: string;
  readonly records: number;
}

export interface TransformCsvResult {
  readonly records: number;
  readonly files: readonly TransformedFile[];
}

export async function transformCsv(options: TransformCsvOptions): Promise<TransformCsvResult> {
  checkRequestType(options.contentType ?? 'text/csv');
  const split = options.splitType ?? 'Line';
  if (split !== 'Line' && split !== 'None') {
    throw new GodwitError('E_CONTENT_TYPE', `Split type "${split}" is not supported for text/csv input.`, {
      hint: 'Use splitType "Line" (one record per line) or "None".',
    });
  }
  const accept = responseType(options.accept);
  const model = await loadLinearModel(options.modelDir);
  const inputs = await inputFiles(options.inputDir);
  const files: TransformedFile[] = [];
  let records = 0;
  for (const { path, name } of inputs) {
    const table = parseRecords(await readFile(path, 'utf8'), path, model);
    const predictions = predictAll(model, table);
    const output = join(options.outputDir, `${name}.out`);
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, formatPredictions(predictions, accept));
    files.push({ input: path, output, records: predictions.length });
    records += predictions.length;
  }
  return { records, files };
}

async function inputFiles(input: string): Promise<{ path: string; name: string }[]> {
  const info = await stat(input).catch(() => undefined);
  if (!info) throw new GodwitError('E_DATA_FORMAT', `Batch transform input ${input} does not exist.`);
  if (info.isFile()) return [{ path: input, name: basename(input) }];
  const paths = await listFiles(input);
  if (paths.length === 0) {
    throw new GodwitError('E_DATA_FORMAT', `Batch transform input ${input} has no files.`, {
      hint: 'Give a folder of headerless CSV files, features only.',
    });
  }
  return paths.map((path) => ({ path, name: relative(input, path) }));
}
