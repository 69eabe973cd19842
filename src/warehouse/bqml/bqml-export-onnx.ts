/**
 * `model.onnx` beside `bqml-model.json` for the model types whose numeric core is a graph ONNX
 * has (LINEAR_REG, LOGISTIC_REG, DNN_*): input `features`, the encoded feature columns (float32,
 * `[N, columns]`, as ML.PREDICT's preprocessing makes them, which `bqml-model.json` describes);
 * output `probabilities` (`[N, classes]`, in class order) for classifiers, `predicted` (`[N, 1]`,
 * on the label's scale) for regressors. The `bqml` runtime serves the document, not this file:
 * it is for other ONNX runtimes. KMEANS and boosted trees get none.
 */
import type { DnnModel } from '../../ml/dnn/dnn-model.js';
import type { GlmModel } from '../../ml/glm/glm-model.js';
import { type OnnxGraph, type OnnxNode, type OnnxTensor, onnxModelBytes } from '../../ml/onnx/onnx-protobuf.js';
import type { StoredModel } from './bqml-model.js';

export const ONNX_FILE = 'model.onnx';

// ONNX's Selu and Elu defaults are TensorFlow's constants; Clip bounds ReLU6.
const ACTIVATIONS: Record<DnnModel['activation'], (x: string, y: string) => OnnxNode> = {
  relu: (x, y) => ({ op: 'Relu', inputs: [x], outputs: [y] }),
  relu6: (x, y) => ({ op: 'Clip', inputs: [x, 'zero', 'six'], outputs: [y] }),
  elu: (x, y) => ({ op: 'Elu', inputs: [x], outputs: [y] }),
  selu: (x, y) => ({ op: 'Selu', inputs: [x], outputs: [y] }),
  sigmoid: (x, y) => ({ op: 'Sigmoid', inputs: [x], outputs: [y] }),
  tanh: (x, y) => ({ op: 'Tanh', inputs: [x], outputs: [y] }),
};

/** The model's ONNX bytes, or undefined for a model type ONNX does not get. */
export function onnxFile(model: StoredModel): Buffer | undefined {
  const core = model.model as GlmModel | DnnModel;
  if (core?.kind === 'glm') return onnxModelBytes(glmGraph(core));
  if (core?.kind === 'dnn') return onnxModelBytes(dnnGraph(core, model.targetScale));
  return undefined;
}

function glmGraph(m: GlmModel): OnnxGraph {
  const k = m.intercepts.length;
  const w = new Float32Array(m.features * k);
  for (let c = 0; c < k; c++) for (let j = 0; j < m.features; j++) w[j * k + c] = m.weights[c * m.features + j];
  const nodes: OnnxNode[] = [
    { op: 'MatMul', inputs: ['features', 'W'], outputs: ['xw'] },
    { op: 'Add', inputs: ['xw', 'B'], outputs: [m.link === 'identity' ? 'predicted' : 'scores'] },
  ];
  const initializers: OnnxTensor[] = [tensor('W', [m.features, k], w), tensor('B', [k], m.intercepts)];
  if (m.link === 'softmax')
    nodes.push({ op: 'Softmax', inputs: ['scores'], outputs: ['probabilities'], attributes: { axis: { int: 1 } } });
  if (m.link === 'logit') {
    initializers.push(tensor('one', [1], [1]));
    nodes.push(
      { op: 'Sigmoid', inputs: ['scores'], outputs: ['p'] },
      { op: 'Sub', inputs: ['one', 'p'], outputs: ['q'] },
      { op: 'Concat', inputs: ['q', 'p'], outputs: ['probabilities'], attributes: { axis: { int: 1 } } },
    );
  }
  const out =
    m.link === 'identity' ? { name: 'predicted', shape: ['N', 1] } : { name: 'probabilities', shape: ['N', Math.max(k, 2)] };
  return { name: 'bqml_linear', nodes, initializers, inputs: [{ name: 'features', shape: ['N', m.features] }], outputs: [out] };
}

function dnnGraph(m: DnnModel, scale: StoredModel['targetScale']): OnnxGraph {
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [tensor('zero', [], [0]), tensor('six', [], [6])];
  let x = 'features';
  m.layers.forEach((layer, l) => {
    initializers.push(tensor(`W${l}`, [layer.inputs, layer.units], layer.weights), tensor(`B${l}`, [layer.units], layer.biases));
    nodes.push(
      { op: 'MatMul', inputs: [x, `W${l}`], outputs: [`xw${l}`] },
      { op: 'Add', inputs: [`xw${l}`, `B${l}`], outputs: [`z${l}`] },
    );
    x = `z${l}`;
    if (l < m.layers.length - 1) {
      nodes.push(ACTIVATIONS[m.activation](x, `h${l}`));
      x = `h${l}`;
    }
  });
  const units = m.layers.at(-1)?.units ?? 1;
  if (m.output === 'softmax') {
    nodes.push({ op: 'Softmax', inputs: [x], outputs: ['probabilities'], attributes: { axis: { int: 1 } } });
    return graph(nodes, initializers, m.features, { name: 'probabilities', shape: ['N', units] });
  }
  initializers.push(tensor('std', [1], [scale?.std ?? 1]), tensor('mean', [1], [scale?.mean ?? 0]));
  nodes.push(
    { op: 'Mul', inputs: [x, 'std'], outputs: ['scaled'] },
    { op: 'Add', inputs: ['scaled', 'mean'], outputs: ['predicted'] },
  );
  return graph(nodes, initializers, m.features, { name: 'predicted', shape: ['N', 1] });
}

function graph(nodes: OnnxNode[], initializers: OnnxTensor[], features: number, output: OnnxGraph['outputs'][number]): OnnxGraph {
  return { name: 'bqml_dnn', nodes, initializers, inputs: [{ name: 'features', shape: ['N', features] }], outputs: [output] };
}

function tensor(name: string, dims: number[], values: ArrayLike<number>): OnnxTensor {
  return { name, dims, values };
}
