/**
 * Moving whole folders in and out of any `ArtifactStore`: a step's output folder becomes the
 * objects under a prefix, and back. Both directions return the same `ArtifactManifest`, so an
 * upload and a later download of the same prefix can be compared digest to digest.
 *
 * ```ts
 * const m = await uploadDir(store, '/tmp/run/prep/train', 'runs/42/prep/train');
 * // m = { files: [{ path: 'train.csv', size: 10240, sha256: '…' }], size: 10240, sha256: '…' }
 * await downloadPrefix(store, 'runs/42/prep/train', '/opt/ml/input/data/train'); // same m
 * ```
 */
import { mkdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GodwitError } from '../core/errors.js';
import { compareUtf8, digestTree, sha256File, type TreeEntry } from '../core/hash.js';
import type { ArtifactStore } from './artifact-store.js';
import { joinKey, keySegments } from './keys.js';
import { DEFAULT_PARALLELISM, mapLimit } from './map-limit.js';
import { errnoCode } from './store-errors.js';
import { type WalkedFile, walkFiles } from './walk-files.js';

/** The files of an artifact and their combined digest (`digestTree`), the artifact's identity. */
export interface ArtifactManifest {
  /** Sorted by path in UTF-8 byte order; paths are `/`-separated and relative to the folder. */
  readonly files: readonly TreeEntry[];
  /** Total bytes. */
  readonly size: number;
  readonly sha256: string;
}

export interface TransferOptions {
  /** Files in flight at once; default 16. */
  readonly parallelism?: number;
}

/**
 * Uploads every file under `localDir` (recursively) to `<prefix>/<relative path>`. Symlinks are
 * followed when they stay inside `localDir`; one that leads outside is refused (E_KEY_ESCAPES_ROOT)
 * before anything is uploaded. Empty folders are not stored (stores have no folders), and objects
 * already under `prefix` that the folder lacks are left alone: write each run to a fresh prefix.
 */
export async function uploadDir(
  store: ArtifactStore,
  localDir: string,
  prefix: string,
  options: TransferOptions = {},
): Promise<ArtifactManifest> {
  const folder = prefix.replace(/\/+$/, '');
  if (folder !== '') keySegments(folder); // refuse a bad prefix before reading the folder
  const files = await filesOf(localDir);
  const infos = await mapLimit(files, options.parallelism ?? DEFAULT_PARALLELISM, (f) =>
    store.putFile(joinKey(prefix, f.path), f.real),
  );
  return manifestOf(files.map((f, i) => ({ path: f.path, size: infos[i].size, sha256: infos[i].sha256 })));
}

/**
 * Downloads the folder `prefix` into `localDir` (created if missing): every object under
 * `prefix/`, at its path relative to the prefix, and — unless `prefix` ends with `/` — the object
 * named exactly `prefix`, as `localDir/<its last segment>` (how SageMaker fetches an input whose
 * S3 URI names one file). Unlike `list`, `prefix` is a folder: `data/train` does not fetch
 * `data/train.csv`, because a manifest's paths must be relative to one folder. Each copy is
 * checked against its recorded SHA-256. Existing local files are replaced; others are left alone.
 */
export async function downloadPrefix(
  store: ArtifactStore,
  prefix: string,
  localDir: string,
  options: TransferOptions = {},
): Promise<ArtifactManifest> {
  const objects = await objectsOf(store, prefix);
  const dir = resolve(localDir);
  await mkdir(dir, { recursive: true });
  const infos = await mapLimit(objects, options.parallelism ?? DEFAULT_PARALLELISM, (o) =>
    store.getToFile(o.key, join(dir, ...keySegments(o.path))),
  );
  return manifestOf(objects.map((o, i) => ({ path: o.path, size: infos[i].size, sha256: infos[i].sha256 })));
}

/** The manifest of a local folder without uploading it (e.g. to key a cache on a code folder). */
export async function digestDir(localDir: string, options: TransferOptions = {}): Promise<ArtifactManifest> {
  const files = await filesOf(localDir);
  const digests = await mapLimit(files, options.parallelism ?? DEFAULT_PARALLELISM, (f) => sha256File(f.real));
  return manifestOf(files.map((f, i) => ({ path: f.path, ...digests[i] })));
}

export function manifestOf(entries: readonly TreeEntry[]): ArtifactManifest {
  const files = [...entries].sort((a, b) => compareUtf8(a.path, b.path));
  return { files, size: files.reduce((sum, f) => sum + f.size, 0), sha256: digestTree(files) };
}

async function filesOf(localDir: string): Promise<WalkedFile[]> {
  const dir = resolve(localDir);
  let real: string;
  try {
    real = await realpath(dir);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw err;
    throw new GodwitError('E_NOT_FOUND', `No local folder ${dir}.`, {
      hint: 'Check the path; a step must create its output folder.',
    });
  }
  if (!(await stat(real)).isDirectory())
    throw new GodwitError('E_NOT_A_DIRECTORY', `${dir} is a file, not a folder.`, {
      hint: 'Upload a single file with store.putFile(key, path).',
    });
  return walkFiles({ path: '', real }, { boundary: real });
}

async function objectsOf(store: ArtifactStore, prefix: string): Promise<{ key: string; path: string }[]> {
  const folder = prefix.replace(/\/+$/, '');
  if (folder === '') return (await store.list('')).map((o) => ({ key: o.key, path: o.key }));
  const segments = keySegments(folder);
  const exact = prefix.endsWith('/') ? undefined : await store.head(folder);
  const below = (await store.list(`${folder}/`)).map((o) => ({ key: o.key, path: o.key.slice(folder.length + 1) }));
  return exact ? [{ key: folder, path: segments[segments.length - 1] }, ...below] : below;
}
