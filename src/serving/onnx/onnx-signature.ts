/**
 * An ONNX model's signature, read from the file itself (no `onnxruntime-node` needed): what the
 * model descriptor records and what the ONNX runtime checks requests against.
 *
 * ```
 * await describeOnnx('model/model.onnx')
 * // { format: 'onnx', irVersion: 8, producer: 'skl2onnx 1.16', opsets: { '': 13 },
 * //   inputs: [{ name: 'X', type: 'float32', shape: ['N', 3] }], outputs: [{ name: 'Y', type: 'float32', shape: ['N', 1] }] }
 * ```
 *
 * A dimension is a number when fixed, its name when symbolic (`N`, `batch`), and `null` when the
 * model leaves it unnamed. Graph inputs that are also initializers (weights, in models from before
 * IR version 4) are not inputs a caller feeds, so they are left out.
 */
import { readFile } from 'node:fs/promises';
import { protobufFields, protobufString } from './protobuf-fields.js';

export type OnnxDim = number | string | null;

export interface OnnxTensorInfo {
  readonly name: string;
  /** `float32`, `float64`, `int64`, … (onnxruntime's names), or `sequence` / `map` / `unknown`. */
  readonly type: string;
  /** Absent when the model declares no shape. */
  readonly shape?: readonly OnnxDim[];
}

export interface OnnxSignature {
  readonly format: 'onnx';
  readonly irVersion: number;
  readonly producer: string;
  /** Operator set versions by domain (`''` is the default ONNX domain). */
  readonly opsets: Readonly<Record<string, number>>;
  readonly inputs: readonly OnnxTensorInfo[];
  readonly outputs: readonly OnnxTensorInfo[];
}

// TensorProto.DataType, named as onnxruntime's Tensor.Type names them.
const ELEMENT_TYPES: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
};

export async function describeOnnx(modelPath: string): Promise<OnnxSignature> {
  return readOnnxSignature(await readFile(modelPath), modelPath);
}

export function readOnnxSignature(bytes: Uint8Array, source: string): OnnxSignature {
  let irVersion = 0;
  let producer = '';
  let producerVersion = '';
  const opsets: Record<string, number> = {};
  let graph: Pick<OnnxSignature, 'inputs' | 'outputs'> = { inputs: [], outputs: [] };
  for (const f of protobufFields(bytes, source)) {
    if (f.field === 1 && f.varint !== undefined) irVersion = f.varint;
    else if (f.field === 2) producer = protobufString(f.bytes);
    else if (f.field === 3) producerVersion = protobufString(f.bytes);
    else if (f.field === 7 && f.bytes) graph = readGraph(f.bytes, source);
    else if (f.field === 8 && f.bytes) {
      let domain = '';
      let version = 0;
      for (const g of protobufFields(f.bytes, source)) {
        if (g.field === 1) domain = protobufString(g.bytes);
        else if (g.field === 2 && g.varint !== undefined) version = g.varint;
      }
      opsets[domain] = version;
    }
  }
  return { format: 'onnx', irVersion, producer: [producer, producerVersion].filter(Boolean).join(' '), opsets, ...graph };
}

function readGraph(bytes: Uint8Array, source: string): Pick<OnnxSignature, 'inputs' | 'outputs'> {
  const inputs: OnnxTensorInfo[] = [];
  const outputs: OnnxTensorInfo[] = [];
  const initializers = new Set<string>();
  for (const f of protobufFields(bytes, source)) {
    if (!f.bytes) continue;
    if (f.field === 11) inputs.push(readValueInfo(f.bytes, source));
    else if (f.field === 12) outputs.push(readValueInfo(f.bytes, source));
    else if (f.field === 5) initializers.add(fieldString(f.bytes, 8, source)); // TensorProto.name
  }
  return { inputs: inputs.filter((i) => !initializers.has(i.name)), outputs };
}

function readValueInfo(bytes: Uint8Array, source: string): OnnxTensorInfo {
  let name = '';
  let info: Omit<OnnxTensorInfo, 'name'> = { type: 'unknown' };
  for (const f of protobufFields(bytes, source)) {
    if (f.field === 1) name = protobufString(f.bytes);
    else if (f.field === 2 && f.bytes) info = readType(f.bytes, source);
  }
  return { name, ...info };
}

// TypeProto: tensor_type = 1, sequence_type = 4, map_type = 5.
function readType(bytes: Uint8Array, source: string): Omit<OnnxTensorInfo, 'name'> {
  for (const f of protobufFields(bytes, source)) {
    if (f.field === 4) return { type: 'sequence' };
    if (f.field === 5) return { type: 'map' };
    if (f.field !== 1 || !f.bytes) continue;
    let type = 'unknown';
    let shape: OnnxDim[] | undefined;
    for (const g of protobufFields(f.bytes, source)) {
      if (g.field === 1 && g.varint !== undefined) type = ELEMENT_TYPES[g.varint] ?? 'unknown';
      else if (g.field === 2 && g.bytes) shape = readShape(g.bytes, source);
    }
    return shape ? { type, shape } : { type };
  }
  return { type: 'unknown' };
}

function readShape(bytes: Uint8Array, source: string): OnnxDim[] {
  const dims: OnnxDim[] = [];
  for (const f of protobufFields(bytes, source)) {
    if (f.field !== 1 || !f.bytes) continue;
    let dim: OnnxDim = null;
    for (const g of protobufFields(f.bytes, source)) {
      if (g.field === 1 && g.varint !== undefined) dim = g.varint;
      else if (g.field === 2) dim = protobufString(g.bytes);
    }
    dims.push(dim);
  }
  return dims;
}

function fieldString(bytes: Uint8Array, field: number, source: string): string {
  for (const f of protobufFields(bytes, source)) if (f.field === field) return protobufString(f.bytes);
  return '';
}
