/**
 * Reads an ONNX model's inputs and outputs straight from its protobuf bytes (`onnx.proto3`:
 * ModelProto → GraphProto → ValueInfoProto), so describing a model needs neither
 * `onnxruntime-node` nor a protobuf library. Only the fields below are decoded; the rest is skipped.
 */
import type { TensorSpec } from '../model-descriptor.js';

export interface OnnxSignature {
  readonly irVersion?: number;
  readonly opset?: number;
  readonly producer?: string;
  readonly inputs: TensorSpec[];
  readonly outputs: TensorSpec[];
  /** Graph inputs that are weights (older exporters list them as inputs too). */
  readonly initializers: Set<string>;
}

// TensorProto.DataType, by number.
const ELEMENT_TYPES = [
  'undefined',
  'float32',
  'uint8',
  'int8',
  'uint16',
  'int16',
  'int32',
  'int64',
  'string',
  'bool',
  'float16',
  'float64',
  'uint32',
  'uint64',
  'complex64',
  'complex128',
  'bfloat16',
];

interface Field {
  readonly no: number;
  readonly int?: number;
  readonly bytes?: Uint8Array;
}

function* fields(buf: Uint8Array): Generator<Field> {
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (pos >= buf.length) throw new Error('the protobuf ends inside a number');
      const b = buf[pos++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const no = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) yield { no, int: varint() };
    else if (wire === 2) {
      const n = varint();
      if (pos + n > buf.length) throw new Error('the protobuf ends inside a field');
      yield { no, bytes: buf.subarray(pos, pos + n) };
      pos += n;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
}

const text = (b: Uint8Array | undefined): string => Buffer.from(b ?? new Uint8Array()).toString('utf8');

function valueInfo(buf: Uint8Array): TensorSpec {
  let name = '';
  let type = 'undefined';
  const shape: (number | null)[] = [];
  for (const f of fields(buf)) {
    if (f.no === 1) name = text(f.bytes);
    if (f.no !== 2 || !f.bytes) continue;
    for (const t of fields(f.bytes)) {
      if (t.no !== 1 || !t.bytes) continue; // tensor_type only; sequences and maps stay 'undefined'
      for (const tt of fields(t.bytes)) {
        if (tt.no === 1) type = ELEMENT_TYPES[tt.int ?? 0] ?? `type ${tt.int}`;
        if (tt.no === 2 && tt.bytes)
          for (const dim of fields(tt.bytes)) if (dim.no === 1 && dim.bytes) shape.push(dimension(dim.bytes));
      }
    }
  }
  return { name, type, shape };
}

function dimension(buf: Uint8Array): number | null {
  for (const f of fields(buf)) if (f.no === 1 && f.int !== undefined) return f.int;
  return null;
}

export function readOnnxSignature(bytes: Uint8Array): OnnxSignature {
  const sig: { -readonly [K in keyof OnnxSignature]: OnnxSignature[K] } = { inputs: [], outputs: [], initializers: new Set() };
  let graphSeen = false;
  for (const f of fields(bytes)) {
    if (f.no === 1) sig.irVersion = f.int;
    else if (f.no === 2) sig.producer = text(f.bytes);
    else if (f.no === 8 && f.bytes) {
      for (const o of fields(f.bytes)) if (o.no === 2 && o.int !== undefined) sig.opset = Math.max(sig.opset ?? 0, o.int);
    } else if (f.no === 7 && f.bytes) {
      graphSeen = true;
      for (const g of fields(f.bytes)) {
        if (g.no === 11 && g.bytes) sig.inputs.push(valueInfo(g.bytes));
        if (g.no === 12 && g.bytes) sig.outputs.push(valueInfo(g.bytes));
        if (g.no === 5 && g.bytes) for (const t of fields(g.bytes)) if (t.no === 8) sig.initializers.add(text(t.bytes));
      }
    }
  }
  if (!graphSeen) throw new Error('it has no graph');
  return sig;
}
