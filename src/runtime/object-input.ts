import { createHash } from 'node:crypto';
import { GodwitError } from '../core/errors.js';
import type { ObjectInfo } from '../store/artifact-store.js';
import { type ArtifactManifest, downloadPrefix, objectIn, type StoreOptions } from '../store/index.js';

/**
 * Inputs whose literal source is an object-store URI (`s3://bucket/key`, `gs://bucket/key`), read
 * through the stores with the run's store options (`Services.inputStores`: the configured `s3` and
 * `gcs` settings, and for `s3://` with no endpoint configured the home's local S3 server).
 */
export function isObjectStoreUri(source: string): boolean {
  return /^(s3|gs):\/\//i.test(source);
}

/**
 * Downloads an object-store input into `localDir` as SageMaker stages an S3 input: a URI naming
 * one object fetches that file under its own name; a prefix fetches every object under it, with
 * paths relative to it. Nothing there is E_INPUT_MISSING naming the URI; each file is checked
 * against its recorded SHA-256 when it has one.
 */
export async function stageObjectInput(
  uri: string,
  localDir: string,
  where: string,
  options: StoreOptions,
): Promise<ArtifactManifest> {
  const { store, key } = await objectIn(uri, options);
  const manifest = await downloadPrefix(store, key, localDir);
  if (manifest.files.length === 0) throw missingInput(uri, where);
  return manifest;
}

/**
 * What an object-store input holds now, for a step's cache key: its objects' keys, sizes and
 * SHA-256s. An object written by another tool has no recorded SHA-256 and is read once to hash it
 * (its size and one-second modification time would miss a same-size rewrite), as a local input
 * file is. Nothing there digests as `missing`, as a missing local file does; the step then fails.
 */
export async function digestObjectInput(uri: string, options: StoreOptions): Promise<string> {
  const { store, key } = await objectIn(uri, options);
  const folder = key.replace(/\/+$/, '');
  const exact = key.endsWith('/') || folder === '' ? undefined : await store.head(folder);
  const below = await store.list(folder === '' ? '' : `${folder}/`);
  const objects: ObjectInfo[] = exact ? [exact, ...below] : below;
  if (objects.length === 0) return 'missing';
  const entries: [string, number, string][] = [];
  for (const o of objects) entries.push([o.key, o.size, o.sha256 || (await store.verify(o.key)).sha256]);
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex');
}

function missingInput(uri: string, where: string): GodwitError {
  return new GodwitError(
    'E_INPUT_MISSING',
    `${where}: ${uri} does not exist (no object with that key, and none under it as a prefix).`,
    {
      hint: `Upload the data first (godwit storage cp FILE ${uri}), or pass another URI with --param.`,
    },
  );
}
