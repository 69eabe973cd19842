import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { GodwitError } from '../../core/errors.js';

/**
 * What one variant did with one mirrored request, as the endpoint host hands it to the recorder:
 * the answer's body and type, or the error (any thrown value; a `GodwitError` keeps its code),
 * and the model latency in milliseconds.
 */
export interface ShadowResult {
  readonly body?: Buffer;
  readonly contentType?: string;
  readonly latencyMs: number;
  readonly error?: unknown;
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

export function recordedSide(result: ShadowResult): RecordedSide {
  const latencyMs = Math.round(result.latencyMs * 1000) / 1000;
  if (result.error !== undefined) return { latencyMs, error: errorOf(result.error) };
  const body = result.body ?? Buffer.alloc(0);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const text = body.length <= BODY_LIMIT && isUtf8(body) ? body.toString('utf8') : undefined;
  return { latencyMs, contentType: result.contentType, bytes: body.length, sha256, body: text };
}

function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof GodwitError) return { code: err.code, message: err.message };
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : 'E_INTERNAL';
  return { code, message: typeof e?.message === 'string' ? e.message : String(err) };
}
