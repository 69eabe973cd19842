/**
 * One mini-batch through one model instance, and what its answer becomes in the output file:
 * the response body as is, or — when predictions must be matched to records (a join, an output
 * filter, inference IDs) — one finished line per record.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { asOwnGodwitError, GodwitError } from '../../core/errors.js';
import type { ModelInstance } from '../model-runtime.js';
import { type RecordFormat, type RecordProcessor, recordFormat } from './data-processing.js';
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
  clock: Clock,
): Promise<string[] | Buffer> {
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
  const ids = options.dataCapture?.generateInferenceId === true;
  if (!processor.perRecord && !ids) return response.body;
  const predictions = predictionRecords(response.body, response.contentType, batch.records.length, where);
  return predictions.map((prediction, i) => {
    const line = processor.perRecord ? processor.finish(originals[i], prediction) : prediction.toString('utf8');
    return ids ? withInferenceId(line, processor.lineFormat ?? recordFormat(response.contentType), clock) : line;
  });
}

/** SageMaker's `GenerateInferenceId`: the ID and time appended to CSV, added as keys to JSON. */
function withInferenceId(line: string, format: RecordFormat | undefined, clock: Clock): string {
  const id = randomUUID();
  const time = clock.now().toISOString();
  if (format === 'csv') return `${line},${id},${time}`;
  const value = JSON.parse(line) as unknown;
  const object = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : { SageMakerOutput: value };
  return JSON.stringify({ ...object, SageMakerInferenceId: id, SageMakerInferenceTime: time });
}
