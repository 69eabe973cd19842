import { crc32 } from 'node:zlib';

/**
 * An aws-chunked body as the AWS SDKs frame a streamed upload: `size[;chunk-signature=…]\r\n`
 * data `\r\n` per chunk, a zero chunk, then trailers (`x-amz-checksum-crc32:<base64>`) and an
 * empty line. `crc32` overrides the trailer's value (a corrupted trailer).
 */
export function awsChunked(
  payload: Buffer,
  options: { chunkSize?: number; signed?: boolean; trailer?: boolean; crc32?: string } = {},
): Buffer {
  const { chunkSize = 65_536, signed = false, trailer = true } = options;
  const ext = signed ? `;chunk-signature=${'ab'.repeat(32)}` : '';
  const parts: Buffer[] = [];
  for (let at = 0; at < payload.length; at += chunkSize) {
    const chunk = payload.subarray(at, at + chunkSize);
    parts.push(Buffer.from(`${chunk.length.toString(16)}${ext}\r\n`), chunk, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`0${ext}\r\n`));
  if (trailer) {
    parts.push(Buffer.from(`x-amz-checksum-crc32:${options.crc32 ?? crc32Base64(payload)}\r\n`));
    if (signed) parts.push(Buffer.from(`x-amz-trailer-signature:${'cd'.repeat(32)}\r\n`));
  }
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

export function crc32Base64(data: Buffer): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(crc32(data));
  return b.toString('base64');
}

/** The request headers the SDK sends with such a body (unsigned trailer form unless `signed`). */
export function awsChunkedHeaders(payload: Buffer, body: Buffer, signed = false): Record<string, string> {
  return {
    'content-encoding': 'aws-chunked',
    'content-length': String(body.length),
    'x-amz-decoded-content-length': String(payload.length),
    'x-amz-content-sha256': signed ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' : 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
    'x-amz-trailer': 'x-amz-checksum-crc32',
    'x-amz-sdk-checksum-algorithm': 'CRC32',
  };
}
