/**
 * The store and key of a COPY source or UNLOAD target, refusing a URI whose path holds `.` or
 * `..` segments: `s3://b/in/../secret.csv` or `file:///data/in/../secret.csv` would otherwise
 * reach an object outside the prefix the statement names (a file path is resolved before the
 * store sees it).
 */
import { GodwitError } from '../../core/errors.js';
import type { StoreResolver } from '../warehouse.js';

export function objectAt(stores: StoreResolver, uri: string): ReturnType<StoreResolver> {
  const path = uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').split(/[?#]/)[0];
  const segments = path.split('/').map((s) => safeDecode(s));
  if (segments.some((s) => s === '.' || s === '..')) {
    return Promise.reject(
      new GodwitError('E_KEY_ESCAPES_ROOT', `The object URI ${uri} has a "." or ".." segment, which could leave its prefix.`, {
        hint: 'Name the object by its plain path, without "." or ".." segments.',
      }),
    );
  }
  return stores(uri);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
