/**
 * Writes the few ONNX protobuf messages a small feed-forward graph needs (onnx.proto: ModelProto,
 * GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto), so an installed Godwit can
 * write `.onnx` files without a protobuf package (`onnx-proto` is a development dependency only).
 * Field numbers are onnx.proto's; repeated numbers are written packed, which every protobuf
 * reader accepts.
 *
 * ```ts
 * onnxModelBytes({ nodes: [{ op: 'Relu', inputs: ['X'], outputs: ['Y'] }], inputs: [{ name: 'X', shape: ['N', 3] }], … });
 * ```
 */

export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Integer or float attributes (`axis`, `alpha`). */
  readonly attributes?: Readonly<Record<string, { readonly int: number } | { readonly float: number }>>;
}

export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly values: ArrayLike<number>;
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  /** float32 tensors; a string dimension is left open (the batch). */
  readonly inputs: readonly { readonly name: string; readonly shape: readonly (number | string)[] }[];
  readonly outputs: readonly { readonly name: string; readonly shape: readonly (number | string)[] }[];
}

const FLOAT = 1;
const IR_VERSION = 8;
const OPSET = 13;

export function onnxModelBytes(graph: OnnxGraph, producer = 'godwit'): Buffer {
  const g = new Message();
  for (const n of graph.nodes) g.message(1, node(n));
  g.string(2, graph.name);
  for (const t of graph.initializers) g.message(5, tensor(t));
  for (const i of graph.inputs) g.message(11, valueInfo(i.name, i.shape));
  for (const o of graph.outputs) g.message(12, valueInfo(o.name, o.shape));
  const model = new Message().varint(1, IR_VERSION).string(2, producer).string(3, '1').message(7, g);
  model.message(8, new Message().string(1, '').varint(2, OPSET));
  return model.bytes();
}

function node(n: OnnxNode): Message {
  const m = new Message();
  for (const i of n.inputs) m.string(1, i);
  for (const o of n.outputs) m.string(2, o);
  m.string(4, n.op);
  for (const [name, value] of Object.entries(n.attributes ?? {})) {
    const a = new Message().string(1, name);
    if ('int' in value) a.varint(3, value.int).varint(20, 2);
    else a.float(2, value.float).varint(20, 1);
    m.message(5, a);
  }
  return m;
}

function tensor(t: OnnxTensor): Message {
  return new Message().packedVarints(1, t.dims).varint(2, FLOAT).packedFloats(4, t.values).string(8, t.name);
}

function valueInfo(name: string, shape: readonly (number | string)[]): Message {
  const dims = new Message();
  for (const d of shape) dims.message(1, typeof d === 'number' ? new Message().varint(1, d) : new Message().string(2, d));
  const tensorType = new Message().varint(1, FLOAT).message(2, dims);
  return new Message().string(1, name).message(2, new Message().message(1, tensorType));
}

/** A protobuf message being written: fields appended in order. */
class Message {
  private readonly parts: Buffer[] = [];

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }

  varint(field: number, value: number): this {
    this.parts.push(varint(field * 8), varint(value));
    return this;
  }

  float(field: number, value: number): this {
    const b = Buffer.alloc(4);
    b.writeFloatLE(value);
    this.parts.push(varint(field * 8 + 5), b);
    return this;
  }

  string(field: number, value: string): this {
    return this.delimited(field, Buffer.from(value, 'utf8'));
  }

  message(field: number, value: Message): this {
    return this.delimited(field, value.bytes());
  }

  packedVarints(field: number, values: readonly number[]): this {
    return this.delimited(field, Buffer.concat(values.map(varint)));
  }

  packedFloats(field: number, values: ArrayLike<number>): this {
    const b = Buffer.alloc(values.length * 4);
    for (let i = 0; i < values.length; i++) b.writeFloatLE(values[i], i * 4);
    return this.delimited(field, b);
  }

  private delimited(field: number, body: Buffer): this {
    this.parts.push(varint(field * 8 + 2), varint(body.length), body);
    return this;
  }
}

/** A non-negative integer as a protobuf varint (values here stay far below 2^53). */
function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Buffer.from(out);
}
