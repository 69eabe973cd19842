/**
 * Batch transform over any model runtime, as SageMaker's CreateTransformJob runs it: every input
 * file `F` (at its path under the input folder) gets `F.out` at the same path under the output
 * folder, holding the predictions of its records in input order.
 *
 * ```ts
 * await runTransformJob({ input: 'in', output: 'out', options: { instanceCount: 2, maxConcurrentTransforms: 4 },
 *                         startInstance: () => runtime.start(startOptions) });
 * // in/batch.csv → out/batch.csv.out; in/2024/01.csv → out/2024/01.csv.out
 * ```
 *
 * `instanceCount` instances are started, each answering up to `maxConcurrentTransforms` requests
 * at once; mini-batches (`mini-batches.ts`) of all files are handed to whichever slot is free,
 * and each file is written when its last batch is answered. The first failure stops the job:
 * no new request starts, those in flight finish, the instances close, and the error names the
 * file and records. Options and their defaults: `transform-options.ts`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { asOwnGodwitError, GodwitError } from '../../core/errors.js';
import type { BatchCapture } from '../capture/batch-capture.js';
import type { ModelInstance } from '../model-runtime.js';
import { finishBatch } from './batch-output.js';
import { RecordProcessor, recordFormat } from './data-processing.js';
import { type MiniBatch, miniBatches, splitRecords } from './mini-batches.js';
import { type InputFile, inputFiles } from './transform-files.js';
import { resolveTransformOptions, type TransformOptions } from './transform-options.js';

export interface TransformJob {
  /** A local folder (every non-hidden file in it, recursively) or one file. */
  readonly input: string;
  readonly output: string;
  readonly options?: TransformOptions;
  /** Starts one serving copy of the model; called `instanceCount` times. */
  readonly startInstance: () => Promise<ModelInstance>;
  /** Batch capture (`src/serving/capture/batch-capture.ts`): its `stamp` is applied to every answer. */
  readonly capture?: Pick<BatchCapture, 'stamp'>;
  readonly signal?: AbortSignal;
}

export interface TransformedFile {
  /** The input's path relative to the input folder (its name when the input is one file). */
  readonly name: string;
  readonly input: string;
  readonly output: string;
  readonly records: number;
}

export interface TransformResult {
  readonly records: number;
  readonly requests: number;
  readonly files: readonly TransformedFile[];
  /** Requests that could run at once: instances × `maxConcurrentTransforms`. */
  readonly concurrency: number;
}

interface Task {
  readonly file: FileState;
  readonly batch: MiniBatch;
  readonly index: number;
}

interface FileState {
  readonly input: InputFile;
  readonly output: string;
  readonly records: Buffer[];
  readonly parts: Buffer[];
  remaining: number;
}

export async function runTransformJob(job: TransformJob): Promise<TransformResult> {
  const options = resolveTransformOptions(job.options ?? {});
  const processor = new RecordProcessor(
    options.dataProcessing ?? {},
    recordFormat(options.contentType),
    recordFormat(options.accept),
  );
  const files = await inputFiles(job.input);
  const instances = await startAll(job.startInstance, options.instanceCount);
  const done: TransformedFile[] = [];
  let requests = 0;
  let failure: unknown;
  const stamp = options.dataCapture?.generateInferenceId && job.capture ? job.capture.stamp : undefined;
  const tasks = taskStream(files, job.output, options, processor);
  const slot = async (instance: ModelInstance): Promise<void> => {
    for (let next = await tasks.next(); !next.done && failure === undefined; next = await tasks.next()) {
      if (job.signal?.aborted) throw new GodwitError('E_TRANSFORM_STOPPED', 'The batch transform was stopped.');
      const { file, batch, index } = next.value;
      requests++;
      const originals = file.records.slice(batch.first, batch.first + batch.records.length);
      file.parts[index] = await finishBatch(instance, batch, originals, file.input.name, options, processor, stamp);
      if (--file.remaining === 0) done.push(await writeOutput(file, options.assembleWith));
    }
  };
  const slots = instances.flatMap((instance) => Array.from({ length: options.maxConcurrentTransforms }, () => instance));
  await Promise.all(
    slots.map((instance) =>
      slot(instance).catch((err: unknown) => {
        failure ??= err;
      }),
    ),
  );
  await Promise.all(instances.map((i) => i.close()));
  if (failure !== undefined) throw asOwnGodwitError(failure) ?? failure;
  done.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { records: done.reduce((n, f) => n + f.records, 0), requests, files: done, concurrency: slots.length };
}

async function startAll(start: () => Promise<ModelInstance>, count: number): Promise<ModelInstance[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => start()));
  const instances = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(instances.map((i) => i.close()));
    throw (failed as PromiseRejectedResult).reason;
  }
  return instances;
}

/** Reads files one at a time as slots ask for work, so only files in flight are in memory. */
async function* taskStream(
  files: readonly InputFile[],
  outputDir: string,
  options: ReturnType<typeof resolveTransformOptions>,
  processor: RecordProcessor,
): AsyncGenerator<Task> {
  for (const input of files) {
    const records = splitRecords(await readFile(input.path), options.splitType);
    const filtered = records.map((record) => processor.filterInput(record));
    const batches = miniBatches(filtered, options.batchStrategy, options.maxPayloadInMB, input.name);
    const file: FileState = {
      input,
      output: join(outputDir, `${input.name}.out`),
      records,
      parts: [],
      remaining: batches.length,
    };
    if (batches.length === 0) {
      await writeOutput(file, options.assembleWith);
      continue;
    }
    for (const [index, batch] of batches.entries()) yield { file, batch, index };
  }
}

async function writeOutput(file: FileState, assembleWith: 'Line' | 'None'): Promise<TransformedFile> {
  await mkdir(dirname(file.output), { recursive: true });
  const chunks: Buffer[] = [];
  for (const part of file.parts) {
    chunks.push(part);
    if (assembleWith === 'Line' && part.length > 0 && part[part.length - 1] !== 0x0a) chunks.push(Buffer.from('\n'));
  }
  await writeFile(file.output, Buffer.concat(chunks));
  return { name: file.input.name, input: file.input.path, output: file.output, records: file.records.length };
}
