/**
 * The `gs://` backend: Google Cloud Storage through its official client when `gcs.endpoint` is
 * configured (Google Cloud, or any JSON-API server), otherwise offline folders in Godwit's home.
 * This module loads no SDK; the client store loads it on its first call.
 */
import { resolve } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import type { ArtifactUri } from '../../core/uri.js';
import type { ArtifactStore } from '../artifact-store.js';
import type { StoreOptions } from '../index.js';
import { PrefixedStore } from '../prefixed-store.js';
import { GcsClientStore } from './gcs-client-store.js';
import { GcsFolderBucket } from './gcs-folder-store.js';

export { DEFAULT_GCS_ENDPOINT, GcsClientStore } from './gcs-client-store.js';
export { bucketFolder, GcsFolderBucket } from './gcs-folder-store.js';

/** Entry point for `storeForUri`: the store at `gs://bucket/prefix`. */
export function createStore(location: ArtifactUri, options: StoreOptions): ArtifactStore {
  if (location.scheme !== 'gs') throw new GodwitError('E_INTERNAL', `The gs:// backend cannot open ${location.scheme}:// URIs.`);
  const endpoint = options.gcs?.endpoint;
  const bucket = endpoint
    ? new GcsClientStore(location.bucket, { endpoint, projectId: options.gcs?.projectId })
    : new GcsFolderBucket(homeOf(options), location.bucket);
  const prefix = location.key.replace(/\/+$/, '');
  return prefix === '' ? bucket : new PrefixedStore(bucket, prefix);
}

// The home the configuration names; without one, Godwit's default (`.godwit` in the working folder).
function homeOf(options: StoreOptions): string {
  const env = options.env ?? process.env;
  return resolve(options.home ?? env.GODWIT_HOME ?? '.godwit');
}
