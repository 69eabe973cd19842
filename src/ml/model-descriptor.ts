/**
 * One description of a model, read from its files, that every runtime, the registry and BYOC
 * share: what framework made it, in which file format and version, and what goes in and out.
 *
 * ```ts
 * await describeModel('/tmp/ep/model');
 * // { framework: 'xgboost', format: 'xgboost-json', version: '1.7.4', file: 'xgboost-model.json',
 * //   signature: { inputs: [{ name: 'features', type: 'float32', shape: [null, 8] }],
 * //                outputs: [{ name: 'predictions', type: 'float32', shape: [null] }] },
 * //   properties: { objective: 'reg:squarederror', booster: 'gbtree' } }
 * ```
 *
 * A new format is one reader in `model-formats/` and one line in `MODEL_FORMATS`.
 */
import { readdir } from 'node:fs/promises';
import { GodwitError } from '../core/errors.js';
import { bqmlFormat } from './model-formats/bqml-format.js';
import { linearLearnerFormat } from './model-formats/linear-learner-format.js';
import { onnxFormat } from './model-formats/onnx-format.js';
import { xgboostFormat } from './model-formats/xgboost-format.js';

/** Frameworks Godwit knows; `container` is a model only its own container can serve. */
export type Framework = 'linear-learner' | 'xgboost' | 'onnx' | 'bqml' | 'container';

/** One input or output: a tensor, or for tabular models the feature matrix (`[null, 8]`). */
export interface TensorSpec {
  readonly name: string;
  /** ONNX's element type names: `float32`, `float64`, `int64`, `int32`, `string`, `bool`, … */
  readonly type: string;
  /** `null` for a dimension the model leaves open (the batch, usually). */
  readonly shape: readonly (number | null)[];
  /** Column names, when the model recorded them (XGBoost's `feature_names`). */
  readonly names?: readonly string[];
}

export interface ModelDescriptor {
  readonly framework: Framework;
  /** `godwit.linear-learner`, `xgboost-json`, `xgboost-ubjson`, `onnx`. */
  readonly format: string;
  /** The version the file records: the format's (linear learner), XGBoost's, ONNX's IR version. */
  readonly version?: string;
  /** The model file, relative to the model folder. */
  readonly file?: string;
  readonly signature: { readonly inputs: readonly TensorSpec[]; readonly outputs: readonly TensorSpec[] };
  /** Facts a runtime or a report needs: `objective`, `predictorType`, `opset`, … */
  readonly properties?: Readonly<Record<string, string | number | boolean>>;
}

/** How one file format is recognised in a model folder and read into a descriptor. */
export interface ModelFormatReader {
  readonly framework: Framework;
  /** What the reader accepts, for error messages: `XGBoost JSON or UBJSON (xgboost-model.json, *.ubj, …)`. */
  readonly accepts: string;
  /** The file this reader would describe, given the folder's top-level names; undefined if none. */
  claim(dir: string, names: readonly string[]): Promise<string | undefined>;
  /** Reads the claimed file; a damaged one is `E_MODEL_FORMAT` naming it. */
  describe(dir: string, file: string): Promise<ModelDescriptor>;
}

/** Tried in order: the first reader to claim a file describes the model. */
export const MODEL_FORMATS: readonly ModelFormatReader[] = [linearLearnerFormat, xgboostFormat, bqmlFormat, onnxFormat];

/** Reads the model in `modelDir`; `E_MODEL_FORMAT` lists what was found and what is supported. */
export async function describeModel(modelDir: string): Promise<ModelDescriptor> {
  const names = (await readdir(modelDir).catch(() => undefined))?.sort();
  if (names !== undefined) {
    for (const reader of MODEL_FORMATS) {
      const file = await reader.claim(modelDir, names);
      if (file !== undefined) return reader.describe(modelDir, file);
    }
  }
  const found =
    names === undefined ? 'the folder does not exist' : names.length === 0 ? 'it is empty' : `it holds ${listed(names)}`;
  throw new GodwitError('E_MODEL_FORMAT', `${modelDir} holds no model Godwit can read: ${found}.`, {
    hint: `Godwit reads ${MODEL_FORMATS.map((r) => r.accepts).join('; ')}. Serve anything else with its own container (a command or image that speaks SageMaker's serving contract).`,
  });
}

function listed(names: readonly string[]): string {
  return names.length > 12 ? `${names.slice(0, 12).join(', ')} and ${names.length - 12} more` : names.join(', ');
}
