/**
 * Ground truth as Model Monitor takes it (model-monitor-model-quality-merge): JSON Lines, one label
 * per line, `{"groundTruthData": {"data": "1", "encoding": "CSV"}, "eventMetadata": {"eventId": "…"},
 * "eventVersion": "0"}`, under `<uri>/yyyy/mm/dd/hh/` by the hour the labels were collected. The
 * `eventId` holds the capture's `inferenceId` when the requests carried one, else its `eventId`.
 * A URI ending in `.jsonl` or `.json` names one file instead of a folder tree.
 */

import { objectIn, type StoreOptions, storeForUri } from '../../store/index.js';
import { payloadText } from '../capture-reader/captured-record.js';
import { keysInHours } from '../capture-reader/hour-folders.js';
import { objectLines } from '../capture-reader/object-lines.js';

export interface GroundTruthLabel {
  readonly label: unknown;
  readonly where: string;
}

export interface GroundTruthRead {
  /** By `eventMetadata.eventId`; a later line for the same id replaces an earlier one. */
  readonly labels: Map<string, GroundTruthLabel>;
  readonly lines: number;
  readonly replaced: number;
}

export interface GroundTruthSource {
  readonly uri: string;
  /** The hours (numbers since the epoch) whose folders are read; ignored for a single file. */
  readonly hours: { readonly first: number; readonly last: number };
  readonly storeOptions?: StoreOptions;
  readonly onSkip: (where: string, reason: string) => void;
}

export async function readGroundTruth(source: GroundTruthSource): Promise<GroundTruthRead> {
  const single = /\.jsonl?$/i.test(source.uri);
  const { store, keys } = single
    ? await objectIn(source.uri, source.storeOptions).then(({ store, key }) => ({ store, keys: [key] }))
    : await storeForUri(source.uri, source.storeOptions).then(async (store) => ({
        store,
        keys: await keysInHours(store, '', source.hours),
      }));
  const labels = new Map<string, GroundTruthLabel>();
  let lines = 0;
  let replaced = 0;
  for await (const line of objectLines(store, keys)) {
    lines++;
    const parsed = parseGroundTruthLine(line.text);
    if ('reason' in parsed) {
      source.onSkip(line.where, parsed.reason);
      continue;
    }
    if (labels.has(parsed.id)) replaced++;
    labels.set(parsed.id, { label: parsed.label, where: line.where });
  }
  return { labels, lines, replaced };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One ground-truth line: its id and label, or why it is not one. */
export function parseGroundTruthLine(text: string): { id: string; label: unknown } | { reason: string } {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    return { reason: 'not a JSON object' };
  }
  if (!isObject(line)) return { reason: 'not a JSON object' };
  const id = isObject(line.eventMetadata) ? line.eventMetadata.eventId : undefined;
  if (typeof id !== 'string' || id === '') return { reason: 'no eventMetadata.eventId' };
  const data = line.groundTruthData;
  if (!isObject(data) || typeof data.data !== 'string') return { reason: 'no groundTruthData.data string' };
  const encoding = data.encoding ?? 'CSV';
  if (encoding !== 'CSV' && encoding !== 'JSON' && encoding !== 'BASE64') {
    return { reason: `groundTruthData.encoding ${JSON.stringify(encoding)} is not CSV, JSON or BASE64` };
  }
  if (encoding === 'JSON') {
    try {
      return { id, label: JSON.parse(data.data) };
    } catch {
      return { reason: 'groundTruthData.data is not valid JSON' };
    }
  }
  try {
    const label = payloadText({ observedContentType: 'text/csv', mode: 'INPUT', encoding, data: data.data }).trim();
    return { id, label };
  } catch {
    return { reason: 'groundTruthData.data is not base64' };
  }
}
