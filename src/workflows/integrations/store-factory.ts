import type { ArtifactStore } from '../../store/artifact-store.js';
import { type StoreOptions, storeForUri } from '../../store/index.js';

/**
 * The store a URI (`s3://bucket`, `s3://bucket/prefix/`) lives in, as the server reaches it (its
 * own S3 door unless one is configured). Integrations read and write objects only through it.
 */
export type StoreFactory = (uri: string) => Promise<ArtifactStore>;

/** The factory over `storeForUri` with the server's store options, read at each call (the URL is known once listening). */
export function storeFactory(options: () => StoreOptions): StoreFactory {
  return (uri) => storeForUri(uri, options());
}
