import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { InferenceRequest, InferenceResponse } from '../model-runtime.js';

/**
 * One side of a mirrored request as the endpoint host hands it over (the host's `ShadowOutcome`):
 * the variant, its answer or its error, and the time it took in microseconds.
 */
export interface ShadowSide {
  readonly variantName: string;
  readonly response?: InferenceResponse;
  readonly error?: { readonly code: string; readonly message: string };
  readonly latencyUs: number;
}

/** A production answer beside one shadow variant's answer to the same request (the host's `ShadowPair`). */
export interface ShadowPair {
  readonly endpointName: string;
  readonly inferenceId?: string;
  /** When the request was answered, on the host's clock: it picks the day file. */
  readonly at: Date;
  readonly request: InferenceRequest;
  readonly production: ShadowSide;
  readonly shadow: ShadowSide;
}

/** One side of a stored observation. `body` is kept when it is UTF-8 text of at most `BODY_LIMIT` bytes. */
export interface RecordedSide {
  readonly latencyMs: number;
  readonly contentType?: string;
  readonly bytes?: number;
  readonly sha256?: string;
  readonly body?: string;
  readonly error?: { readonly code: string; readonly message: string };
}

/** One line of a shadow file: a production answer beside its shadow's, for one request. */
export interface ShadowRecord {
  /** When the production answer was recorded (ISO 8601, the recorder's clock). */
  readonly at: string;
  readonly endpoint: string;
  readonly productionVariant: string;
  readonly shadowVariant: string;
  readonly inferenceId?: string;
  readonly request: { readonly contentType: string; readonly bytes: number };
  readonly production: RecordedSide;
  readonly shadow: RecordedSide;
}

/**
 * Bodies larger than this are stored as their digest only: exact agreement is still decided (by
 * SHA-256), numeric differences are not. 64 KiB keeps a day of a busy endpoint's file readable.
 */
export const BODY_LIMIT = 64 * 1024;

export function recordedSide(side: ShadowSide): RecordedSide {
  const latencyMs = side.latencyUs / 1000;
  if (side.error !== undefined) return { latencyMs, error: { code: side.error.code, message: side.error.message } };
  const body = side.response?.body ?? Buffer.alloc(0);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const text = body.length <= BODY_LIMIT && isUtf8(body) ? body.toString('utf8') : undefined;
  return { latencyMs, contentType: side.response?.contentType, bytes: body.length, sha256, body: text };
}
