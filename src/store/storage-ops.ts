/**
 * What `godwit storage ls|cp|rm` does, as library calls over any store (the CLI only formats):
 * a location is a local path (or `file://` URI) or an object or prefix in a bucket (`s3://`,
 * `gs://`). Local files are read and written as plain files, never through a file store, so no
 * store state lands in a user's folder; bucket objects go through their `ArtifactStore`, so every
 * copy is checksummed both ways and large objects stream.
 */
import { copyFile, cp, mkdir, mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { GodwitError } from '../core/errors.js';
import { sha256File } from '../core/hash.js';
import { parseUri, toFileUri } from '../core/uri.js';
import type { ArtifactStore, ObjectInfo } from './artifact-store.js';
import { objectIn, type StoreOptions } from './index.js';
import { joinKey, keySegments } from './keys.js';
import { DEFAULT_PARALLELISM, mapLimit } from './map-limit.js';
import { downloadPrefix, uploadDir } from './transfer.js';
import { walkFiles } from './walk-files.js';

export type Location =
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 'bucket'; readonly store: ArtifactStore; readonly key: string };

/** A listing: objects (with their URIs) and, unless recursive, the "folders" one level down. */
export interface Listing {
  readonly objects: readonly (ObjectInfo & { readonly uri: string })[];
  readonly folders: readonly string[];
}

export async function locate(uri: string, options: StoreOptions & { baseDir: string }): Promise<Location> {
  const parsed = parseUri(uri, options);
  if (parsed.scheme === 'file') return { kind: 'local', path: parsed.path };
  return { kind: 'bucket', ...(await objectIn(uri, options)) };
}

/** `ls`: what lies under a bucket prefix, or in a local folder. */
export async function listLocation(
  uri: string,
  options: StoreOptions & { baseDir: string; recursive?: boolean },
): Promise<Listing> {
  const where = await locate(uri, options);
  if (where.kind === 'local') return listLocal(where.path, options.recursive === true);
  const { store, key } = where;
  const base = key.slice(0, key.lastIndexOf('/') + 1);
  const objects = [];
  const folders = new Set<string>();
  for (const o of await store.list(key)) {
    const rest = o.key.slice(base.length);
    if (!options.recursive && rest.includes('/')) folders.add(`${store.uri(joinKey(base, rest.slice(0, rest.indexOf('/'))))}/`);
    else objects.push({ ...o, uri: store.uri(o.key) });
  }
  return { objects, folders: [...folders] };
}

/**
 * A local folder (or one file) read as plain files: hashed, never through a file store, whose
 * checksum records would land in the user's folder.
 */
async function listLocal(path: string, recursive: boolean): Promise<Listing> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return { objects: [], folders: [] };
  const real = await realpath(path);
  const files = info.isDirectory() ? await walkFiles({ path: '', real }, { boundary: real }) : [{ path: basename(path), real }];
  const base = info.isDirectory() ? path : dirname(path);
  const folders = new Set<string>();
  const shown = recursive
    ? files
    : files.filter((f) => !f.path.includes('/') || !folders.add(`${toFileUri(join(base, f.path.split('/')[0]))}/`));
  const objects = await mapLimit(shown, DEFAULT_PARALLELISM, async (f) => {
    const [digest, stats] = await Promise.all([sha256File(f.real), stat(f.real)]);
    return { key: f.path, uri: toFileUri(join(base, f.path)), size: digest.size, sha256: digest.sha256, modified: stats.mtime };
  });
  return { objects, folders: [...folders] };
}

/** One line per object copied: `upload: a.csv to s3://b/a.csv`. */
export type CopyReport = (line: string) => void;

/**
 * `cp`: one object (or, with `recursive`, everything under a folder or prefix) from `from` to
 * `to`. A destination ending in `/` (or an existing local folder) receives the object under its
 * own name; a recursive copy puts the folder's contents under `to`.
 */
export async function copyLocation(
  fromUri: string,
  toUri: string,
  options: StoreOptions & { baseDir: string; recursive?: boolean; report?: CopyReport },
): Promise<number> {
  const [from, to] = [await locate(fromUri, options), await locate(toUri, options)];
  const report = options.report ?? (() => {});
  if (options.recursive) return copyTree(from, to, report);
  const target = await intoFolder(to, toUri, from);
  if (from.kind === 'local' && target.kind === 'local') {
    await mkdir(dirname(target.path), { recursive: true });
    await copyFile(from.path, target.path);
  } else if (from.kind === 'local' && target.kind === 'bucket') await target.store.putFile(target.key, from.path);
  else if (from.kind === 'bucket' && target.kind === 'local') await from.store.getToFile(from.key, target.path);
  else if (from.kind === 'bucket' && target.kind === 'bucket') await viaTemp(from, target);
  report(`${verb(from, target)}: ${show(from)} to ${show(target)}`);
  return 1;
}

/**
 * `mb`: creates the S3 bucket a URI names (CreateBucket); one that is already yours is fine.
 * Offline `gs://` buckets are folders the first write makes; local paths need none.
 */
export async function makeBucket(uri: string, options: StoreOptions & { baseDir: string }): Promise<string> {
  const parsed = parseUri(uri, options);
  if (parsed.scheme !== 's3') {
    throw new GodwitError('E_USAGE', `godwit storage mb makes S3 buckets; ${uri} is not an s3:// URI.`, {
      hint:
        parsed.scheme === 'gs'
          ? 'Offline gs:// buckets are folders that the first write makes; on Google Cloud, use gcloud storage buckets create.'
          : 'A local folder needs no bucket.',
    });
  }
  const { S3ArtifactStore } = await import('./s3/s3-artifact-store.js');
  await new S3ArtifactStore(parsed.bucket, '', options).createBucketIfMissing();
  return `s3://${parsed.bucket}`;
}

/** `rm`: an object, or with `recursive` every object under a prefix; local paths are refused. */
export async function removeLocation(
  uri: string,
  options: StoreOptions & { baseDir: string; recursive?: boolean; report?: CopyReport },
): Promise<number> {
  const where = await locate(uri, options);
  if (where.kind === 'local')
    throw new GodwitError('E_USAGE', `godwit storage rm removes objects from buckets; ${where.path} is a local path.`, {
      hint: "Remove local files with your shell's rm.",
    });
  const keys = options.recursive ? (await where.store.list(folderPrefix(where.key))).map((o) => o.key) : [where.key];
  await mapLimit(keys, DEFAULT_PARALLELISM, async (key) => {
    await where.store.delete(key);
    options.report?.(`delete: ${where.store.uri(key)}`);
  });
  return keys.length;
}

async function copyTree(from: Location, to: Location, report: CopyReport): Promise<number> {
  if (from.kind === 'local' && to.kind === 'local') {
    await cp(from.path, to.path, { recursive: true });
    report(`copy: ${from.path} to ${to.path}`);
    return 1;
  }
  if (from.kind === 'local' && to.kind === 'bucket') {
    const m = await uploadDir(to.store, from.path, to.key);
    for (const f of m.files) report(`upload: ${join(from.path, f.path)} to ${to.store.uri(joinKey(to.key, f.path))}`);
    return m.files.length;
  }
  if (from.kind !== 'bucket') throw new Error('unreachable');
  if (to.kind === 'local') {
    const m = await downloadPrefix(from.store, folderPrefix(from.key), to.path);
    for (const f of m.files) report(`download: ${from.store.uri(joinKey(from.key, f.path))} to ${join(to.path, f.path)}`);
    return m.files.length;
  }
  const prefix = folderPrefix(from.key);
  const objects = await from.store.list(prefix);
  await mapLimit(objects, DEFAULT_PARALLELISM, async (o) => {
    const target = { ...to, key: joinKey(to.key, o.key.slice(prefix.length)) };
    await viaTemp({ ...from, key: o.key }, target);
    report(`copy: ${from.store.uri(o.key)} to ${target.store.uri(target.key)}`);
  });
  return objects.length;
}

/** Bucket to bucket through a temp file: memory stays flat and both digests are checked. */
async function viaTemp(from: Location & { kind: 'bucket' }, to: Location & { kind: 'bucket' }): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'godwit-storage-cp-'));
  try {
    await from.store.getToFile(from.key, join(dir, 'object'));
    await to.store.putFile(to.key, join(dir, 'object'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function intoFolder(to: Location, toUri: string, from: Location): Promise<Location> {
  const name = from.kind === 'local' ? basename(from.path) : (from.key.split('/').pop() ?? '');
  if (to.kind === 'local') {
    const isDir = toUri.endsWith('/') || (await stat(to.path).catch(() => undefined))?.isDirectory();
    return isDir ? { kind: 'local', path: join(to.path, name) } : to;
  }
  return to.key === '' || toUri.endsWith('/') ? { ...to, key: joinKey(to.key, name) } : to;
}

function folderPrefix(key: string): string {
  const folder = key.replace(/\/+$/, '');
  if (folder !== '') keySegments(folder);
  return folder === '' ? '' : `${folder}/`;
}

const verb = (from: Location, to: Location) => (from.kind === to.kind ? 'copy' : from.kind === 'local' ? 'upload' : 'download');
const show = (l: Location) => (l.kind === 'local' ? l.path : l.store.uri(l.key));
