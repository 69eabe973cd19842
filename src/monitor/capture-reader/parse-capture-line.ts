/**
 * Reads one capture line into a `CapturedRecord`, or says in a few words why it is not one. Only
 * what a monitoring job relies on is checked (an event id, a time, well-formed payloads); unknown
 * fields are ignored, as SageMaker adds fields over time.
 */
import type { CapturedPayload, CapturedRecord, CaptureEncoding } from './captured-record.js';

export type ParsedLine = { readonly record: CapturedRecord } | { readonly reason: string };

const ENCODINGS: ReadonlySet<string> = new Set<CaptureEncoding>(['CSV', 'JSON', 'BASE64']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** SageMaker's `inferenceTime` (`2020-07-30T13:36:30Z`, with or without fractions); NaN if not one. */
export function parseInferenceTime(text: unknown): number {
  if (typeof text !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(text)) return Number.NaN;
  return Date.parse(text);
}

export function parseCaptureLine(text: string, variant: string, where: string): ParsedLine {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    return { reason: 'not a JSON object' };
  }
  if (!isObject(line)) return { reason: 'not a JSON object' };
  const meta = line.eventMetadata;
  if (!isObject(meta)) return { reason: 'no eventMetadata' };
  if (typeof meta.eventId !== 'string' || meta.eventId === '') return { reason: 'no eventMetadata.eventId' };
  if (meta.inferenceId !== undefined && typeof meta.inferenceId !== 'string')
    return { reason: 'eventMetadata.inferenceId is not a string' };
  const time = parseInferenceTime(meta.inferenceTime);
  if (Number.isNaN(time)) return { reason: `eventMetadata.inferenceTime ${JSON.stringify(meta.inferenceTime)} is not a time` };
  const data = line.captureData;
  if (!isObject(data)) return { reason: 'no captureData' };
  const input = payload(data.endpointInput, 'INPUT');
  if (typeof input === 'string') return { reason: `captureData.endpointInput ${input}` };
  const output = payload(data.endpointOutput, 'OUTPUT');
  if (typeof output === 'string') return { reason: `captureData.endpointOutput ${output}` };
  if (!input && !output) return { reason: 'captureData has neither endpointInput nor endpointOutput' };
  const record: CapturedRecord = {
    eventId: meta.eventId,
    ...(typeof meta.inferenceId === 'string' ? { inferenceId: meta.inferenceId } : {}),
    inferenceTime: new Date(time),
    variant,
    ...(input ? { input } : {}),
    ...(output ? { output } : {}),
    where,
  };
  return { record };
}

/** The payload, `undefined` when absent, or what is wrong with it. */
function payload(value: unknown, mode: 'INPUT' | 'OUTPUT'): CapturedPayload | undefined | string {
  if (value === undefined) return undefined;
  if (!isObject(value)) return 'is not an object';
  if (typeof value.data !== 'string') return 'has no data string';
  if (typeof value.encoding !== 'string' || !ENCODINGS.has(value.encoding)) {
    return `has encoding ${JSON.stringify(value.encoding)}, not CSV, JSON or BASE64`;
  }
  const type = typeof value.observedContentType === 'string' ? value.observedContentType : '';
  return { observedContentType: type, mode, encoding: value.encoding as CaptureEncoding, data: value.data };
}
