/**
 * Which file in a model folder is the ONNX model, and how requests are fed to it: the checks
 * made once at start so a model Godwit cannot feed fails to start, naming why, instead of
 * failing every request.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import type { ModelDescriptor } from '../../ml/model-descriptor.js';
import { onnxFormat } from '../../ml/model-formats/onnx-format.js';
import type { FeatureRows } from './onnx-payload.js';

/**
 * The folder's ONNX model (`model.onnx`, else the first `*.onnx`) and its signature, read by the
 * model descriptor's ONNX reader (`src/ml/model-formats/onnx-format.ts`), so the runtime checks
 * requests against the same signature the registry and `godwit models` show.
 */
export async function readOnnxModel(modelDir: string): Promise<{ file: string; descriptor: ModelDescriptor }> {
  const names = (await readdir(modelDir).catch(() => [] as string[])).sort();
  const file = await onnxFormat.claim(modelDir, names);
  if (file === undefined) {
    throw new GodwitError('E_MODEL_FORMAT', `${modelDir} holds no .onnx file.`, {
      hint: 'Put the model in the folder as model.onnx.',
    });
  }
  return { file: join(modelDir, file), descriptor: await onnxFormat.describe(modelDir, file) };
}

export interface OnnxFeed {
  readonly input: string;
  readonly type: 'float32' | 'float64';
  /** Features per record, when the model fixes it. */
  readonly features?: number;
  /** Records per call, when the model fixes it. */
  readonly batch?: number;
  /** Tensor outputs, in the model's order (sequence and map outputs, typed `undefined`, are not fetched). */
  readonly outputs: readonly string[];
  /** Refuses rows that do not fit the model's input (`E_DATA_FORMAT`). */
  check(rows: FeatureRows): void;
}

export function onnxFeed(signature: ModelDescriptor['signature'], file: string): OnnxFeed {
  const [input, ...others] = signature.inputs;
  const refuse = (why: string, hint: string) => new GodwitError('E_MODEL_FORMAT', `${file}: ${why}`, { hint });
  if (!input) throw refuse('the model has no inputs.', 'Export the model with its feature tensor as a graph input.');
  if (others.length > 0) {
    throw refuse(
      `the model has ${signature.inputs.length} inputs (${signature.inputs.map((i) => i.name).join(', ')}); Godwit feeds one.`,
      'Export the model with a single [records, features] input.',
    );
  }
  if (input.type !== 'float32' && input.type !== 'float64') {
    throw refuse(
      `input "${input.name}" is ${input.type}; Godwit feeds float32 or float64.`,
      'Export the model with a float input (skl2onnx: FloatTensorType).',
    );
  }
  // The descriptor gives [] for an input declared without a shape: feed it whatever comes.
  const shape = input.shape.length === 0 ? undefined : input.shape;
  if (shape && shape.length !== 2) {
    throw refuse(
      `input "${input.name}" has shape [${shapeText(shape)}]; Godwit feeds [records, features].`,
      'Export the model with a rank-2 input.',
    );
  }
  const features = typeof shape?.[1] === 'number' ? shape[1] : undefined;
  const batch = typeof shape?.[0] === 'number' ? shape[0] : undefined;
  const outputs = signature.outputs.filter((o) => o.type !== 'undefined').map((o) => o.name);
  if (outputs.length === 0)
    throw refuse('the model has no tensor outputs.', 'Export the model without ZipMap (skl2onnx: options={"zipmap": False}).');
  const check = (rows: FeatureRows): void => {
    if (rows.rows > 0 && features !== undefined && rows.cols !== features) {
      throw new GodwitError(
        'E_DATA_FORMAT',
        `Each record must have ${features} features (input "${input.name}" is [${shapeText(shape)}]), but the request's have ${rows.cols}.`,
        {
          hint:
            rows.cols === features + 1
              ? 'There is one column too many: send features only, without the label.'
              : 'Send the features in the columns and order the model was trained on.',
        },
      );
    }
    if (batch !== undefined && batch !== 1 && rows.rows > 0 && rows.rows !== batch) {
      throw new GodwitError(
        'E_DATA_FORMAT',
        `The model takes exactly ${batch} records per call (input "${input.name}" is [${shapeText(shape)}]), but the request has ${rows.rows}.`,
        {
          hint: `Send ${batch} records per request, or export the model with a dynamic batch dimension.`,
        },
      );
    }
  };
  return { input: input.name, type: input.type, features, batch, outputs, check };
}

/** `[?, 3]`: a dimension the model leaves open is `?`. */
function shapeText(shape: readonly (number | null)[] | undefined): string {
  return (shape ?? []).map((d) => (d === null ? '?' : String(d))).join(', ');
}
