/**
 * Data capture for a batch transform job, as SageMaker's `CreateTransformJob` `DataCaptureConfig`
 * writes it (docs/data-capture.md): no copy of the data, but two manifests naming the job's input
 * and output objects, under `<DestinationS3Uri>/input/yyyy/mm/dd/hh/` and `…/output/yyyy/mm/dd/hh/`
 * (the job's start hour, UTC):
 *
 * ```ts
 * const capture = await openBatchCapture({ destination: 's3://ml/capture', jobName: 'nightly', generateInferenceId: true });
 * capture.addInput('s3://ml/in/part-0.csv');
 * const body = capture.stamp(answer, 'text/csv'); // "0.5\n" → "0.5,<uuid>,2026-12-05T19:00:00Z\n"
 * capture.addOutput('s3://ml/out/part-0.csv.out');
 * await capture.close();
 * // s3://ml/capture/input/2026/12/05/19/00-00-000-<uuid>.jsonl:  [{"prefix":"s3://ml/in/"},"part-0.csv"]
 * // s3://ml/capture/output/2026/12/05/19/00-00-000-<uuid>.jsonl: [{"prefix":"s3://ml/out/"},"part-0.csv.out"]
 * ```
 *
 * With `GenerateInferenceId`, every output record gets an inference id (a random UUID) and the
 * job's start time: two more CSV columns, or `SageMakerInferenceId` / `SageMakerInferenceTime`
 * fields of a JSON or JSON Lines object.
 */
import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../../core/clock.js';
import { type StoreOptions, storeForUri } from '../../store/index.js';
import { captureFileName, hourFolder } from './capture-keys.js';
import { inferenceTimeText } from './capture-line.js';
import { stampInferenceIds } from './inference-ids.js';

export interface BatchCaptureOptions {
  /** `DataCaptureConfig.DestinationS3Uri`: any store URI. */
  readonly destination: string;
  readonly jobName: string;
  /** `DataCaptureConfig.GenerateInferenceId`. */
  readonly generateInferenceId?: boolean;
  readonly storeOptions?: StoreOptions;
  /** The job's start time is `clock.now()` when the capture is opened. */
  readonly clock?: Clock;
}

export interface BatchCapture {
  /** The job's start time: the manifests' hour folder and every record's `SageMakerInferenceTime`. */
  readonly startedAt: Date;
  /** Names an input object the job read (its URI), once, in the order read. */
  addInput(uri: string): void;
  /** Names an output object the job wrote (`<input>.out`). */
  addOutput(uri: string): void;
  /**
   * With `generateInferenceId`, the output payload with an id and the start time added to each of
   * its records (CSV, JSON, JSON Lines; E_CAPTURE_INFERENCE_ID for anything else); without, the
   * payload itself.
   */
  stamp(body: Buffer, contentType: string): Buffer;
  /** Writes the two manifests (a side with no objects gets none) and returns their URIs. */
  close(): Promise<{ readonly input?: string; readonly output?: string }>;
}

/** Opens a job's batch capture; does no I/O until `close` (E_URI for a destination it cannot parse). */
export async function openBatchCapture(options: BatchCaptureOptions): Promise<BatchCapture> {
  const store = await storeForUri(options.destination, options.storeOptions);
  const startedAt = (options.clock ?? systemClock).now();
  const time = inferenceTimeText(startedAt);
  const inputs: string[] = [];
  const outputs: string[] = [];
  const write = async (side: 'input' | 'output', uris: readonly string[]) => {
    if (uris.length === 0) return undefined;
    const key = `${side}/${hourFolder(startedAt)}/${captureFileName(startedAt)}`;
    await store.put(key, `${JSON.stringify(manifestOf(uris))}\n`);
    return store.uri(key);
  };
  return {
    startedAt,
    addInput: (uri) => void inputs.push(uri),
    addOutput: (uri) => void outputs.push(uri),
    stamp: (body, contentType) =>
      options.generateInferenceId ? stampInferenceIds(body, contentType, () => randomUUID(), time, options.jobName) : body,
    close: async () => ({ input: await write('input', inputs), output: await write('output', outputs) }),
  };
}

/**
 * A SageMaker manifest: the objects' longest common folder as `prefix`, then each object's path
 * below it. `["s3://b/in/a.csv", "s3://b/in/x/b.csv"]` → `[{"prefix":"s3://b/in/"},"a.csv","x/b.csv"]`.
 */
export function manifestOf(uris: readonly string[]): [{ prefix: string }, ...string[]] {
  let prefix = uris[0]!.slice(0, uris[0]!.lastIndexOf('/') + 1);
  for (const uri of uris) {
    while (!uri.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf('/', prefix.length - 2) + 1);
  }
  return [{ prefix }, ...uris.map((uri) => uri.slice(prefix.length))];
}
