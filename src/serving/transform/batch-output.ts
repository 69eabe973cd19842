/**
 * One mini-batch through one model instance, and what its answer becomes in the output file:
 * the response body as is, or — when predictions must be matched to records (a join, an output
 * filter) — one finished line per record; then, with `GenerateInferenceId`, stamped by batch capture.
 */
import { asOwnGodwitError, GodwitError } from '../../core/errors.js';
import type { ModelInstance } from '../model-runtime.js';
import type { RecordProcessor } from './data-processing.js';
import type { MiniBatch } from './mini-batches.js';
import { predictionRecords } from './prediction-records.js';
import type { ResolvedTransformOptions } from './transform-options.js';

export async function finishBatch(
  instance: ModelInstance,
  batch: MiniBatch,
  /** The batch's records as read, before the input filter: what a join writes. */
  originals: readonly Buffer[],
  file: string,
  options: ResolvedTransformOptions,
  processor: RecordProcessor,
  /** Batch capture's `GenerateInferenceId` stamping of the finished output, when on. */
  stamp?: (body: Buffer, contentType: string) => Buffer,
): Promise<Buffer> {
  const where =
    batch.records.length === 1
      ? `${file}, record ${batch.first + 1}`
      : `${file}, records ${batch.first + 1}–${batch.first + batch.records.length}`;
  let response: Awaited<ReturnType<ModelInstance['invoke']>>;
  try {
    response = await instance.invoke({ body: batch.body, contentType: options.contentType, accept: options.accept });
  } catch (err) {
    const e = asOwnGodwitError(err);
    if (!e) throw err;
    throw new GodwitError(e.code, `${where}: ${e.message}`, { hint: e.hint, cause: err });
  }
  if (!processor.perRecord) return stamp ? stamp(response.body, response.contentType) : response.body;
  const predictions = predictionRecords(response.body, response.contentType, batch.records.length, where);
  const lines = predictions.map((prediction, i) => processor.finish(originals[i], prediction, response.contentType));
  const body = Buffer.from(`${lines.join('\n')}\n`);
  return stamp ? stamp(body, processor.lineType(response.contentType)) : body;
}
