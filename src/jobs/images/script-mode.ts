/**
 * Script mode, as SageMaker's framework images run it: the SageMaker Python SDK uploads the
 * estimator's `source_dir` as `sourcedir.tar.gz` and names it and the entry point in two
 * hyperparameters, each JSON-quoted like every other value it writes:
 *
 *   sagemaker_submit_directory = "\"s3://bucket/job/source/sourcedir.tar.gz\""
 *   sagemaker_program          = "\"train.py\""
 *
 * Here the submit directory (a `.tar.gz` at `s3://`, `file://` or `gs://`, or a local folder, as
 * local mode writes `file://` ones) is unpacked into the job's staging folder, and the process is
 * the configured Python (`python3`, replaced by `GODWIT_PYTHON`) running the program from it.
 */
import { cp, mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import { parseUri } from '../../core/uri.js';
import { AwsError } from '../../server/aws/aws-error.js';
import { extractTar } from '../../serving/tar-extract.js';
import { downloadPrefix, objectIn, type StoreOptions } from '../../store/index.js';
import type { ImageContext, ImageRequest, LocalImage } from '../image-map.js';
import { type ImageMatch, jobEnv } from './image-match.js';

/** The folder under the staging folder the submit directory is unpacked into (the process's `code`). */
export const SOURCE_DIR = 'sourcedir';

/** A value as the SDK encodes it (`json.dumps`), decoded; a value that is not JSON stays the string. */
export function decodeValue(text: string): string | number | boolean {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  } catch {
    // Not JSON: the SDK would have quoted a string, but a hand-written request may not.
  }
  return text;
}

/**
 * Script mode for a framework image: refused at once (ValidationException) when the request
 * names no program or no submit directory, since the image has no script of its own here.
 */
export function scriptImage(mappedBy: string, request: ImageRequest, command: readonly string[]): ImageMatch {
  const hps = request.hyperparameters ?? {};
  const program = hps.sagemaker_program === undefined ? undefined : String(decodeValue(hps.sagemaker_program));
  const submit = hps.sagemaker_submit_directory === undefined ? undefined : String(decodeValue(hps.sagemaker_submit_directory));
  if (!program || !submit) {
    throw new AwsError(
      'ValidationException',
      `The image "${request.image}" (${mappedBy}) runs the job's script, but HyperParameters has no ${program ? 'sagemaker_submit_directory' : 'sagemaker_program'}. ` +
        'Give sagemaker_program (the entry point, e.g. "\\"train.py\\"") and sagemaker_submit_directory (a sourcedir.tar.gz at s3://, file:// or gs://, or a local folder), as the SageMaker Python SDK does for an estimator with entry_point and source_dir.',
    );
  }
  const hyperparameters: Record<string, string | number | boolean> = {};
  for (const [name, text] of Object.entries(hps)) if (!name.startsWith('sagemaker_')) hyperparameters[name] = decodeValue(text);
  return {
    mappedBy,
    async resolve(context: ImageContext): Promise<LocalImage> {
      await stageSourceDir(submit, join(context.stagingDir, SOURCE_DIR), context.storeOptions);
      await checkProgram(program, submit, join(context.stagingDir, SOURCE_DIR));
      return {
        mappedBy,
        process: { command, code: SOURCE_DIR, entryPoint: program, env: jobEnv(request), contract: 'sagemaker' },
        hyperparameters,
        metricDefinitions: [],
      };
    },
  };
}

/** Fills `dir` with the submit directory: an archive unpacked, a folder or prefix copied. */
export async function stageSourceDir(uri: string, dir: string, options: StoreOptions): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  try {
    const location = parseUri(uri, options);
    if (location.scheme === 'file') {
      const info = await stat(location.path).catch(() => undefined);
      if (!info) throw missing(uri);
      if (info.isDirectory()) await cp(location.path, dir, { recursive: true });
      else await unpack(location.path, dir, uri);
      return;
    }
    if (/\.(tar\.gz|tgz|tar)$/i.test(uri)) {
      const archive = `${dir}.tar.gz`;
      const { store, key } = await objectIn(uri, options);
      if (!(await store.head(key))) throw missing(uri);
      await store.getToFile(key, archive);
      await unpack(archive, dir, uri).finally(() => rm(archive, { force: true }));
      return;
    }
    const { store, key } = await objectIn(uri.endsWith('/') ? uri : `${uri}/`, options);
    if ((await downloadPrefix(store, key, dir)).files.length === 0) throw missing(uri);
  } catch (err) {
    if (err instanceof GodwitError && err.code === 'E_SOURCE_DIR') throw err;
    throw new GodwitError('E_SOURCE_DIR', `The submit directory ${uri} cannot be fetched: ${(err as Error).message}`, {
      hint: 'sagemaker_submit_directory must name a sourcedir.tar.gz (or a folder) that Godwit can read: s3:// through its S3 door, file://, gs://.',
      cause: err,
    });
  }
}

async function unpack(archive: string, dir: string, uri: string): Promise<void> {
  try {
    await extractTar(archive, dir);
  } catch (err) {
    throw new GodwitError('E_SOURCE_DIR', `The submit directory ${uri} cannot be unpacked: ${(err as Error).message}.`, {
      hint: 'Give a gzipped tar of the source folder, as the SageMaker SDK writes sourcedir.tar.gz (tar czf sourcedir.tar.gz -C src .).',
    });
  }
}

function missing(uri: string): GodwitError {
  return new GodwitError('E_SOURCE_DIR', `There is no submit directory at ${uri}.`, {
    hint: "Upload the job's code there (the SageMaker SDK uploads source_dir as <bucket>/<job>/source/sourcedir.tar.gz), or fix sagemaker_submit_directory.",
  });
}

async function checkProgram(program: string, uri: string, dir: string): Promise<void> {
  if ((await stat(join(dir, program)).catch(() => undefined))?.isFile()) return;
  throw new GodwitError('E_SOURCE_DIR', `The program ${program} (sagemaker_program) is not in the submit directory ${uri}.`, {
    hint: 'sagemaker_program names a file relative to the top of source_dir, e.g. "train.py".',
  });
}
