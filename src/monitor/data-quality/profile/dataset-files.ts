/**
 * The local files behind a data set URI: a file, or every file under a folder (hidden ones and
 * `_SUCCESS`-style markers skipped), sorted by path. An object-store URI (`s3://`, `gs://`) is
 * copied to a temporary folder first — the readers need files they can cut into ranges.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { GodwitError } from '../../../core/errors.js';
import { parseUri } from '../../../core/uri.js';
import type { SourceFile } from './text-profile.js';

export interface DatasetFiles {
  readonly files: SourceFile[];
  /** Removes any temporary copy. */
  dispose(): void;
}

export async function datasetFiles(uri: string, baseDir?: string): Promise<DatasetFiles> {
  const location = parseUri(uri, { baseDir });
  if (location.scheme === 'file') return { files: localFiles(location.path, uri), dispose() {} };
  const { objectIn } = await import('../../../store/index.js');
  const { store, key } = await objectIn(uri, { baseDir });
  const single = key !== '' && !key.endsWith('/') ? await store.head(key) : undefined;
  const objects = single ? [single] : (await store.list(key.endsWith('/') || key === '' ? key : `${key}/`)).filter(isData);
  if (objects.length === 0) throw notFound(uri);
  const dir = mkdtempSync(join(tmpdir(), 'godwit-profile-'));
  const files: SourceFile[] = [];
  for (const object of objects) {
    const path = join(dir, String(files.length));
    await store.getToFile(object.key, path);
    files.push({ path, label: store.uri(object.key) });
  }
  return { files, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function localFiles(path: string, uri: string): SourceFile[] {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    throw notFound(uri);
  }
  if (!stats.isDirectory()) return [{ path, label: uri }];
  const files = walk(path)
    .sort()
    .map((p) => ({ path: p, label: join(uri, relative(path, p)) }));
  if (files.length === 0) throw notFound(uri);
  return files;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!isData({ key: entry.name })) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

function isData(object: { key: string }): boolean {
  const name = object.key.split('/').pop() ?? '';
  return !name.startsWith('.') && !name.startsWith('_');
}

function notFound(uri: string): GodwitError {
  return new GodwitError('E_PROFILE_NOT_FOUND', `No data set at ${uri}.`, {
    hint: 'Give the URI of a file or of a folder of files (file path, file://, s3:// or gs://).',
  });
}
