/**
 * The artifact store capability: open a store for any artifact URI, move folders in and out.
 *
 * ```ts
 * const store = await storeForUri('file:///home/me/.godwit/artifacts');
 * await store.put('runs/42/metrics.json', JSON.stringify({ mse: 4.2 }));
 * store.uri('runs/42/metrics.json'); // 'file:///home/me/.godwit/artifacts/runs/42/metrics.json'
 * ```
 */
import { basename, dirname } from 'node:path';
import type { GodwitConfig } from '../config/config.js';
import { type ArtifactUri, type ParseUriOptions, parseUri, toFileUri, type UriScheme } from '../core/uri.js';
import type { ArtifactStore } from './artifact-store.js';

export type { ArtifactStore, ObjectInfo, PutData } from './artifact-store.js';
export { joinKey, keySegments } from './keys.js';
export type { ArtifactManifest, TransferOptions } from './transfer.js';
export { digestDir, downloadPrefix, manifestOf, uploadDir } from './transfer.js';

/**
 * Settings for opening a store. The S3 and GCS settings are the configuration's `s3` and `gcs`
 * keys (`loadConfig`); credentials come from `env` (default `process.env`) and the SDKs' own
 * shared files, never from here, so they are never recorded with a store.
 */
export interface StoreOptions extends ParseUriOptions {
  readonly s3?: GodwitConfig['s3'];
  readonly gcs?: GodwitConfig['gcs'];
  readonly env?: NodeJS.ProcessEnv;
  /** Godwit's home (the config's `home`): offline `gs://` buckets are folders in `<home>/gcs/`. */
  readonly home?: string;
  /**
   * Wraps every store opened with these options: how a caller's access is checked on each call
   * (src/governance/stores/governed-store.ts, for `godwit storage --as` and runs as a principal).
   */
  readonly governed?: (store: ArtifactStore) => ArtifactStore;
}

/** What each backend module exports; loaded only when a URI of its scheme is first opened. */
export interface StoreBackend {
  createStore(location: ArtifactUri, options: StoreOptions): ArtifactStore;
}

// Vendor SDKs stay at the edge: a backend's module is imported on first use, so a user who never
// touches S3 never loads it. A new backend is one line here.
const backends: Record<UriScheme, () => Promise<StoreBackend>> = {
  file: () => import('./file-artifact-store.js'),
  s3: () => import('./s3/s3-artifact-store.js'),
  gs: () => import('./gcs/index.js'),
};

/**
 * The store rooted at `uri`: keys are relative to it (`store.uri('a')` is `<uri>/a`). A plain path
 * is accepted where a URI is; a relative one needs `options.baseDir`. Throws E_URI for a URI it
 * cannot parse.
 */
export async function storeForUri(uri: string, options: StoreOptions = {}): Promise<ArtifactStore> {
  const location = parseUri(uri, options);
  const backend = await backends[location.scheme]();
  const store = backend.createStore(location, options);
  return options.governed ? options.governed(store) : store;
}

/**
 * The store that holds the object or prefix `uri`, and its key there: for `s3://b/k` and `gs://b/k`
 * the store of the bucket `b` and the key `k`; for a local file its folder and its name; for a
 * local folder given with a trailing `/`, the folder itself and the key `''`. Warehouses' COPY and
 * UNLOAD reach object storage through this.
 */
export async function objectIn(uri: string, options: StoreOptions = {}): Promise<{ store: ArtifactStore; key: string }> {
  const location = parseUri(uri, options);
  if (location.scheme !== 'file') {
    const store = await storeForUri(`${location.scheme}://${location.bucket}`, options);
    return { store, key: location.key };
  }
  const folder = uri.endsWith('/') ? location.path : dirname(location.path);
  const store = await storeForUri(toFileUri(folder), options);
  return { store, key: uri.endsWith('/') ? '' : basename(location.path) };
}
