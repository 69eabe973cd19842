/**
 * Writes a folder as a gzipped POSIX tar (ustar, with pax headers for long names), streaming so
 * a large model never sits in memory. Entries are relative (`xgboost-model`, `code/inference.py`),
 * as in the `model.tar.gz` SageMaker uploads; times are fixed at the epoch and owners at root so
 * the same files always give the same bytes, and so the same artifact digest.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { fileSink } from '../../core/file-sink.js';

const BLOCK = 512;

/** Packs every file and folder under `dir` (hidden ones too) into `target`. */
export async function writeTarGz(dir: string, target: string): Promise<void> {
  const entries = await walk(dir, '');
  await pipeline(Readable.from(records(dir, entries)), createGzip(), fileSink(target));
}

interface Entry {
  readonly path: string;
  readonly type: 'file' | 'dir';
  readonly size: number;
  readonly mode: number;
}

async function walk(root: string, rel: string): Promise<Entry[]> {
  const out: Entry[] = [];
  const names = (await readdir(join(root, rel))).sort();
  for (const name of names) {
    const path = rel ? `${rel}/${name}` : name;
    // A link to a file is stored as that file; a link to a folder is skipped (it could loop).
    const link = (await lstat(join(root, path))).isSymbolicLink();
    const info = await stat(join(root, path)).catch(() => undefined);
    if (!info || (link && info.isDirectory())) continue;
    if (info.isDirectory()) out.push({ path, type: 'dir', size: 0, mode: 0o755 }, ...(await walk(root, path)));
    else if (info.isFile()) out.push({ path, type: 'file', size: info.size, mode: info.mode & 0o111 ? 0o755 : 0o644 });
  }
  return out;
}

async function* records(root: string, entries: readonly Entry[]): AsyncGenerator<Buffer> {
  for (const e of entries) {
    const name = e.type === 'dir' ? `${e.path}/` : e.path;
    if (Buffer.byteLength(name) > 100) yield* paxHeader(name);
    yield header(name, e);
    if (e.type === 'file') {
      for await (const chunk of createReadStream(join(root, e.path))) yield chunk as Buffer;
      const pad = (BLOCK - (e.size % BLOCK)) % BLOCK;
      if (pad) yield Buffer.alloc(pad);
    }
  }
  yield Buffer.alloc(BLOCK * 2);
}

function* paxHeader(name: string): Generator<Buffer> {
  const body = paxRecord('path', name);
  yield header('PaxHeader', { path: 'PaxHeader', type: 'file', size: body.length, mode: 0o644 }, 'x');
  yield body;
  const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
  if (pad) yield Buffer.alloc(pad);
}

/** A pax record is "<length> <key>=<value>\n", where the length counts itself. */
function paxRecord(key: string, value: string): Buffer {
  const rest = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(rest) + 1;
  while (String(length).length + Buffer.byteLength(rest) !== length) length = String(length).length + Buffer.byteLength(rest);
  return Buffer.from(`${length}${rest}`);
}

function header(name: string, e: Entry, typeflag = e.type === 'dir' ? '5' : '0'): Buffer {
  const h = Buffer.alloc(BLOCK);
  const bytes = Buffer.from(name);
  // A name over 100 bytes went into a pax record; the header keeps a truncated copy.
  bytes.subarray(0, 100).copy(h, 0);
  octal(h, 100, 8, e.mode);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, e.size);
  octal(h, 136, 12, 0);
  h.fill(0x20, 148, 156);
  h.write(typeflag, 156, 'latin1');
  h.write('ustar\u000000', 257, 'latin1');
  h.write('root', 265, 'latin1');
  h.write('root', 297, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return h;
}

function octal(h: Buffer, offset: number, width: number, value: number): void {
  h.write(`${value.toString(8).padStart(width - 1, '0')}\u0000`, offset, 'latin1');
}
