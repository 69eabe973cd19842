/**
 * Offline `gs://`: with no GCS endpoint configured, bucket `b` is the folder `<home>/gcs/b/`, kept
 * by the file store (atomic writes, SHA-256 records, key rules) and spoken of in `gs://` URIs, so
 * a pipeline's artifacts, run records and messages read the same as on Google Cloud. No GCS-API
 * server exists offline (npm and Debian have none); tools that need the JSON API itself get it only
 * when `gcs.endpoint` points at one.
 */
import { join } from 'node:path';
import { parseUri } from '../../core/uri.js';
import { FileArtifactStore } from '../file-artifact-store.js';
import { keySegments } from '../keys.js';

/** The folder that holds offline bucket `bucket` in Godwit's home. */
export function bucketFolder(home: string, bucket: string): string {
  return join(home, 'gcs', bucket);
}

/**
 * One offline bucket, rooted at the bucket's folder (a prefix is a `PrefixedStore` over it, so the
 * bucket has one state folder however many prefixes are opened).
 */
export class GcsFolderBucket extends FileArtifactStore {
  constructor(
    home: string,
    readonly bucket: string,
  ) {
    super(bucketFolder(home, bucket));
  }

  override uri(key: string): string {
    return `gs://${this.bucket}/${keySegments(key).join('/')}`;
  }

  override keyOf(uri: string): string | undefined {
    const location = parseUri(uri);
    return location.scheme === 'gs' && location.bucket === this.bucket ? location.key : undefined;
  }
}
