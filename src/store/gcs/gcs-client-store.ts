/**
 * A bucket through the official `@google-cloud/storage` client (the adapter: the only file that
 * loads it, on the first call). Used when `gcs.endpoint` is configured: Google Cloud itself
 * (`https://storage.googleapis.com`, credentials from the client's Application Default
 * Credentials chain) or any server speaking the JSON API.
 *
 * - The SHA-256 goes into the object's custom metadata (`sha256`) when the upload starts, the only
 *   moment GCS takes metadata with the bytes; so a stream is first spooled to a temporary file,
 *   hashed on the way (never held in memory). The MD5 goes along as `md5Hash`, which the server
 *   checks before it creates the object, so a damaged upload leaves the previous version. Objects
 *   of `resumableThreshold` bytes or more upload through a resumable session, smaller ones in one
 *   multipart request; the client also checks the CRC32C the server computed against its own.
 * - Reads pin the generation whose metadata they read, so bytes and digest are of one version
 *   (an object replaced mid-read is read again), let the client check CRC32C, then re-hash.
 * - Objects written by other tools have no `sha256`: it is computed by reading them.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Bucket, FileMetadata } from '@google-cloud/storage';
import { GodwitError } from '../../core/errors.js';
import { fileSink } from '../../core/file-sink.js';
import { compareUtf8, Sha256Tap } from '../../core/hash.js';
import { hasUrlCredentials, redactUrl } from '../../core/redact.js';
import { parseUri } from '../../core/uri.js';
import type { ArtifactStore, ObjectInfo, PutData } from '../artifact-store.js';
import { keySegments, prefixFolder } from '../keys.js';
import { DEFAULT_PARALLELISM, mapLimit } from '../map-limit.js';
import { checksumMismatch, notFound } from '../store-errors.js';
import { DigestTap, digestFile, digestOf, type UploadDigest } from './gcs-digest.js';
import { endpointCredentials, gcsError, httpStatus, isMissingBucket, missingBucket } from './gcs-errors.js';

export const DEFAULT_GCS_ENDPOINT = 'https://storage.googleapis.com';
const READ_ATTEMPTS = 5;

export interface GcsClientOptions {
  /** The JSON API endpoint (`apiEndpoint`); default Google Cloud's. */
  readonly endpoint?: string;
  readonly projectId?: string;
  /** Retries the client makes for transient failures; default the client's own (3). */
  readonly maxRetries?: number;
  /** Objects at least this large upload through a resumable session; default 8 MiB. */
  readonly resumableThreshold?: number;
}

export class GcsClientStore implements ArtifactStore {
  private handle?: Promise<Bucket>;
  private readonly endpoint: string;

  constructor(
    readonly bucketName: string,
    private readonly options: GcsClientOptions = {},
  ) {
    this.endpoint = (options.endpoint ?? DEFAULT_GCS_ENDPOINT).replace(/\/+$/, '');
  }

  uri(key: string): string {
    return `gs://${this.bucketName}/${keySegments(key).join('/')}`;
  }

  keyOf(uri: string): string | undefined {
    const location = parseUri(uri);
    return location.scheme === 'gs' && location.bucket === this.bucketName ? location.key : undefined;
  }

  async put(key: string, data: PutData): Promise<ObjectInfo> {
    const uri = this.uri(key);
    if (typeof data === 'string' || data instanceof Uint8Array) {
      const bytes =
        typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      return this.upload(key, () => Readable.from([bytes]), digestOf(bytes));
    }
    const spool = await mkdtemp(join(tmpdir(), 'godwit-gcs-'));
    try {
      const path = join(spool, 'object');
      const tap = new DigestTap();
      await pipeline(data, tap, fileSink(path)).catch((err) => Promise.reject(gcsError(err, this.ctx('read the data for', uri))));
      return await this.upload(key, () => createReadStream(path), tap.result());
    } finally {
      await rm(spool, { recursive: true, force: true });
    }
  }

  async putFile(key: string, localPath: string): Promise<ObjectInfo> {
    const uri = this.uri(key);
    const digest = await digestFile(localPath).catch((err) => {
      if ((err as { code?: string }).code !== 'ENOENT') throw err;
      throw new GodwitError('E_NOT_FOUND', `No local file ${localPath} to store as ${uri}.`, {
        hint: 'Check the path; it is resolved against the working directory.',
      });
    });
    return this.upload(key, () => createReadStream(localPath), digest);
  }

  async get(key: string): Promise<Buffer> {
    let chunks: Buffer[] = [];
    // A fresh buffer list per attempt: a read that starts over must not keep the first one's bytes.
    await this.read(key, () => {
      chunks = [];
      return collect(chunks);
    });
    return Buffer.concat(chunks);
  }

  async getToFile(key: string, localPath: string): Promise<ObjectInfo> {
    const target = resolve(localPath);
    const tmp = `${target}.godwit-part-${randomBytes(6).toString('hex')}`;
    try {
      await mkdir(dirname(target), { recursive: true });
      const info = await this.read(key, () => fileSink(tmp));
      await rename(tmp, target);
      return info;
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const meta = await this.metadata(key);
    return meta && this.infoOf(key, meta);
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    prefixFolder(prefix);
    const bucket = await this.bucket();
    // autoPaginate follows nextPageToken until the listing ends.
    const [files] = await bucket
      .getFiles({ prefix, autoPaginate: true })
      .catch((err) => Promise.reject(gcsError(err, this.ctx('list', `gs://${this.bucketName}/${prefix}`))));
    // Objects without a recorded digest are read to hash them: a few at a time, not all at once.
    const infos = await mapLimit(files, DEFAULT_PARALLELISM, (f) => this.infoOf(f.name, f.metadata));
    return infos.sort((a, b) => compareUtf8(a.key, b.key));
  }

  async delete(key: string): Promise<void> {
    const uri = this.uri(key);
    const bucket = await this.bucket();
    try {
      await bucket.file(key).delete();
    } catch (err) {
      if (httpStatus(err) === 404 && !isMissingBucket(err)) return;
      throw gcsError(err, this.ctx('delete', uri));
    }
  }

  verify(key: string): Promise<ObjectInfo> {
    return this.read(key, () => new Writable({ write: (_chunk, _enc, done) => done() }));
  }

  // ---------------------------------------------------------------------------------------------

  private bucket(): Promise<Bucket> {
    if (hasUrlCredentials(this.endpoint)) return Promise.reject(endpointCredentials('gcs.endpoint', this.endpoint));
    this.handle ??= import('@google-cloud/storage').then(({ Storage }) => {
      const custom = this.endpoint !== DEFAULT_GCS_ENDPOINT;
      const storage = new Storage({
        apiEndpoint: this.endpoint,
        projectId: this.options.projectId,
        // Another endpoint is an emulator or gateway; authenticate only against Google's own.
        useAuthWithCustomEndpoint: !custom,
        // The client reads `maxRetries: 0` as "use the default"; no retries is `autoRetry: false`.
        retryOptions: retryOptions(this.options.maxRetries),
      });
      return storage.bucket(this.bucketName);
    });
    return this.handle;
  }

  private ctx(action: string, uri: string) {
    return { action, uri, bucket: this.bucketName, endpoint: redactUrl(this.endpoint) };
  }

  private async upload(key: string, source: () => Readable, digest: UploadDigest): Promise<ObjectInfo> {
    const uri = this.uri(key);
    const file = (await this.bucket()).file(key);
    const out = file.createWriteStream({
      resumable: digest.size >= (this.options.resumableThreshold ?? 8 * 1024 * 1024),
      validation: 'crc32c',
      metadata: { contentType: 'application/octet-stream', md5Hash: digest.md5, metadata: { sha256: digest.sha256 } },
    });
    const tap = new Sha256Tap();
    try {
      await pipeline(source(), tap, out);
    } catch (err) {
      throw gcsError(err, this.ctx('write', uri));
    }
    const sent = tap.result();
    // putFile hashed the file before sending it: a file changed in between no longer matches the
    // md5Hash sent, which GCS refuses; a server that ignores md5Hash stored it under a digest it
    // does not have, and a later read would say so: say it now instead.
    if (sent.sha256 !== digest.sha256) throw checksumMismatch(uri, digest.sha256, sent.sha256);
    return this.infoOf(key, file.metadata);
  }

  private async metadata(key: string, uri = this.uri(key)): Promise<FileMetadata | undefined> {
    const file = (await this.bucket()).file(key);
    try {
      return (await file.getMetadata())[0];
    } catch (err) {
      if (isMissingBucket(err)) throw missingBucket(this.ctx('read', uri));
      if (httpStatus(err) === 404) return undefined;
      throw gcsError(err, this.ctx('read', uri));
    }
  }

  /** Streams one generation of the object into `sink()`, checking its SHA-256 on the way. */
  private async read(key: string, sink: () => Writable): Promise<ObjectInfo> {
    const uri = this.uri(key);
    for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      const meta = await this.metadata(key, uri);
      if (meta === undefined) throw notFound(uri);
      const file = (await this.bucket()).file(key, { generation: Number(meta.generation) });
      const tap = new Sha256Tap();
      try {
        await pipeline(file.createReadStream({ validation: 'crc32c' }), tap, sink());
      } catch (err) {
        // That generation was replaced after we read its metadata: read the new one.
        if (httpStatus(err) === 404 && !isMissingBucket(err)) continue;
        throw gcsError(err, this.ctx('read', uri));
      }
      const got = tap.result();
      const recorded = meta.metadata?.sha256;
      if (typeof recorded === 'string' && recorded !== got.sha256) throw checksumMismatch(uri, recorded, got.sha256);
      return { key, size: got.size, sha256: got.sha256, modified: new Date(String(meta.updated)) };
    }
    throw new GodwitError('E_STORE_IO', `${uri} kept being replaced while it was read.`);
  }

  private async infoOf(key: string, meta: FileMetadata): Promise<ObjectInfo> {
    const recorded = meta.metadata?.sha256;
    if (typeof recorded !== 'string') return this.verify(key);
    return { key, size: Number(meta.size), sha256: recorded, modified: new Date(String(meta.updated)) };
  }
}

function retryOptions(maxRetries: number | undefined) {
  if (maxRetries === undefined) return undefined;
  return maxRetries === 0 ? { autoRetry: false } : { maxRetries };
}

function collect(chunks: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
}
