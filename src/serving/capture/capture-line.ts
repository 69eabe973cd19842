/**
 * One captured request as SageMaker's data capture writes it: a JSON line (docs/data-capture.md
 * has the sources). Given `CsvContentTypes: ['text/csv']`, a CSV request and its answer become
 *
 * ```json
 * {"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":"1,2,3","encoding":"CSV"},
 *  "endpointOutput":{"observedContentType":"text/csv; charset=utf-8","mode":"OUTPUT","data":"0.5","encoding":"CSV"}},
 *  "eventMetadata":{"eventId":"8f45e35c-…","inferenceTime":"2020-07-30T13:36:30Z"},"eventVersion":"0"}
 * ```
 *
 * (one line in the file). A side the config does not capture is left out of `captureData`;
 * `inferenceId` is in `eventMetadata` only when the caller gave one.
 */

import { randomUUID } from 'node:crypto';
import { mediaType } from '../../core/media-type.js';
import type { CaptureRecord } from './capture-sink.js';

export type CaptureEncoding = 'CSV' | 'JSON' | 'BASE64';

/** The `CaptureContentTypeHeader` of a `DataCaptureConfig`, as the encoder reads it. */
export interface ContentTypeHeader {
  readonly csvContentTypes: readonly string[];
  readonly jsonContentTypes: readonly string[];
}

/**
 * Picks the encodings once per config: the media type (before any `;` parameter, any case) in
 * the CSV list is CSV, in the JSON list JSON, and anything else BASE64 — SageMaker's default when
 * no header names the type. `text/csv; charset=utf-8` therefore matches `text/csv`, as it does in
 * SageMaker's own captures.
 */
export function encoderFor(header: ContentTypeHeader): (contentType: string) => CaptureEncoding {
  const csv = new Set(header.csvContentTypes.map(mediaType));
  const json = new Set(header.jsonContentTypes.map(mediaType));
  const memo = new Map<string, CaptureEncoding>();
  return (contentType) => {
    let encoding = memo.get(contentType);
    if (encoding === undefined) {
      const type = mediaType(contentType);
      encoding = csv.has(type) ? 'CSV' : json.has(type) ? 'JSON' : 'BASE64';
      if (memo.size < 256) memo.set(contentType, encoding);
    }
    return encoding;
  };
}

/** SageMaker's `inferenceTime`: UTC to the second, `2020-07-30T13:36:30Z`. */
export function inferenceTimeText(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

/**
 * The JSON line (without its newline) for one record. Built by hand rather than by stringifying
 * an object (same bytes, key order fixed; the golden test holds it to the documented sample):
 * this runs once per captured request, and half the cost of `JSON.stringify` on the nested
 * object was building and walking it.
 */
export function captureLine(record: CaptureRecord, encode: (contentType: string) => CaptureEncoding): string {
  const input = record.input ? `"endpointInput":${side(record.input, 'INPUT', encode)}` : '';
  const output = record.output ? `"endpointOutput":${side(record.output, 'OUTPUT', encode)}` : '';
  const data = input && output ? `${input},${output}` : input || output;
  const id = record.inferenceId === undefined ? '' : `,"inferenceId":${JSON.stringify(record.inferenceId)}`;
  const time = secondText(record.inferenceTime);
  const eventId = JSON.stringify(record.eventId ?? randomUUID());
  return `{"captureData":{${data}},"eventMetadata":{"eventId":${eventId},"inferenceTime":"${time}"${id}},"eventVersion":"0"}`;
}

// Requests come in time order, many per second: the last second's text is reused.
let lastSecond = Number.NaN;
let lastText = '';
function secondText(at: Date): string {
  const second = Math.floor(at.getTime() / 1000);
  if (second !== lastSecond) {
    lastText = inferenceTimeText(at);
    lastSecond = second;
  }
  return lastText;
}

function side(
  payload: { readonly contentType: string; readonly body: Buffer },
  mode: 'INPUT' | 'OUTPUT',
  encode: (contentType: string) => CaptureEncoding,
): string {
  const encoding = encode(payload.contentType);
  const data = encoding === 'BASE64' ? payload.body.toString('base64') : payload.body.toString('utf8');
  return `{"observedContentType":${JSON.stringify(payload.contentType)},"mode":"${mode}","data":${JSON.stringify(data)},"encoding":"${encoding}"}`;
}
