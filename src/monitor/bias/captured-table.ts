/**
 * The bias monitor's merge, as SageMaker's bias-drift job does it on an endpoint: each captured
 * request in the window joined with its ground truth (by `inferenceId`, else `eventId`; the
 * capture reader and ground-truth reader are model quality's), giving one row of
 * features (the captured input: a CSV record, or a JSON list at `features`), the label (the ground
 * truth) and the predicted label (the captured output, by `InferenceAttribute`, or
 * `ProbabilityAttribute` above `ProbabilityThresholdAttribute`, default 0.5). Features take the
 * config's `headers`; the label the last header when there is one more header than features.
 * A request without ground truth is counted, one whose input or output cannot be read is skipped
 * with its `<uri>:<line>`.
 */
import type { Clock } from '../../core/clock.js';
import { mediaType } from '../../core/media-type.js';
import type { StoreOptions } from '../../store/index.js';
import { type CapturedRecord, hoursOverlapping, payloadText, scanCapture } from '../capture-reader/index.js';
import { predictionOf, readGroundTruth } from '../model-quality/index.js';
import type { BiasConfig } from './bias-config.js';
import { type BiasTable, type Cell, TableBuilder, toCell } from './bias-table.js';

/** The predicted-label column of a table built from capture. */
export const PREDICTED_COLUMN = 'predicted_label';

export interface CaptureSource {
  readonly captureUri: string;
  readonly endpointName: string;
  readonly start: Date;
  readonly end: Date;
  readonly groundTruthUri: string;
  readonly clock: Clock;
  readonly storeOptions?: StoreOptions;
}

export interface CapturedTable {
  readonly table: BiasTable;
  readonly captured: number;
  readonly withoutGroundTruth: number;
  readonly skipped: readonly { readonly where: string; readonly reason: string }[];
}

export async function capturedTable(source: CaptureSource, config: BiasConfig): Promise<CapturedTable> {
  const skipped: { where: string; reason: string }[] = [];
  const onSkip = (where: string, reason: string) => skipped.push({ where, reason });
  const scan = scanCapture({ ...source, storeOptions: source.storeOptions });
  // Labels arrive after the requests: read their hour folders from the window's start to now.
  const until = Math.max(source.clock.now().getTime(), source.end.getTime());
  const hours = hoursOverlapping(source.start, new Date(until + 1));
  const truth = await readGroundTruth({ uri: source.groundTruthUri, hours, storeOptions: source.storeOptions, onSkip });
  const builder = new TableBuilder();
  let captured = 0;
  let withoutGroundTruth = 0;
  for await (const record of scan.records()) {
    captured++;
    const label = truth.labels.get(record.inferenceId ?? record.eventId);
    if (!label) {
      withoutGroundTruth++;
      continue;
    }
    const row = rowOf(record, label.label, config);
    if ('reason' in row) onSkip(record.where, row.reason);
    else builder.add(row.cells);
  }
  skipped.push(...scan.skipped);
  return { table: builder.build(), captured, withoutGroundTruth, skipped };
}

function rowOf(record: CapturedRecord, label: unknown, config: BiasConfig): { cells: [string, Cell][] } | { reason: string } {
  if (!record.input) return { reason: 'no endpointInput captured (the bias monitor needs CaptureModes Input)' };
  const features = featuresOf(record, config);
  if ('reason' in features) return features;
  const p = predictionOf(record, {
    problemType: 'BinaryClassification',
    inferenceAttribute: config.predictedLabel,
    probabilityAttribute: config.probability,
  });
  if ('reason' in p) return p;
  const threshold = config.probabilityThreshold ?? 0.5;
  const predicted = p.inference !== undefined ? toCell(p.inference) : Number(p.probability) > threshold ? 1 : 0;
  const headers = config.headers ?? [];
  const cells: [string, Cell][] = features.values.map((v, j) => [headers[j] ?? `feature_${j}`, toCell(v)]);
  const labelName = headers.length === features.values.length + 1 ? (headers.at(-1) as string) : config.label;
  cells.push([labelName, toCell(label)], [PREDICTED_COLUMN, predicted]);
  return { cells };
}

function featuresOf(record: CapturedRecord, config: BiasConfig): { values: unknown[] } | { reason: string } {
  const input = record.input as NonNullable<CapturedRecord['input']>;
  let text: string;
  try {
    text = payloadText(input);
  } catch {
    return { reason: 'endpointInput is marked BASE64 but is not base64' };
  }
  const json = input.encoding === 'JSON' || mediaType(input.observedContentType).includes('json');
  if (!json) return { values: text.trim().split(',') };
  try {
    const doc = JSON.parse(text) as unknown;
    const path = (config.features ?? 'features').split('.');
    const list = Array.isArray(doc) ? doc : path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], doc);
    return Array.isArray(list)
      ? { values: list }
      : { reason: `endpointInput has no features list at "${config.features ?? 'features'}"` };
  } catch {
    return { reason: 'endpointInput is not valid JSON' };
  }
}
