/**
 * One request as a monitoring job reads it back from data capture: the fields of SageMaker's
 * capture line (`src/serving/capture/capture-line.ts` writes them) with the variant taken from the
 * object's key and `inferenceTime` parsed. Payloads keep the captured text; `payloadBytes` /
 * `payloadText` decode it on demand, so a job that needs only the output never decodes the input.
 */
import { GodwitError } from '../../core/errors.js';

export type CaptureEncoding = 'CSV' | 'JSON' | 'BASE64';

/** `captureData.endpointInput` or `captureData.endpointOutput` as captured. */
export interface CapturedPayload {
  readonly observedContentType: string;
  readonly mode: 'INPUT' | 'OUTPUT';
  readonly encoding: CaptureEncoding;
  /** The `data` field: the body's text for CSV and JSON, its base64 for BASE64. */
  readonly data: string;
}

export interface CapturedRecord {
  readonly eventId: string;
  /** The caller's `InferenceId`, when the request carried one. */
  readonly inferenceId?: string;
  /** `eventMetadata.inferenceTime` (SageMaker writes it to the second, UTC). */
  readonly inferenceTime: Date;
  /** The production variant, from the object's key `<endpoint>/<variant>/yyyy/mm/dd/hh/…`. */
  readonly variant: string;
  readonly input?: CapturedPayload;
  readonly output?: CapturedPayload;
  /** `<object uri>:<line>` (1-based), for messages that point at this record. */
  readonly where: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The body's bytes; E_CAPTURE_PAYLOAD when a BASE64 payload is not base64. */
export function payloadBytes(payload: CapturedPayload): Buffer {
  if (payload.encoding !== 'BASE64') return Buffer.from(payload.data, 'utf8');
  // Node's decoder silently drops what is not base64; a capture line that lies should be reported.
  const compact = payload.data.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new GodwitError('E_CAPTURE_PAYLOAD', `The ${payload.mode} payload is marked BASE64 but is not base64.`, {
      hint: 'Capture files are written by data capture; a hand-edited line must keep encoding and data consistent.',
    });
  }
  return Buffer.from(compact, 'base64');
}

/** The body as UTF-8 text (CSV and JSON payloads are already text). */
export function payloadText(payload: CapturedPayload): string {
  return payload.encoding === 'BASE64' ? payloadBytes(payload).toString('utf8') : payload.data;
}
