/**
 * Artifact URIs: where an artifact lives, as one string that moves between the local runtime,
 * the metadata database and the cloud compilers.
 *
 * ```ts
 * parseUri('file:///data/my%20runs/model')   // { scheme: 'file', path: '/data/my runs/model' }
 * parseUri('s3://bucket/abalone/raw.csv')    // { scheme: 's3', bucket: 'bucket', key: 'abalone/raw.csv' }
 * parseUri('data/raw.csv', { baseDir: '/p' }) // { scheme: 'file', path: '/p/data/raw.csv' }
 * ```
 *
 * `file://` URIs are real URLs: spaces, `%`, `#` and `?` in a path are percent-encoded. `s3://`
 * and `gs://` URIs are not: their key is taken literally, the way the AWS CLI, gsutil and the
 * SageMaker SDK write them (`s3://b/my file.csv` names the key `my file.csv`).
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GodwitError } from './errors.js';

export type UriScheme = 'file' | 's3' | 'gs';

export const URI_SCHEMES: readonly UriScheme[] = ['file', 's3', 'gs'];

export type ArtifactUri = FileUri | BucketUri;

/** A local path; always absolute and normalized (no `.`/`..` segments, no trailing `/`). */
export interface FileUri {
  readonly scheme: 'file';
  readonly path: string;
}

/** An object or prefix in a bucket; `key` is empty for the bucket's root. */
export interface BucketUri {
  readonly scheme: 's3' | 'gs';
  readonly bucket: string;
  readonly key: string;
}

export interface ParseUriOptions {
  /**
   * Folder a relative path is resolved against (for a pipeline, the pipeline file's folder).
   * Without it a relative path is an error rather than a guess at the working directory.
   */
  readonly baseDir?: string;
}

// Only `scheme://` and `file:` count as URIs, so that a relative path with a colon in its first
// segment (`runs:2024/x.csv`) stays a path.
const SCHEME_PREFIX = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const FILE_PREFIX = /^file:/i;
const BUCKET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Parses a URI or a plain path (absolute, or relative to `options.baseDir`). Throws E_URI. */
export function parseUri(value: string, options: ParseUriOptions = {}): ArtifactUri {
  if (value === '') throw uriError(value, 'it is empty');
  if (value.includes('\0')) throw uriError(value, 'it contains a NUL byte');
  const scheme = SCHEME_PREFIX.exec(value)?.[1]?.toLowerCase() ?? (FILE_PREFIX.test(value) ? 'file' : undefined);
  if (scheme === undefined) return { scheme: 'file', path: resolvePlainPath(value, options) };
  if (scheme === 'file') return { scheme: 'file', path: fromFileUri(value) };
  if (scheme === 's3' || scheme === 'gs') return parseBucketUri(scheme, value);
  throw uriError(value, `its scheme "${scheme}" is not supported`);
}

/** The canonical string form of a parsed URI; `parseUri(formatUri(u))` equals `u`. */
export function formatUri(uri: ArtifactUri): string {
  if (uri.scheme === 'file') return toFileUri(uri.path);
  return `${uri.scheme}://${uri.bucket}/${uri.key}`;
}

/** Parses and formats in one go: any accepted spelling becomes the canonical URI string. */
export function normalizeUri(value: string, options: ParseUriOptions = {}): string {
  return formatUri(parseUri(value, options));
}

/** `file://` URL of a local path (made absolute against the working directory), percent-encoded. */
export function toFileUri(path: string): string {
  return pathToFileURL(resolve(path)).href;
}

/**
 * The local path a literal source names: a `file://` URI's path (E_URI when malformed), or a plain
 * path resolved against `baseDir`; undefined for any other `scheme://` URI (a bucket, a web URL).
 * The runtime stages inputs and the validator checks them through this one rule.
 */
export function localSourcePath(source: string, baseDir: string): string | undefined {
  if (/^file:\/\//i.test(source)) return fromFileUri(source);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return undefined;
  return resolve(baseDir, source);
}

/** Local path of a `file://` URI, percent-decoded and normalized. Throws E_URI. */
export function fromFileUri(uri: string): string {
  if (!/^file:\//i.test(uri)) throw uriError(uri, 'it is not a file:// URI with an absolute path');
  try {
    const path = fileURLToPath(uri);
    if (path.includes('\0')) throw uriError(uri, 'it contains an encoded NUL byte');
    return resolve(path);
  } catch (err) {
    if (err instanceof GodwitError) throw err;
    // Node refuses a remote host (`file://server/x`) and an encoded `/` (`%2F`) in a segment.
    throw uriError(uri, (err as Error).message.replace(/\.$/, ''));
  }
}

function resolvePlainPath(value: string, options: ParseUriOptions): string {
  if (isAbsolute(value)) return resolve(value);
  if (options.baseDir === undefined)
    throw uriError(value, 'it is a relative path and no base folder was given to resolve it against');
  return resolve(options.baseDir, value);
}

function parseBucketUri(scheme: 's3' | 'gs', value: string): BucketUri {
  const rest = value.slice(value.indexOf('://') + 3);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const key = slash === -1 ? '' : rest.slice(slash + 1);
  if (!BUCKET_NAME.test(bucket))
    throw uriError(value, bucket === '' ? 'it names no bucket' : `"${bucket}" is not a valid bucket name`);
  return { scheme, bucket, key };
}

function uriError(value: string, why: string): GodwitError {
  return new GodwitError('E_URI', `Cannot use "${value}" as an artifact location: ${why}.`, {
    hint: 'Supported: file:///absolute/path, s3://bucket/key, gs://bucket/key, or a local path.',
  });
}
