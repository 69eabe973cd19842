import { execFile } from 'node:child_process';
import { cp, mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GodwitError } from '../../core/errors.js';

const run = promisify(execFile);

/**
 * Puts a container's model data into `dir` (what the container sees as `/opt/ml/model`): a local
 * folder or `file://` folder is copied, a `model.tar.gz` is unpacked as SageMaker unpacks it, an
 * `s3://` or `gs://` prefix or object is downloaded through the object stores first. Copying (not
 * linking) keeps a served model fixed when its source changes. Missing data is `E_MODEL_DATA`,
 * which the host reports as the endpoint's FailureReason.
 */
export async function stageModelData(modelDataUrl: string | undefined, dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  if (!modelDataUrl) return;
  if (/^(s3|gs):\/\//.test(modelDataUrl)) return stageRemote(modelDataUrl, dir);
  const path = modelDataUrl.startsWith('file://') ? fileURLToPath(modelDataUrl) : modelDataUrl;
  const info = await stat(path).catch(() => undefined);
  if (!info) throw missing(modelDataUrl);
  if (info.isDirectory()) await cp(path, dir, { recursive: true });
  else if (/\.(tar\.gz|tgz|tar)$/.test(path)) await untar(path, dir, modelDataUrl);
  else await cp(path, join(dir, path.split('/').pop() as string));
}

async function stageRemote(uri: string, dir: string): Promise<void> {
  const { objectIn, downloadPrefix } = await import('../../store/index.js');
  const { store, key } = await objectIn(uri);
  if (/\.(tar\.gz|tgz|tar)$/.test(key)) {
    const local = join(dir, '..', `${dir.split('/').pop()}.download.tar.gz`);
    await store.getToFile(key, local).catch((err) => {
      throw missing(uri, err);
    });
    await untar(local, dir, uri);
    await rm(local, { force: true });
    return;
  }
  const prefix = key === '' || key.endsWith('/') ? key : `${key}/`;
  const manifest = await downloadPrefix(store, prefix, dir);
  if (manifest.files.length === 0) throw missing(uri);
}

async function untar(file: string, dir: string, uri: string): Promise<void> {
  try {
    await run('tar', ['-xf', file, '-C', dir]);
  } catch (err) {
    throw new GodwitError('E_MODEL_DATA', `Could not unpack the model data ${uri}: ${(err as Error).message.trim()}`, {
      hint: 'ModelDataUrl must name a folder or a tar.gz archive of the model files.',
    });
  }
}

function missing(uri: string, cause?: unknown): GodwitError {
  return new GodwitError('E_MODEL_DATA', `The model data ${uri} does not exist.`, {
    hint: "Point the model's ModelDataUrl at an existing folder, file:// URI, or s3:// / gs:// object.",
    cause,
  });
}
