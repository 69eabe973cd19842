/**
 * A container's model data, put where its runtime reads it, as SageMaker fills `/opt/ml/model`:
 *
 * ```ts
 * await stageModelData('s3://models/abalone/model.tar.gz', '/tmp/ep/model', { home });
 * // /tmp/ep/model/xgboost-model.json (the archive unpacked)
 * await stageModelData('file:///work/runs/42/train/model/', '/tmp/ep/model', { home });
 * // /tmp/ep/model/model.json (the folder copied as is)
 * ```
 *
 * A URI ending in `.tar.gz` or `.tgz` (SageMaker's `ModelDataUrl`) is downloaded and unpacked; any
 * other URI is a folder or prefix (SageMaker's `ModelDataSource` with `CompressionType: None`,
 * Vertex AI's `artifactUri`) and copied, or a single file copied in by its name.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GodwitError } from '../core/errors.js';
import type { GodwitHome } from '../core/home.js';
import { parseUri } from '../core/uri.js';
import { downloadPrefix, objectIn, type StoreOptions } from '../store/index.js';
import { extractTar } from './tar-extract.js';

export interface StageOptions {
  /** How to reach `s3://` and `gs://` (endpoints, the local server); `home` is filled in from `home`. */
  readonly storeOptions?: StoreOptions;
  readonly home: GodwitHome;
}

const ARCHIVE = /\.(tar\.gz|tgz|tar)$/i;

/**
 * Fills `dir` (created if missing) with the model data at `modelDataUrl`; with no URL the folder
 * is left empty (a container that carries its model). Returns the relative paths written.
 * Throws `E_MODEL_DATA` naming the URI when nothing is there or the archive is damaged.
 */
export async function stageModelData(modelDataUrl: string | undefined, dir: string, options: StageOptions): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  if (modelDataUrl === undefined || modelDataUrl === '') return [];
  const storeOptions: StoreOptions = { home: options.home.root, ...options.storeOptions };
  if (ARCHIVE.test(modelDataUrl.replace(/\/+$/, ''))) return unpackArchive(modelDataUrl, dir, storeOptions);
  const { store, key } = await objectIn(
    modelDataUrl.endsWith('/') ? modelDataUrl : await asFolderUri(modelDataUrl, storeOptions),
    storeOptions,
  );
  const manifest = await downloadPrefix(store, key, dir);
  if (manifest.files.length === 0) {
    throw new GodwitError(
      'E_MODEL_DATA',
      `There is no model data at ${modelDataUrl}: the folder or prefix is empty or missing.`,
      {
        hint: 'Give the URI of a model.tar.gz, or of the folder the training step wrote its model into.',
      },
    );
  }
  return manifest.files.map((f) => f.path);
}

/** A local folder given without its trailing `/` is a folder, not a file of that name. */
async function asFolderUri(uri: string, storeOptions: StoreOptions): Promise<string> {
  const location = parseUri(uri, storeOptions);
  if (location.scheme !== 'file') return uri;
  const info = await stat(location.path).catch(() => undefined);
  return info?.isDirectory() ? `${uri}/` : uri;
}

async function unpackArchive(uri: string, dir: string, storeOptions: StoreOptions): Promise<string[]> {
  const location = parseUri(uri, storeOptions);
  const archive = location.scheme === 'file' ? location.path : join(dir, `.godwit-model-data-${process.pid}.tar.gz`);
  try {
    if (location.scheme !== 'file') {
      const { store, key } = await objectIn(uri, storeOptions);
      await store.getToFile(key, archive);
    } else if (!(await stat(archive).catch(() => undefined))?.isFile()) {
      throw new GodwitError('E_NOT_FOUND', `${archive} does not exist`);
    }
    return await extractTar(archive, dir);
  } catch (err) {
    if (err instanceof GodwitError && err.code !== 'E_NOT_FOUND') throw err;
    const missing = err instanceof GodwitError;
    throw new GodwitError(
      'E_MODEL_DATA',
      missing
        ? `There is no model archive at ${uri}.`
        : `The model archive ${uri} cannot be unpacked: ${(err as Error).message}.`,
      {
        hint: missing
          ? 'Check the URI (a training step records its model.tar.gz as the model artifact).'
          : 'Give a gzipped tar of the model files, as SageMaker training writes model.tar.gz (tar czf model.tar.gz -C model .).',
        cause: err,
      },
    );
  } finally {
    if (location.scheme !== 'file') await rm(archive, { force: true });
  }
}
