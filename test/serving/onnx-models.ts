/**
 * Small ONNX models for tests, written with the ONNX protobuf from npm (`onnx-proto`): a linear
 * regression (MatMul + Add over initializers) and a logistic classifier (the same + Sigmoid), so
 * predictions can be computed by hand.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

type Dim = number | string;

export interface LinearSpec {
  readonly weights: readonly number[];
  readonly bias: number;
  /** Input shape; default `['N', weights.length]`. */
  readonly inputShape?: readonly Dim[];
  readonly inputType?: number;
  /** Adds a Sigmoid: the output `probability` beside `score`. */
  readonly logistic?: boolean;
  /** Lists the weights among the graph's inputs too, as models before IR version 4 did. */
  readonly initializersAsInputs?: boolean;
  readonly extraInput?: boolean;
}

function valueInfo(name: string, dims: readonly Dim[] | undefined, elemType = FLOAT) {
  const shape = dims ? { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } : undefined;
  return onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType, shape } } });
}

export function linearModelBytes(spec: LinearSpec): Uint8Array {
  const n = spec.weights.length;
  const W = onnx.TensorProto.create({ name: 'W', dims: [n, 1], dataType: FLOAT, floatData: [...spec.weights] });
  const B = onnx.TensorProto.create({ name: 'B', dims: [1], dataType: FLOAT, floatData: [spec.bias] });
  const node = [
    onnx.NodeProto.create({ opType: 'MatMul', input: ['X', 'W'], output: ['XW'] }),
    onnx.NodeProto.create({ opType: 'Add', input: ['XW', 'B'], output: ['score'] }),
  ];
  const output = [valueInfo('score', ['N', 1])];
  if (spec.logistic) {
    node.push(onnx.NodeProto.create({ opType: 'Sigmoid', input: ['score'], output: ['probability'] }));
    output.push(valueInfo('probability', ['N', 1]));
  }
  const input = [valueInfo('X', spec.inputShape ?? ['N', n], spec.inputType ?? FLOAT)];
  if (spec.initializersAsInputs) input.push(valueInfo('W', [n, 1]), valueInfo('B', [1]));
  if (spec.extraInput) input.push(valueInfo('Z', ['N', 1]));
  const graph = onnx.GraphProto.create({ name: 'linear', node, initializer: [W, B], input, output });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'godwit-test',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

/** Writes `model.onnx` into `dir` and returns `dir`. */
export function writeLinearModel(dir: string, spec: LinearSpec, name = 'model.onnx'): string {
  writeFileSync(join(dir, name), linearModelBytes(spec));
  return dir;
}

export const INT64 = onnx.TensorProto.DataType.INT64;
