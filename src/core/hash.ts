/**
 * SHA-256 of bytes, of files and of file trees. Digests are lowercase hex everywhere in Godwit,
 * so they compare as strings and match `sha256sum` output.
 */
import { createHash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { GodwitError } from './errors.js';

/** A file's content digest and its size in bytes. */
export interface FileDigest {
  readonly sha256: string;
  readonly size: number;
}

/** One file of a tree: `path` is `/`-separated and relative to the tree's root. */
export interface TreeEntry extends FileDigest {
  readonly path: string;
}

/** SHA-256 of bytes; a string is hashed as its UTF-8 encoding. */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 and size of a file, read in chunks so large files never sit in memory. */
export async function sha256File(path: string): Promise<FileDigest> {
  const handle = await open(path, 'r');
  try {
    return await sha256Handle(handle, (await handle.stat()).size);
  } finally {
    await handle.close();
  }
}

const CHUNK = 1024 * 1024;

/**
 * SHA-256 and size of an open regular file, from its start. `expectedSize` (from `fstat`) sizes
 * the buffer and ends the loop early: a short read that reaches it is the end of the file, which
 * saves the final empty read — one file operation in four for the small files artifacts are often
 * made of. Without it, or if the file turns out longer, reading goes on until a read returns 0.
 */
export async function sha256Handle(handle: FileHandle, expectedSize?: number): Promise<FileDigest> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(Math.min((expectedSize ?? CHUNK) + 1, CHUNK));
  let size = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, size);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    size += bytesRead;
    if (bytesRead < buffer.length && size === expectedSize) break;
  }
  return { sha256: hash.digest('hex'), size };
}

/** SHA-256 and size of everything a stream yields, consumed to its end. */
export async function sha256Stream(source: AsyncIterable<Uint8Array | string>): Promise<FileDigest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    hash.update(bytes);
    size += bytes.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * A pass-through stream that hashes and counts what flows through it, so a writer can learn the
 * digest of what it wrote without reading it back.
 */
export class Sha256Tap extends Transform {
  private readonly hash = createHash('sha256');
  private size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }

  /** Call once, after the stream has ended. */
  result(): FileDigest {
    return { sha256: this.hash.digest('hex'), size: this.size };
  }
}

const TREE_DIGEST_VERSION = 'godwit-tree-v1\n';

/**
 * A stable digest of a set of files, used as an artifact's digest: the same files with the same
 * contents give the same digest whatever order they were listed or uploaded in. Each entry is
 * hashed as a JSON array `[path, size, sha256]` on its own line, in `compareUtf8` order of path;
 * JSON quoting keeps a path holding a newline or a quote from forging another entry.
 */
export function digestTree(entries: readonly TreeEntry[]): string {
  const sorted = [...entries].sort((a, b) => compareUtf8(a.path, b.path));
  const hash = createHash('sha256').update(TREE_DIGEST_VERSION);
  sorted.forEach((entry, i) => {
    if (i > 0 && sorted[i - 1].path === entry.path)
      throw new GodwitError('E_DUPLICATE_PATH', `The file tree lists "${entry.path}" twice; a tree digest needs unique paths.`);
    hash.update(`${JSON.stringify([entry.path, entry.size, entry.sha256])}\n`);
  });
  return hash.digest('hex');
}

/**
 * Orders strings by their UTF-8 bytes, which is Unicode code point order and the order S3 and GCS
 * list keys in. JavaScript's default `<` compares UTF-16 code units instead, which puts characters
 * outside the Basic Multilingual Plane (emoji, U+1F642) before U+E000–U+FFFF (e.g. U+FF21 "Ａ").
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

// Moves surrogates (U+D800–U+DFFF, halves of code points above U+FFFF) above U+E000–U+FFFF so
// that the first differing code unit decides in code point order.
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
