/**
 * Model Monitor's merge job, locally: each captured request in the window is joined with its ground
 * truth by `inferenceId` when the request carried one, else by `eventId`; its prediction is read
 * from the captured output by the configured attributes. A request without ground truth is
 * counted (labels often arrive late), not reported as an error; a matched request whose output
 * cannot be read is skipped with its `<uri>:<line>` and why.
 */
import { mediaType } from '../../core/media-type.js';
import { type CapturedRecord, type CaptureScan, payloadText } from '../capture-reader/index.js';
import { type Answer, parseAnswer, pick } from './attributes.js';
import type { GroundTruthLabel } from './ground-truth.js';
import type { ModelQualityConfig } from './job-config.js';
import type { Observation, Observations } from './observations.js';

export interface MergeSummary {
  /** Captured requests in the window. */
  readonly captured: number;
  /** Requests with ground truth whose prediction and label were both read. */
  readonly merged: number;
  /** Requests in the window with no ground truth for their id. */
  readonly capturedWithoutGroundTruth: number;
  /** Ground-truth labels no request in the window matched. */
  readonly groundTruthWithoutCapture: number;
}

export async function mergeWithGroundTruth(
  scan: CaptureScan,
  labels: ReadonlyMap<string, GroundTruthLabel>,
  config: ModelQualityConfig,
  observations: Observations,
): Promise<MergeSummary> {
  let captured = 0;
  let unmatched = 0;
  const used = new Set<string>();
  for await (const record of scan.records()) {
    captured++;
    const id = record.inferenceId ?? record.eventId;
    const truth = labels.get(id);
    if (!truth) {
      unmatched++;
      continue;
    }
    used.add(id);
    const observation = predictionOf(record, config);
    const reason = 'reason' in observation ? observation.reason : observations.add({ ...observation, label: truth.label });
    if (reason !== undefined) scan.skip(record.where, reason);
  }
  return {
    captured,
    merged: observations.count,
    capturedWithoutGroundTruth: unmatched,
    groundTruthWithoutCapture: labels.size - used.size,
  };
}

/** The prediction (and probability) of one captured request, by the configured attributes. */
export function predictionOf(
  record: CapturedRecord,
  config: ModelQualityConfig,
): Omit<Observation, 'label'> | { reason: string } {
  const output = record.output;
  if (!output) return { reason: 'no endpointOutput captured (model quality needs CaptureModes Output)' };
  let answer: Answer | { reason: string };
  try {
    const json =
      output.encoding === 'JSON' || (output.encoding === 'BASE64' && mediaType(output.observedContentType).includes('json'));
    answer = parseAnswer(payloadText(output), json);
  } catch {
    return { reason: 'endpointOutput is marked BASE64 but is not base64' };
  }
  if ('reason' in answer) return answer;
  return observationOf(answer, config);
}

/** Reads the attributes out of one parsed answer (a captured output or a data set's row). */
export function observationOf(answer: Answer, config: ModelQualityConfig): Omit<Observation, 'label'> | { reason: string } {
  let probability: unknown;
  if (config.probabilityAttribute !== undefined) {
    const p = pick(answer, config.probabilityAttribute);
    if ('reason' in p) return p;
    probability = p.value;
  }
  // With only a probability configured, the predicted label comes from its threshold.
  if (config.inferenceAttribute === undefined && config.probabilityAttribute !== undefined) return { probability };
  const inference = pick(answer, config.inferenceAttribute);
  if ('reason' in inference) return inference;
  return { inference: inference.value, probability };
}
