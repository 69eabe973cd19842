/**
 * The artifact store on S3 or any S3-compatible server, through the official AWS SDK for
 * JavaScript v3. Store root `s3://bucket/prefix`: key `a/b.csv` is the object `prefix/a/b.csv`.
 *
 * - **Digests.** Every object Godwit writes carries its SHA-256 as user metadata
 *   (`x-amz-meta-sha256`), fixed when the upload starts, so the digest is known first: bytes are
 *   hashed in memory, a local file is hashed before it is sent, a stream is spooled to a temp file
 *   while hashed (`s3-body.ts`). The SDK adds its default integrity checksum (CRC32) to every
 *   PUT and part, which S3 verifies; `get`, `getToFile` and `verify` re-hash what they read and
 *   throw E_CHECKSUM when it differs from the metadata.
 * - **Objects written by other tools** have no such metadata: `head` and `list` give `sha256: ''`
 *   (unknown, never a guess), and reads return the digest of the bytes they read, which they
 *   cannot check against anything.
 * - **Large objects** go up in 8 MiB parts (`@aws-sdk/lib-storage`), 4 in flight, and come down
 *   as streams: memory stays flat whatever the size.
 * - **Atomicity** is S3's own: a PUT or a completed multipart upload replaces the object whole; a
 *   failed one leaves the previous version (an unfinished multipart upload is aborted).
 * - `list` is ListObjectsV2 plus one HEAD per object (the listing carries no user metadata); keys
 *   a Godwit key cannot spell (`a//b`, a `folder/` marker) are left out.
 */

import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { compareUtf8, type FileDigest, Sha256Tap, sha256Stream } from '../../core/hash.js';
import { type ArtifactUri, parseUri } from '../../core/uri.js';
import type { ArtifactStore, ObjectInfo, PutData } from '../artifact-store.js';
import type { StoreOptions } from '../index.js';
import { keySegments, prefixFolder } from '../keys.js';
import { DEFAULT_PARALLELISM, mapLimit } from '../map-limit.js';
import { checksumMismatch, errnoCode, localNotFound, notFound, storeIo } from '../store-errors.js';
import { bodyOf, fileBody, streamOf, type UploadBody } from './s3-body.js';
import { createS3Client, type S3Target, s3TargetOf } from './s3-client.js';
import { isMissingKey, s3Error, s3ErrorName } from './s3-errors.js';

/** The user-metadata name of the SHA-256 (`x-amz-meta-sha256` on the wire). */
export const SHA256_METADATA = 'sha256';
const PART_SIZE = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 4;

export class S3ArtifactStore implements ArtifactStore {
  readonly bucket: string;
  /** The root's key prefix, without a trailing `/`; `''` for the bucket's root. */
  readonly prefix: string;
  // Private so that logging or serializing the store shows no client and no credential provider.
  readonly #options: StoreOptions;
  #client?: S3Client;

  constructor(bucket: string, prefix: string, options: StoreOptions = {}) {
    const folder = prefix.replace(/\/+$/, '');
    if (folder !== '') keySegments(folder);
    this.bucket = bucket;
    this.prefix = folder;
    this.#options = options;
  }

  /** Where the store talks to, for messages (the endpoint without any password). */
  get target(): S3Target {
    return s3TargetOf(this.#options);
  }

  uri(key: string): string {
    return `s3://${this.bucket}/${this.objectKey(key)}`;
  }

  keyOf(uri: string): string | undefined {
    const location = parseUri(uri);
    if (location.scheme !== 's3' || location.bucket !== this.bucket) return undefined;
    if (this.prefix === '') return location.key;
    if (location.key === this.prefix || location.key === `${this.prefix}/`) return '';
    return location.key.startsWith(`${this.prefix}/`) ? location.key.slice(this.prefix.length + 1) : undefined;
  }

  async put(key: string, data: PutData): Promise<ObjectInfo> {
    const objectKey = this.objectKey(key);
    return this.upload(
      key,
      await bodyOf(data, PART_SIZE).catch((err) => Promise.reject(storeIo('write', this.uri(key), err))),
      objectKey,
    );
  }

  async putFile(key: string, localPath: string): Promise<ObjectInfo> {
    const objectKey = this.objectKey(key);
    const body = await fileBody(localPath).catch((err) =>
      Promise.reject(
        errnoCode(err) === 'ENOENT' ? localNotFound(localPath, this.uri(key)) : storeIo('upload a file to', this.uri(key), err),
      ),
    );
    return this.upload(key, body, objectKey);
  }

  async get(key: string): Promise<Buffer> {
    const object = await this.open(key, 'read');
    const chunks: Buffer[] = [];
    const digest = await sha256Stream(
      (async function* () {
        for await (const chunk of object.body) {
          chunks.push(chunk as Buffer);
          yield chunk as Buffer;
        }
      })(),
    ).catch((err) => Promise.reject(this.fail(err, 'read', key)));
    this.check(key, object.recorded, digest);
    return Buffer.concat(chunks, digest.size);
  }

  async getToFile(key: string, localPath: string): Promise<ObjectInfo> {
    const object = await this.open(key, 'download');
    const target = resolve(localPath);
    const tmp = `${target}.godwit-part-${randomBytes(6).toString('hex')}`;
    try {
      await mkdir(dirname(target), { recursive: true });
      const tap = new Sha256Tap();
      await pipeline(object.body, tap, createWriteStream(tmp, { flags: 'wx' }));
      const info = this.check(key, object.recorded, tap.result(), object.modified);
      await rename(tmp, target);
      return info;
    } catch (err) {
      throw this.fail(err, 'download', key);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const objectKey = this.objectKey(key);
    try {
      const out = await this.client().send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      return {
        key,
        size: out.ContentLength ?? 0,
        sha256: recordedDigest(out.Metadata) ?? '',
        modified: out.LastModified ?? new Date(0),
      };
    } catch (err) {
      if (isMissingKey(err)) return undefined;
      throw this.fail(err, 'look up', key);
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    prefixFolder(prefix);
    const root = this.prefix === '' ? '' : `${this.prefix}/`;
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client()
        .send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: root + prefix, ContinuationToken: token }))
        .catch((err) => Promise.reject(this.fail(err, 'list', prefix, true)));
      for (const o of page.Contents ?? [])
        if (o.Key && isGodwitKey(o.Key.slice(root.length))) keys.push(o.Key.slice(root.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    // An object deleted between the listing and its HEAD is simply not part of the snapshot.
    const infos = await mapLimit(keys, DEFAULT_PARALLELISM, (k) => this.head(k));
    return infos.filter((i): i is ObjectInfo => i !== undefined).sort((a, b) => compareUtf8(a.key, b.key));
  }

  async delete(key: string): Promise<void> {
    const objectKey = this.objectKey(key);
    await this.client()
      .send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }))
      .catch((err) => Promise.reject(this.fail(err, 'delete', key)));
  }

  async verify(key: string): Promise<ObjectInfo> {
    const object = await this.open(key, 'verify');
    const digest = await sha256Stream(object.body).catch((err) => Promise.reject(this.fail(err, 'verify', key)));
    return this.check(key, object.recorded, digest, object.modified);
  }

  /**
   * Creates the bucket unless it exists, as SageMaker's default bucket is created on first use.
   * Only for the home's own local server: on a configured endpoint a missing bucket is the user's
   * to create (E_S3_NO_BUCKET says how).
   */
  async createBucketIfMissing(): Promise<void> {
    try {
      await this.client().send(new CreateBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      const name = s3ErrorName(err);
      if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists')
        throw this.fail(err, 'create the bucket of', '', true);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private client(): S3Client {
    this.#client ??= createS3Client(this.#options);
    return this.#client;
  }

  private objectKey(key: string): string {
    keySegments(key);
    return this.prefix === '' ? key : `${this.prefix}/${key}`;
  }

  private fail(err: unknown, action: string, key: string, isPrefix = false) {
    const uri = isPrefix ? `s3://${this.bucket}/${this.prefix === '' ? '' : `${this.prefix}/`}${key}` : this.uri(key);
    return s3Error(err, action, uri, this.bucket, this.target);
  }

  private async upload(key: string, body: UploadBody, objectKey: string): Promise<ObjectInfo> {
    try {
      const upload = new Upload({
        client: this.client(),
        partSize: PART_SIZE,
        queueSize: PARTS_IN_FLIGHT,
        leavePartsOnError: false,
        params: {
          Bucket: this.bucket,
          Key: objectKey,
          Body: streamOf(body),
          ContentLength: body.digest.size,
          Metadata: { [SHA256_METADATA]: body.digest.sha256 },
        },
      });
      await upload.done();
      // S3 returns no modification time from a PUT; the time it finished is within a request of it.
      return { key, size: body.digest.size, sha256: body.digest.sha256, modified: new Date() };
    } catch (err) {
      throw this.fail(err, 'write', key);
    } finally {
      if (body.kind === 'file') await body.dispose();
    }
  }

  private async open(key: string, action: string): Promise<{ body: Readable; recorded?: string; modified: Date }> {
    const objectKey = this.objectKey(key);
    try {
      const out = await this.client().send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      if (!out.Body) throw notFound(this.uri(key));
      return { body: out.Body as Readable, recorded: recordedDigest(out.Metadata), modified: out.LastModified ?? new Date(0) };
    } catch (err) {
      throw this.fail(err, action, key);
    }
  }

  private check(key: string, recorded: string | undefined, actual: FileDigest, modified = new Date()): ObjectInfo {
    if (recorded !== undefined && recorded !== actual.sha256) throw checksumMismatch(this.uri(key), recorded, actual.sha256);
    return { key, size: actual.size, sha256: actual.sha256, modified };
  }
}

/** The backend entry `storeForUri` loads: `s3://bucket/prefix` → its store. */
export function createStore(location: ArtifactUri, options: StoreOptions): ArtifactStore {
  if (location.scheme !== 's3') throw new Error(`S3 store asked to open ${location.scheme}://`);
  return new S3ArtifactStore(location.bucket, location.key, options);
}

function recordedDigest(metadata: Record<string, string> | undefined): string | undefined {
  const value = metadata?.[SHA256_METADATA];
  return value && /^[0-9a-f]{64}$/.test(value) ? value : undefined;
}

function isGodwitKey(key: string): boolean {
  try {
    keySegments(key);
    return true;
  } catch {
    return false;
  }
}
