/**
 * The model to explain, loaded through Godwit's serving code as batch transform loads one
 * (`prepareTransformModel`: a model folder, a `model.tar.gz` or a store URI, the runtime chosen
 * from its files and image) and scored in this process: rows go in as one `text/csv` request per
 * chunk, predictions come back as JSON Lines and are read by `parseModelOutput`. This is Clarify's
 * shadow endpoint, without the endpoint.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import type { GodwitHome } from '../../core/home.js';
import { describeModel, type ModelDescriptor } from '../../ml/model-descriptor.js';
import { parseXgboostModel, predictXgboost, type XgboostModel } from '../../ml/xgboost/index.js';
import type { ModelInstance } from '../../serving/model-runtime.js';
import { prepareTransformModel } from '../../serving/transform/transform-model.js';
import type { StoreOptions } from '../../store/index.js';
import type { Rows } from './kernel-shap.js';
import { parseModelOutput } from './model-output.js';
import { readTreeExplainer, type TreeExplainer } from './tree-model.js';

export interface ModelSource {
  /** A model folder, a `model.tar.gz`, or a store URI of either (a container's `ModelDataUrl`). */
  readonly model: string;
  readonly image?: string;
  readonly environment?: Readonly<Record<string, string>>;
}

export interface LoadOptions {
  readonly workDir: string;
  readonly home: GodwitHome;
  readonly storeOptions?: StoreOptions;
  /** Clarify's `probability` (`ProbabilityAttribute`): the index or key of the value to explain. */
  readonly probability?: number | string;
}

export interface ExplainableModel {
  readonly runtime: string;
  /** The feature names the model recorded (XGBoost's `feature_names`), if any. */
  readonly featureNames?: readonly string[];
  /** The number of features the model reads, when its files say. */
  readonly featureCount?: number;
  /** For XGBoost models: their trees, for exact TreeSHAP. */
  readonly tree?: TreeExplainer;
  /** One value per row per explained output, row-major. */
  predict(rows: Rows): Promise<Float64Array>;
  close(): Promise<void>;
}

/** Rows per request: a coalition batch larger than this is sent in several requests. */
const CHUNK_ROWS = 20_000;

export async function loadExplainableModel(source: ModelSource, options: LoadOptions): Promise<ExplainableModel> {
  let instance: ModelInstance;
  let descriptor: ModelDescriptor;
  let runtime: string;
  try {
    const model = await prepareTransformModel({
      ...source,
      workDir: options.workDir,
      home: options.home,
      storeOptions: options.storeOptions,
    });
    runtime = model.runtime;
    descriptor = await describeModel(model.modelDir).catch(
      () => ({ framework: 'container', format: 'container', signature: { inputs: [], outputs: [] } }) as ModelDescriptor,
    );
    instance = await model.start();
    if (runtime === 'xgboost' && descriptor.file) {
      const file = join(model.modelDir, descriptor.file);
      const bytes = await readFile(file);
      const tree = readTreeExplainerOrUndefined(bytes, file);
      // The xgboost runtime scores with the codec; without an output selection (SAGEMAKER_INFERENCE_OUTPUT)
      // its answer is the codec's, so rows skip the CSV round trip (7× the model's own CPU time).
      const direct =
        source.environment?.SAGEMAKER_INFERENCE_OUTPUT === undefined
          ? directXgboost(parseXgboostModel(bytes, file), options.probability)
          : undefined;
      return wrap(instance, runtime, descriptor, options.probability, tree, direct);
    }
  } catch (err) {
    throw new GodwitError('E_EXPLAIN_MODEL', `The model ${source.model} cannot be loaded: ${(err as Error).message}`, {
      hint: 'Give a model folder, a model.tar.gz or its URI that Godwit serves (XGBoost, linear learner, ONNX, BigQuery ML export, or a container).',
      cause: err,
    });
  }
  return wrap(instance, runtime, descriptor, options.probability, undefined);
}

function readTreeExplainerOrUndefined(bytes: Uint8Array, name: string): TreeExplainer | undefined {
  try {
    return readTreeExplainer(bytes, name);
  } catch {
    // A gblinear model, or one saved without covers: KernelSHAP still explains it.
    return undefined;
  }
}

/** The xgboost runtime's predictions without the request: the codec's, `probability` picking a column. */
function directXgboost(
  model: XgboostModel,
  probability: number | string | undefined,
): ((rows: Rows) => Float64Array) | undefined {
  if (typeof probability === 'string') return undefined;
  return (rows) => {
    const { width, values } = predictXgboost(model, rows);
    if (probability === undefined) return values;
    if (probability >= width)
      throw new GodwitError('E_EXPLAIN_MODEL', `probability ${probability} is beyond the model's ${width} output(s) per row.`, {
        hint: `Give a zero-based column index below ${width}, or leave probability out to explain every output.`,
      });
    return Float64Array.from({ length: rows.rows }, (_, r) => values[r * width + probability]);
  };
}

function wrap(
  instance: ModelInstance,
  runtime: string,
  descriptor: ModelDescriptor,
  probability: number | string | undefined,
  tree: TreeExplainer | undefined,
  direct?: (rows: Rows) => Float64Array,
): ExplainableModel {
  const input = descriptor.signature.inputs[0];
  const count = input?.shape.length === 2 ? input.shape[1] : undefined;
  return {
    runtime,
    featureNames: input?.names?.length ? input.names : undefined,
    featureCount: typeof count === 'number' ? count : undefined,
    tree,
    predict: async (rows) => {
      if (direct) return direct(rows);
      const parts: Float64Array[] = [];
      for (let start = 0; start < rows.rows; start += CHUNK_ROWS) {
        const end = Math.min(rows.rows, start + CHUNK_ROWS);
        parts.push(await invokeRows(instance, rows, start, end, probability));
      }
      return parts.length === 1 ? parts[0] : concat(parts);
    },
    close: () => instance.close(),
  };
}

async function invokeRows(
  instance: ModelInstance,
  rows: Rows,
  start: number,
  end: number,
  probability: number | string | undefined,
): Promise<Float64Array> {
  const lines: string[] = new Array(end - start);
  for (let r = start; r < end; r++) {
    const cells: string[] = new Array(rows.cols);
    for (let i = 0; i < rows.cols; i++) {
      const v = rows.data[r * rows.cols + i];
      cells[i] = Number.isNaN(v) ? '' : String(v);
    }
    lines[r - start] = cells.join(',');
  }
  const request = { body: Buffer.from(lines.join('\n')), contentType: 'text/csv', accept: 'application/jsonlines' };
  let body: Buffer;
  try {
    body = (await instance.invoke(request)).body;
  } catch (err) {
    const e = err as GodwitError;
    if (e.code === 'E_DATA_FORMAT')
      throw new GodwitError('E_EXPLAIN_FEATURES', `The model refused the data set's rows: ${e.message}`, {
        hint: 'Give the features the model was trained on, in its order, without the label (Clarify\'s "headers" and "label" pick them).',
        cause: err,
      });
    throw err;
  }
  return parseModelOutput(body.toString('utf8'), end - start, probability).values;
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
