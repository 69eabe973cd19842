/**
 * A minimal reader of protobuf's wire format, enough to read an ONNX model's signature (names,
 * element types and shapes of its inputs and outputs) without its schema and without loading
 * `onnxruntime-node`. It yields each field of one message; nested messages are read by calling
 * it again on a field's bytes. Unknown fields are skipped, as protobuf requires.
 *
 * ```
 * for (const f of protobufFields(bytes)) if (f.field === 7 && f.bytes) readGraph(f.bytes);
 * ```
 */
import { GodwitError } from '../../core/errors.js';

export interface ProtobufField {
  readonly field: number;
  /** Varint fields (wire type 0); ONNX's dims and enums fit in a double exactly. */
  readonly varint?: number;
  /** Length-delimited fields (wire type 2): strings, bytes, nested messages, packed arrays. */
  readonly bytes?: Uint8Array;
}

export function* protobufFields(buf: Uint8Array, source = 'ONNX model'): Generator<ProtobufField> {
  const reader = { buf, pos: 0, source };
  while (reader.pos < buf.length) {
    const key = readVarint(reader);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) yield { field, varint: readVarint(reader) };
    else if (wire === 2) {
      const length = readVarint(reader);
      if (reader.pos + length > buf.length) malformed(reader);
      yield { field, bytes: buf.subarray(reader.pos, reader.pos + length) };
      reader.pos += length;
    } else if (wire === 1) reader.pos += 8;
    else if (wire === 5) reader.pos += 4;
    else malformed(reader);
  }
  if (reader.pos > buf.length) malformed(reader);
}

interface Reader {
  readonly buf: Uint8Array;
  pos: number;
  readonly source: string;
}

function readVarint(r: Reader): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (r.pos >= r.buf.length) malformed(r);
    const byte = r.buf[r.pos++];
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 128;
  }
  return malformed(r);
}

function malformed(r: Reader): never {
  throw new GodwitError('E_MODEL_FORMAT', `${r.source} is not a valid ONNX (protobuf) file: it breaks off at byte ${r.pos}.`, {
    hint: 'Export the model again (torch.onnx.export, skl2onnx, tf2onnx) and copy the whole .onnx file.',
  });
}

const utf8 = new TextDecoder();

export function protobufString(bytes: Uint8Array | undefined): string {
  return bytes ? utf8.decode(bytes) : '';
}
