/**
 * ONNX models (`*.onnx` in the model folder) scored by `onnxruntime-node`. The binding is an
 * optional dependency, imported only when an ONNX instance starts, so nothing else pays for its
 * native library; without it, starting fails with `E_ONNX_UNAVAILABLE` and the install line.
 *
 * Requests are batches of feature rows (`../payload.ts`; a missing value is NaN) fed as one float tensor
 * `[records, features]` to the model's single input; the declared element type (float32 or
 * float64) and feature count are checked before the model runs. A model whose batch dimension is
 * fixed at 1 (a PyTorch export without dynamic axes) is run once per record.
 */
import { GodwitError } from '../../core/errors.js';
import type { InferenceRequest, InferenceResponse, ModelInstance, ModelRuntime } from '../model-runtime.js';
import { type OnnxFeed, onnxFeed, readOnnxModel } from '../onnx/onnx-model-file.js';
import { acceptType, type FeatureRows, formatOutputs, type OutputTensor, requestType } from '../onnx/onnx-payload.js';
import { parsePayload } from '../payload.js';

type Ort = typeof import('onnxruntime-node');
type Session = Awaited<ReturnType<Ort['InferenceSession']['create']>>;

export const ONNX_INSTALL_HINT =
  'Install the optional dependency without its install script (it downloads GPU files): npm install onnxruntime-node --ignore-scripts';

/** The runtime over a given way of loading the binding (tests pass one that fails). */
export function createOnnxRuntime(load: () => Promise<Ort>): ModelRuntime {
  return {
    name: 'onnx',
    async start({ modelDir }): Promise<ModelInstance> {
      const { file, descriptor } = await readOnnxModel(modelDir);
      const feed = onnxFeed(descriptor.signature, file);
      const ort = await loadBinding(load);
      const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1 }).catch((err: unknown) => {
        throw new GodwitError('E_MODEL_FORMAT', `onnxruntime cannot load ${file}: ${(err as Error).message}`, { cause: err });
      });
      let closed = false;
      return {
        runtime: 'onnx',
        invoke: (request) => invoke(ort, session, feed, request),
        close: async () => {
          if (closed) return;
          closed = true;
          await session.release();
        },
      };
    },
  };
}

export const onnxRuntime: ModelRuntime = createOnnxRuntime(() => import('onnxruntime-node'));

async function loadBinding(load: () => Promise<Ort>): Promise<Ort> {
  try {
    const ort = await load();
    // A CommonJS package imported from ESM may arrive as its namespace's default.
    return ((ort as { InferenceSession?: unknown }).InferenceSession ? ort : (ort as unknown as { default: Ort }).default) as Ort;
  } catch (err) {
    throw new GodwitError(
      'E_ONNX_UNAVAILABLE',
      `ONNX models need onnxruntime-node, which cannot be loaded: ${(err as Error).message}`,
      {
        hint: ONNX_INSTALL_HINT,
        cause: err,
      },
    );
  }
}

async function invoke(ort: Ort, session: Session, feed: OnnxFeed, request: InferenceRequest): Promise<InferenceResponse> {
  const type = requestType(request.contentType);
  const accept = acceptType(request.accept, type);
  const rows = parsePayload(request.body, type);
  feed.check(rows);
  if (rows.rows === 0) return { body: Buffer.alloc(0), contentType: accept };
  const outputs =
    feed.batch === 1 && rows.rows > 1 ? await runEach(ort, session, feed, rows) : await run(ort, session, feed, rows);
  return { body: formatOutputs(outputs, rows.rows, accept), contentType: accept };
}

async function run(ort: Ort, session: Session, feed: OnnxFeed, rows: FeatureRows): Promise<OutputTensor[]> {
  const data = feed.type === 'float64' ? rows.data : Float32Array.from(rows.data);
  const tensor = new ort.Tensor(feed.type, data, [rows.rows, rows.cols]);
  let result: Awaited<ReturnType<Session['run']>>;
  try {
    result = await session.run({ [feed.input]: tensor }, feed.outputs as string[]);
  } catch (err) {
    throw new GodwitError('E_MODEL_ERROR', `The ONNX model failed on this request: ${(err as Error).message}`, { cause: err });
  }
  return feed.outputs.map((name) => ({ name, dims: result[name].dims, data: result[name].data as ArrayLike<unknown> }));
}

/** One call per record, joined: for models exported with a batch dimension fixed at 1. */
async function runEach(ort: Ort, session: Session, feed: OnnxFeed, rows: FeatureRows): Promise<OutputTensor[]> {
  const parts: OutputTensor[][] = [];
  for (let r = 0; r < rows.rows; r++) {
    const data = rows.data.subarray(r * rows.cols, (r + 1) * rows.cols);
    parts.push(await run(ort, session, feed, { rows: 1, cols: rows.cols, data }));
  }
  return feed.outputs.map((name, k) => ({
    name,
    dims: [rows.rows, ...parts[0][k].dims.slice(1)],
    data: parts.flatMap((p) => Array.from(p[k].data)),
  }));
}
