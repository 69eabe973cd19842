/**
 * Where artifacts live: a flat namespace of objects under one root URI, the shape S3 and GCS
 * have. Every backend (the local file system, S3, GCS) implements this interface and passes
 * `artifact-store.contract.ts`; code above it never knows which one it talks to.
 *
 * Semantics every store keeps:
 *
 * - **Keys** are `/`-separated paths relative to the store's root: `model/model.tar.gz`. A key is
 *   never empty and has no empty, `.` or `..` segment, no leading `/` and no NUL byte; anything
 *   else is refused with E_KEY_ESCAPES_ROOT before any I/O, so a key can only ever name one object
 *   under the root. Keys are case-sensitive and may hold spaces and any Unicode.
 * - **Objects versus folders.** Portable code never stores both `a` and `a/b`: S3 and GCS allow
 *   it, the file store cannot (a path is a file or a folder) and throws E_KEY_CONFLICT. Folders
 *   are not objects: they exist only as the shared beginning of keys, and disappear with them.
 * - **Writes** (`put`, `putFile`) replace the whole object atomically: a reader sees the old object
 *   or the new one, never a mix or a partial one, also when the write fails midway (a failed write
 *   leaves the previous version, if any). Of concurrent writes to one key, one wins whole. They
 *   overwrite without asking and return the new object's `ObjectInfo`.
 * - **Checksums.** Every write computes the SHA-256 of what it stored and the store keeps it with
 *   the object; `head` and `list` return it without reading the bytes. `get`, `getToFile` and
 *   `verify` re-hash the bytes they read and throw E_CHECKSUM if they differ from the recorded
 *   digest (the object changed or rotted behind the store's back).
 * - **Reads** of a missing key (`get`, `getToFile`, `verify`) throw E_NOT_FOUND naming the URI;
 *   `head` of a missing key returns `undefined`. A folder is not an object: `head('a')` is
 *   `undefined` when only `a/b` exists.
 * - **`list(prefix)`** returns every object whose key starts with `prefix` as a string, as S3's
 *   ListObjects does: `list('a/b')` matches `a/b/c` and `a/bc`; `list('a/b/')` only the first;
 *   `list('')` everything. The result is sorted by key in UTF-8 byte order (the order S3 and GCS
 *   list in; see `compareUtf8`). It is a snapshot: objects written during the call may or may not
 *   appear.
 * - **`delete`** is idempotent: deleting a missing key (or a folder) does nothing.
 *
 * Stores are cheap to construct and do no I/O until the first call.
 */
import type { Readable } from 'node:stream';

export interface ArtifactStore {
  /** Stores `data` under `key`, replacing any previous object atomically. */
  put(key: string, data: PutData): Promise<ObjectInfo>;
  /** Stores a local file's content under `key`; same semantics as `put`. */
  putFile(key: string, localPath: string): Promise<ObjectInfo>;
  /** The object's bytes, checked against the recorded SHA-256. */
  get(key: string): Promise<Buffer>;
  /**
   * Writes the object to `localPath` (creating missing parent folders, replacing an existing file
   * atomically) and checks the copy against the recorded SHA-256.
   */
  getToFile(key: string, localPath: string): Promise<ObjectInfo>;
  /** Size, digest and modification time of an object, or `undefined` if there is none. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** Every object whose key starts with `prefix`, sorted by key. */
  list(prefix: string): Promise<ObjectInfo[]>;
  /** Removes an object; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Re-reads the whole object and checks it against the recorded SHA-256 (E_CHECKSUM). */
  verify(key: string): Promise<ObjectInfo>;
  /** The URI of `key` in this store (`file:///…`, `s3://bucket/…`); does no I/O. */
  uri(key: string): string;
  /**
   * The inverse of `uri`: the key a URI names in this store, or `undefined` if it lies outside the
   * store's root. A URI ending in `/` gives a folder prefix ending in `/` (`…/runs/42/out/` →
   * `runs/42/out/`), the root itself gives `''`. Does no I/O; a malformed URI is E_URI.
   */
  keyOf(uri: string): string | undefined;
}

/** What a store knows about one object. */
export interface ObjectInfo {
  readonly key: string;
  /** Bytes. */
  readonly size: number;
  /** Lowercase hex SHA-256 of the content. */
  readonly sha256: string;
  /** When the object was last written. */
  readonly modified: Date;
}

/** Content for `put`: bytes, a string (stored as UTF-8), or a stream read to its end. */
export type PutData = Uint8Array | string | Readable | NodeJS.ReadableStream;
