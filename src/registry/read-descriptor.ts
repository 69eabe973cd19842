/**
 * The descriptor a registration records (`ModelVersion.descriptor`): what `describeModel` reads
 * from the model's files, wherever they are.
 *
 * ```ts
 * await readDescriptor('file:///runs/42/train/model/', { home });  // the folder, read in place
 * await readDescriptor('s3://models/abalone/model.tar.gz', { home, storeOptions });
 * // staged into a temporary folder (as an endpoint would stage it), read, and removed
 * ```
 *
 * Describing is part of registering, never a reason to refuse one: a model no reader knows (a
 * scikit-learn `model.joblib` its container serves), data that cannot be reached from here, or a
 * damaged file is registered without a descriptor, as SageMaker registers a package whose
 * `Framework` it was not told.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseUri } from '../core/uri.js';
import { describeModel, type ModelDescriptor } from '../ml/model-descriptor.js';
import { type StageOptions, stageModelData } from '../serving/model-data.js';

const ARCHIVE = /\.(tar\.gz|tgz|tar)$/i;

/** The model's descriptor, or undefined when its files cannot be read or no reader knows them. */
export async function readDescriptor(modelUri: string, options: StageOptions): Promise<ModelDescriptor | undefined> {
  try {
    const folder = await localFolder(modelUri, options);
    // A local folder (the demo's, a training step's output) is read where it is: no copy.
    if (folder !== undefined) return await describeModel(folder);
    const dir = await mkdtemp(join(tmpdir(), 'godwit-register-'));
    try {
      await stageModelData(modelUri, dir, options);
      return await describeModel(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } catch {
    return undefined;
  }
}

async function localFolder(modelUri: string, options: StageOptions): Promise<string | undefined> {
  if (ARCHIVE.test(modelUri.replace(/\/+$/, ''))) return undefined;
  const location = parseUri(modelUri, options.storeOptions);
  if (location.scheme !== 'file') return undefined;
  return (await stat(location.path).catch(() => undefined))?.isDirectory() ? location.path : undefined;
}
