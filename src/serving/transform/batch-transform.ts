/**
 * A whole batch transform job over URIs, as `godwit transform` (and Godwit's image in the cloud)
 * runs it: the model is staged and started through its runtime, the input folder or prefix is
 * read, `<file>.out` files are written to the output folder or prefix, and with `dataCapture` the
 * input and output manifests are written under its destination.
 *
 * ```ts
 * await batchTransform({ model: 's3://ml/model.tar.gz', input: 's3://ml/batch/', output: 's3://ml/out/',
 *                        options: { accept: 'text/csv', maxConcurrentTransforms: 4 }, home });
 * // s3://ml/batch/a.csv → s3://ml/out/a.csv.out
 * ```
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Clock } from '../../core/clock.js';
import type { GodwitHome } from '../../core/home.js';
import { parseUri } from '../../core/uri.js';
import { downloadPrefix, objectIn, type StoreOptions, uploadDir } from '../../store/index.js';
import { openBatchCapture } from '../capture/batch-capture.js';
import { runTransformJob, type TransformResult } from './transform-job.js';
import { prepareTransformModel } from './transform-model.js';
import { parallelism, resolveTransformOptions, type TransformOptions, transformEnvironment } from './transform-options.js';

export interface BatchTransformRequest {
  /** A model folder, `model.tar.gz`, or a URI of either. */
  readonly model: string;
  /** A folder, one file, or a URI prefix of input files. */
  readonly input: string;
  /** A folder or URI prefix for the `<file>.out` files. */
  readonly output: string;
  readonly options?: TransformOptions;
  /** The model's image, when known (a model package's), checked against its files. */
  readonly image?: string;
  readonly jobName?: string;
  readonly home: GodwitHome;
  readonly storeOptions?: StoreOptions;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
}

export interface BatchTransformResult extends TransformResult {
  readonly runtime: string;
  /** The capture manifests written, when `dataCapture` is on. */
  readonly capture?: { readonly input?: string; readonly output?: string };
}

export async function batchTransform(r: BatchTransformRequest): Promise<BatchTransformResult> {
  const storeOptions: StoreOptions = { home: r.home.root, ...r.storeOptions };
  const work = await mkdtemp(join(tmpdir(), 'godwit-transform-'));
  try {
    const resolved = resolveTransformOptions(r.options ?? {});
    const environment = transformEnvironment(resolved);
    const model = await prepareTransformModel({
      model: r.model,
      image: r.image,
      environment,
      inWorker: parallelism(resolved) > 1,
      workDir: work,
      home: r.home,
      storeOptions,
    });
    const input = isLocal(r.input, storeOptions)
      ? localPath(r.input, storeOptions)
      : await download(r.input, join(work, 'input'), storeOptions);
    const output = isLocal(r.output, storeOptions) ? localPath(r.output, storeOptions) : join(work, 'output');
    const dc = r.options?.dataCapture;
    const capture = dc
      ? await openBatchCapture({
          destination: dc.destination,
          jobName: r.jobName ?? 'godwit-transform',
          generateInferenceId: dc.generateInferenceId,
          storeOptions,
          clock: r.clock,
        })
      : undefined;
    const result = await runTransformJob({
      input,
      output,
      options: r.options,
      startInstance: model.start,
      capture,
      signal: r.signal,
    }).finally(() => model.dispose());
    if (output !== r.output && !isLocal(r.output, storeOptions)) {
      const { store, key } = await objectIn(r.output, storeOptions);
      await uploadDir(store, output, key);
    }
    if (!capture) return { ...result, runtime: model.runtime };
    const inputPrefix = prefixOf(
      r.input,
      storeOptions,
      result.files.length === 1 && result.files[0].name === r.input.split('/').pop(),
    );
    const outputPrefix = prefixOf(r.output, storeOptions, false);
    for (const file of result.files) capture.addInput(`${inputPrefix}${file.name}`);
    for (const file of result.files) capture.addOutput(`${outputPrefix}${file.name}.out`);
    return { ...result, runtime: model.runtime, capture: await capture.close() };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function isLocal(uri: string, options: StoreOptions): boolean {
  return parseUri(uri, options).scheme === 'file';
}

function localPath(uri: string, options: StoreOptions): string {
  const location = parseUri(uri, options);
  return location.scheme === 'file' ? location.path : uri;
}

async function download(uri: string, dir: string, options: StoreOptions): Promise<string> {
  const { store, key } = await objectIn(uri, options);
  await downloadPrefix(store, key, dir);
  return dir;
}

/** The URI the job's file names are relative to (a single file's folder). */
function prefixOf(uri: string, options: StoreOptions, singleFile: boolean): string {
  const location = parseUri(uri, options);
  let text = location.scheme === 'file' ? pathToFileURL(location.path).href : uri;
  if (singleFile) text = text.slice(0, text.lastIndexOf('/'));
  return text.endsWith('/') ? text : `${text}/`;
}
