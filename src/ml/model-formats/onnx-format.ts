import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import type { ModelDescriptor, ModelFormatReader, TensorSpec } from '../model-descriptor.js';
import { readOnnxSignature } from './onnx-signature.js';

/** ONNX models (`*.onnx`), scored by the `onnx` runtime; `model.onnx` first when there are several. */
export const onnxFormat: ModelFormatReader = {
  framework: 'onnx',
  accepts: 'ONNX (model.onnx or any *.onnx)',
  async claim(_dir, names) {
    if (names.includes('model.onnx')) return 'model.onnx';
    return names.find((n) => n.toLowerCase().endsWith('.onnx'));
  },
  async describe(dir, file): Promise<ModelDescriptor> {
    const path = join(dir, file);
    let graph: ReturnType<typeof readOnnxSignature>;
    try {
      graph = readOnnxSignature(await readFile(path));
    } catch (err) {
      throw new GodwitError('E_MODEL_FORMAT', `${path} is not a valid ONNX model: ${(err as Error).message}.`, {
        hint: 'Export the model again with the ONNX exporter of its framework (torch.onnx, skl2onnx, onnxmltools).',
      });
    }
    const inputs: TensorSpec[] = graph.inputs.filter((i) => !graph.initializers.has(i.name));
    return {
      framework: 'onnx',
      format: 'onnx',
      version: graph.irVersion === undefined ? undefined : String(graph.irVersion),
      file,
      signature: { inputs, outputs: graph.outputs },
      properties: {
        ...(graph.opset === undefined ? {} : { opset: graph.opset }),
        ...(graph.producer ? { producer: graph.producer } : {}),
      },
    };
  },
};
