import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * The digests S3 clients send with a body, computed as the body streams by: `Content-MD5`, the
 * flexible checksums (`x-amz-checksum-crc32 | crc32c | crc64nvme | sha1 | sha256`, as a header
 * or an aws-chunked trailer) and the SigV4 payload hash (`x-amz-content-sha256`, hex).
 * CRC32 is node's zlib (native); CRC32C and CRC64/NVME are table-driven here, because node has
 * neither and the SDKs' own implementations are not Godwit's dependencies.
 */
export type ChecksumAlgorithm = 'crc32' | 'crc32c' | 'crc64nvme' | 'sha1' | 'sha256' | 'md5';

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'];

export interface Digest {
  update(chunk: Buffer): void;
  /** The digest's bytes, big-endian for CRCs as S3 sends them (base64 on the wire). */
  result(): Buffer;
}

export function digestFor(algorithm: ChecksumAlgorithm): Digest {
  switch (algorithm) {
    case 'crc32':
      return crc32Digest();
    case 'crc32c':
      return crc32cDigest();
    case 'crc64nvme':
      return crc64nvmeDigest();
    default: {
      const hash = createHash(algorithm);
      return { update: (chunk) => hash.update(chunk), result: () => hash.digest() };
    }
  }
}

/** How many bytes an algorithm's digest has: a value of another length is malformed. */
export function digestLength(algorithm: ChecksumAlgorithm): number {
  return { crc32: 4, crc32c: 4, crc64nvme: 8, sha1: 20, sha256: 32, md5: 16 }[algorithm];
}

function crc32Digest(): Digest {
  let crc = 0;
  return {
    update: (chunk) => {
      crc = crc32(chunk, crc);
    },
    result: () => uint32(crc),
  };
}

/** Reflected CRC-32 table for a polynomial: one entry per byte value. */
function table32(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

let crc32cTable: Uint32Array | undefined;

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78); check value of "123456789" is E3069283. */
function crc32cDigest(): Digest {
  crc32cTable ??= table32(0x82f63b78);
  const t = crc32cTable;
  let crc = 0xffffffff;
  return {
    update: (chunk) => {
      let c = crc;
      for (let i = 0; i < chunk.length; i++) c = t[(c ^ chunk[i]) & 0xff] ^ (c >>> 8);
      crc = c;
    },
    result: () => uint32((crc ^ 0xffffffff) >>> 0),
  };
}

let crc64Tables: { hi: Uint32Array; lo: Uint32Array } | undefined;

/**
 * CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, init and final XOR all ones), kept as two
 * 32-bit halves so that no BigInt is made per byte; check value of "123456789" is AE8B14860A799888.
 */
function crc64nvmeDigest(): Digest {
  crc64Tables ??= table64(0x9a6c9329, 0xac4bc9b5);
  const { hi: th, lo: tl } = crc64Tables;
  let hi = 0xffffffff;
  let lo = 0xffffffff;
  return {
    update: (chunk) => {
      let h = hi;
      let l = lo;
      for (let i = 0; i < chunk.length; i++) {
        const idx = (l ^ chunk[i]) & 0xff;
        l = ((l >>> 8) | (h << 24)) ^ tl[idx];
        h = (h >>> 8) ^ th[idx];
      }
      hi = h >>> 0;
      lo = l >>> 0;
    },
    result: () => Buffer.concat([uint32((hi ^ 0xffffffff) >>> 0), uint32((lo ^ 0xffffffff) >>> 0)]),
  };
}

function table64(polyHi: number, polyLo: number): { hi: Uint32Array; lo: Uint32Array } {
  const hi = new Uint32Array(256);
  const lo = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let h = 0;
    let l = n;
    for (let k = 0; k < 8; k++) {
      const odd = l & 1;
      l = (l >>> 1) | ((h & 1) << 31);
      h >>>= 1;
      if (odd) {
        h ^= polyHi;
        l ^= polyLo;
      }
    }
    hi[n] = h >>> 0;
    lo[n] = l >>> 0;
  }
  return { hi, lo };
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}
