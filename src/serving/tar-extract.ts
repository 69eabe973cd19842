/**
 * Unpacks a (gzipped) tar archive into a folder, streaming, so a large `model.tar.gz` never sits
 * in memory: ustar and GNU headers, pax `path` records and GNU long names (`././@LongLink`), as
 * `tar`, Python's `tarfile` and SageMaker's SDK write them. Regular files and folders are
 * unpacked; links, devices and FIFOs are skipped, because a model archive needs none and a link
 * could point outside the folder. An entry whose path would leave the folder is refused.
 *
 * Throws a plain `Error` describing the damage; callers wrap it in their own coded error.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { createGunzip } from 'node:zlib';

const BLOCK = 512;

interface Header {
  readonly name: string;
  readonly size: number;
  readonly type: string;
  readonly mode: number;
}

/** Unpacks `archive` (gzipped when it starts with gzip's magic bytes) into `dir`; returns the files written. */
export async function extractTar(archive: string, dir: string): Promise<string[]> {
  const gzipped = await startsWithGzip(archive);
  const source = createReadStream(archive);
  const stream = gzipped ? source.pipe(createGunzip()) : source;
  source.on('error', (err) => stream.destroy(err));
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  const reader = new BlockReader(stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
  const written: string[] = [];
  let longName: string | undefined;
  for (;;) {
    const block = await reader.read(BLOCK);
    if (block === undefined) throw new Error('the archive ends before its end-of-archive marker');
    if (block.every((b) => b === 0)) break;
    const header = parseHeader(block);
    const padded = Math.ceil(header.size / BLOCK) * BLOCK;
    if (header.type === 'x' || header.type === 'L') {
      const body = await reader.read(padded);
      if (body === undefined) throw new Error(`the archive is cut short in the header of ${header.name}`);
      const text = body.subarray(0, header.size).toString('utf8');
      longName = header.type === 'L' ? text.replace(/\0+$/, '') : (paxPath(text) ?? longName);
      continue;
    }
    if (header.type === 'g') {
      await reader.skip(padded);
      continue;
    }
    const name = longName ?? header.name;
    longName = undefined;
    const target = containedPath(root, name);
    if (header.type === '5') await mkdir(target, { recursive: true });
    else if (header.type === '0' || header.type === '\0' || header.type === '7') {
      await writeEntry(reader, target, header);
      written.push(name.replace(/^\.\//, ''));
      await reader.skip(padded - header.size);
      continue;
    }
    await reader.skip(padded);
  }
  return written;
}

async function startsWithGzip(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await file.close();
  }
}

function parseHeader(block: Buffer): Header {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i];
  const recorded = octal(block, 148, 8);
  if (recorded !== sum) throw new Error('a tar header has a bad checksum (this is not a tar archive, or it is damaged)');
  const magic = block.toString('latin1', 257, 262);
  const base = cString(block, 0, 100);
  const prefix = magic === 'ustar' ? cString(block, 345, 155) : '';
  return {
    name: prefix ? `${prefix}/${base}` : base,
    size: octal(block, 124, 12),
    type: String.fromCharCode(block[156]),
    mode: octal(block, 100, 8),
  };
}

function cString(block: Buffer, offset: number, width: number): string {
  const end = block.indexOf(0, offset);
  return block.toString('utf8', offset, end === -1 || end > offset + width ? offset + width : end);
}

function octal(block: Buffer, offset: number, width: number): number {
  // GNU tar writes sizes over 8 GiB in base-256, flagged by the high bit.
  if (block[offset] & 0x80) {
    let value = 0;
    for (let i = offset + 1; i < offset + width; i++) value = value * 256 + block[i];
    return value;
  }
  const text = cString(block, offset, width).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/** The `path` record of a pax header ("<length> path=<value>\n" records). */
function paxPath(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const match = /^\d+ path=(.*)$/s.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

function containedPath(root: string, name: string): string {
  const target = resolve(root, name);
  if (target !== root && !target.startsWith(root + sep))
    throw new Error(`the entry "${name}" would be written outside the folder`);
  return target;
}

async function writeEntry(reader: BlockReader, target: string, header: Header): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const file = await open(target, 'w', header.mode & 0o111 ? 0o755 : 0o644);
  try {
    let left = header.size;
    while (left > 0) {
      const chunk = await reader.readSome(left);
      if (chunk === undefined) throw new Error(`the archive is cut short in ${header.name}`);
      await file.write(chunk);
      left -= chunk.length;
    }
  } finally {
    await file.close();
  }
}

/** Reads exact byte counts from a stream of chunks of any size. */
class BlockReader {
  private pending: Buffer = Buffer.alloc(0);
  private done = false;

  constructor(private readonly chunks: AsyncIterator<Buffer>) {}

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.chunks.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    this.pending = this.pending.length ? Buffer.concat([this.pending, next.value]) : next.value;
    return true;
  }

  /** Exactly `n` bytes, or undefined at the end of the stream. */
  async read(n: number): Promise<Buffer | undefined> {
    while (this.pending.length < n) if (!(await this.fill())) return undefined;
    const out = this.pending.subarray(0, n);
    this.pending = this.pending.subarray(n);
    return out;
  }

  /** Between 1 and `max` bytes, or undefined at the end of the stream. */
  async readSome(max: number): Promise<Buffer | undefined> {
    if (this.pending.length === 0 && !(await this.fill())) return undefined;
    const out = this.pending.subarray(0, Math.min(max, this.pending.length));
    this.pending = this.pending.subarray(out.length);
    return out;
  }

  async skip(n: number): Promise<void> {
    let left = n;
    while (left > 0) {
      const chunk = await this.readSome(left);
      if (chunk === undefined) throw new Error('the archive is cut short');
      left -= chunk.length;
    }
  }
}
