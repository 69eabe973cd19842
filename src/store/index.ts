/**
 * The artifact store capability: open a store for any artifact URI, move folders in and out.
 *
 * ```ts
 * const store = await storeForUri('file:///home/me/.godwit/artifacts');
 * await store.put('runs/42/metrics.json', JSON.stringify({ mse: 4.2 }));
 * store.uri('runs/42/metrics.json'); // 'file:///home/me/.godwit/artifacts/runs/42/metrics.json'
 * ```
 */
import { GodwitError } from '../core/errors.js';
import { type ArtifactUri, type ParseUriOptions, parseUri, type UriScheme } from '../core/uri.js';
import type { ArtifactStore } from './artifact-store.js';

export type { ArtifactStore, ObjectInfo, PutData } from './artifact-store.js';
export { joinKey, keySegments } from './keys.js';
export type { ArtifactManifest, TransferOptions } from './transfer.js';
export { digestDir, downloadPrefix, manifestOf, uploadDir } from './transfer.js';

/** Settings for opening a store. S3 and GCS will add theirs (endpoint, region, credentials). */
export interface StoreOptions extends ParseUriOptions {}

/** What each backend module exports; loaded only when a URI of its scheme is first opened. */
export interface StoreBackend {
  createStore(location: ArtifactUri, options: StoreOptions): ArtifactStore;
}

// Vendor SDKs stay at the edge: a backend's module is imported on first use, so a user who never
// touches S3 never loads it. A new backend is one line here.
const backends: Record<UriScheme, () => Promise<StoreBackend>> = {
  file: () => import('./file-artifact-store.js'),
  s3: () => Promise.reject(unsupported('s3')),
  gs: () => Promise.reject(unsupported('gs')),
};

/**
 * The store rooted at `uri`: keys are relative to it (`store.uri('a')` is `<uri>/a`). A plain path
 * is accepted where a URI is; a relative one needs `options.baseDir`. Throws E_URI for a URI it
 * cannot parse and E_STORE_UNSUPPORTED for a scheme without a backend yet.
 */
export async function storeForUri(uri: string, options: StoreOptions = {}): Promise<ArtifactStore> {
  const location = parseUri(uri, options);
  const backend = await backends[location.scheme]();
  return backend.createStore(location, options);
}

function unsupported(scheme: UriScheme): GodwitError {
  const name = scheme === 's3' ? 'S3' : 'Google Cloud Storage';
  return new GodwitError('E_STORE_UNSUPPORTED', `${scheme}:// artifact stores are not available yet in this version of Godwit.`, {
    hint: `They arrive with the ${name} backend; until then use a file:// URI or a local path.`,
  });
}
