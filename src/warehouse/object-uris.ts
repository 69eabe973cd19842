/**
 * How a warehouse's COPY and UNLOAD find their objects through Godwit's stores: the one object a
 * URI names or every object under a prefix, and the check that a URI does not climb out of the
 * place it names (`…/x/../secret.csv` is refused before any store sees it, even though a file URI
 * would normalize it quietly).
 */
import { stat } from 'node:fs/promises';
import { GodwitError } from '../core/errors.js';
import { fromFileUri } from '../core/uri.js';
import type { ArtifactStore } from '../store/artifact-store.js';
import type { StoreResolver } from './warehouse.js';

/** E_KEY_ESCAPES_ROOT for a URI with a `.` or `..` segment or a NUL byte. */
export function checkObjectUri(uri: string): string {
  const path = uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const segments = path.split('/').map((s) => safeDecode(s));
  if (segments.some((s) => s === '.' || s === '..' || s.includes('\0'))) {
    throw new GodwitError('E_KEY_ESCAPES_ROOT', `The object URI ${uri} climbs out of its prefix with a "." or ".." segment.`, {
      hint: 'Name the object or prefix directly, without "." or ".." segments.',
    });
  }
  return uri;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** One object to read: its store, key, URI and size. */
export interface SourceObject {
  readonly store: ArtifactStore;
  readonly key: string;
  readonly uri: string;
  readonly size: number;
}

/**
 * The objects `uri` names: the object itself, or, for a URI ending in `/`, every object whose key
 * starts with it, in key order. None is E_NOT_FOUND naming the URI.
 */
export async function sourceObjects(stores: StoreResolver, uri: string): Promise<SourceObject[]> {
  const { store, key } = await stores(checkObjectUri(uri));
  if (uri.endsWith('/')) {
    const found = await store.list(key);
    if (found.length > 0) return found.map((o) => ({ store, key: o.key, uri: store.uri(o.key), size: o.size }));
  } else {
    const size = await sizeOf(store, key);
    if (size !== undefined) return [{ store, key, uri: store.uri(key), size }];
  }
  throw new GodwitError(
    'E_NOT_FOUND',
    `There is nothing to load at ${uri}${uri.endsWith('/') ? ' (no object has that prefix)' : ''}.`,
    {
      hint: uri.endsWith('/')
        ? 'Check the prefix; list it with `godwit storage ls`.'
        : 'Check the URI; a prefix of several objects ends in "/".',
    },
  );
}

/**
 * The object's size, or undefined when there is none. A local file is only stat'ed: the file
 * store's `head` hashes a file it has no record of, and a COPY re-hashes what it reads anyway
 * (`verify`), so hashing here too would read every byte twice.
 */
async function sizeOf(store: ArtifactStore, key: string): Promise<number | undefined> {
  const uri = store.uri(key);
  if (!uri.startsWith('file:')) return (await store.head(key))?.size;
  const stats = await stat(fromFileUri(uri)).catch(() => undefined);
  return stats?.isFile() ? stats.size : undefined;
}
