/**
 * What the Google Cloud Storage client's failures mean to a user: a missing bucket, refused
 * credentials, an endpoint that does not answer, or a missing object, each with its fix. The
 * client's errors carry the JSON API's status (`code`) and message; connection failures carry
 * Node's errno code, sometimes one `cause` down.
 *
 * The client's error is not kept as the `cause`: its message quotes URLs and its request config
 * holds headers, and secrets must not travel with an error. What it says is in the message,
 * redacted.
 */
import { GodwitError } from '../../core/errors.js';
import { unreachableCode } from '../../core/network-errors.js';
import { redactUrl, redactUrlsIn } from '../../core/redact.js';
import { errnoCode, notFound } from '../store-errors.js';

// The client's own codes for a transfer whose CRC32C or MD5 disagrees with the server's.
const DOWNLOAD_MISMATCH = new Set(['CONTENT_DOWNLOAD_MISMATCH', 'FILE_NO_UPLOAD', 'FILE_NO_UPLOAD_DELETE']);

export interface GcsErrorContext {
  readonly action: string;
  readonly uri: string;
  readonly bucket: string;
  /** The API endpoint, for messages (never holds credentials). */
  readonly endpoint: string;
}

/** The HTTP status of a client error, if it has one. */
export function httpStatus(err: unknown): number | undefined {
  const e = err as { code?: unknown; response?: { status?: unknown } } | null;
  if (typeof e?.code === 'number') return e.code;
  return typeof e?.response?.status === 'number' ? e.response.status : undefined;
}

/** True when a 404 is about the bucket rather than the object (the API says which in its message). */
export function isMissingBucket(err: unknown): boolean {
  return httpStatus(err) === 404 && /bucket does not exist/i.test(String((err as Error).message));
}

export function gcsError(err: unknown, ctx: GcsErrorContext): GodwitError {
  if (err instanceof GodwitError) return err;
  const status = httpStatus(err);
  // Libraries quote the URL they were given, password and all: redact before it reaches a message.
  // Some client failures (a resumable upload's) are plain objects with a message, not Errors.
  const message = (err as { message?: unknown } | null)?.message;
  const detail = redactUrlsIn(typeof message === 'string' ? (message.split('\n')[0] ?? '') : String(err));
  if (isMissingBucket(err)) return missingBucket(ctx);
  if (status === 400 && /doesn't match calculated|does not match/i.test(detail)) {
    return new GodwitError(
      'E_CHECKSUM',
      `Google Cloud Storage ${ctx.endpoint} refused ${ctx.uri}: the bytes it received do not match the digest sent with them (${detail}).`,
      {
        hint: 'The upload was damaged on the way and nothing was stored; try again.',
      },
    );
  }
  if (status === 404) return notFound(ctx.uri);
  if (status === 401 || status === 403) {
    return new GodwitError(
      'E_STORE_AUTH',
      `Google Cloud Storage at ${ctx.endpoint} refused to ${ctx.action} ${ctx.uri} (HTTP ${status}: ${detail}).`,
      {
        hint: 'Check the credentials the client found (Application Default Credentials: `gcloud auth application-default login`, or GOOGLE_APPLICATION_CREDENTIALS naming a service-account key) and that they may use the bucket (roles/storage.objectAdmin).',
      },
    );
  }
  const code = unreachableCode(err);
  if (code !== undefined) {
    return new GodwitError(
      'E_STORE_UNREACHABLE',
      `Could not reach Google Cloud Storage at ${ctx.endpoint} to ${ctx.action} ${ctx.uri} (${code}).`,
      {
        hint: "Check `gcs.endpoint` in godwit.config.yaml or STORAGE_EMULATOR_HOST, and that the server is running; remove both to use the offline gs:// folders in Godwit's home.",
      },
    );
  }
  if (DOWNLOAD_MISMATCH.has(String(errnoCode(err)))) {
    return new GodwitError(
      'E_CHECKSUM',
      `The bytes of ${ctx.uri} did not match the CRC32C/MD5 that Google Cloud Storage sent with them (${detail}).`,
      {
        hint: 'Try again; if it persists the object is damaged: write it again.',
      },
    );
  }
  return new GodwitError('E_STORE_IO', `Could not ${ctx.action} ${ctx.uri} at Google Cloud Storage ${ctx.endpoint}: ${detail}`);
}

export function missingBucket(ctx: GcsErrorContext): GodwitError {
  return new GodwitError(
    'E_BUCKET_NOT_FOUND',
    `There is no bucket "${ctx.bucket}" at Google Cloud Storage ${ctx.endpoint} (for ${ctx.uri}).`,
    {
      hint: `Create it (\`gcloud storage buckets create gs://${ctx.bucket}\`) or fix the bucket name in the URI.`,
    },
  );
}

/**
 * Google's clients authenticate with Application Default Credentials, never with a password in
 * the endpoint URL (which Node's fetch refuses and errors would quote): say so before any request.
 */
export function endpointCredentials(setting: string, endpoint: string): GodwitError {
  return new GodwitError('E_CONFIG', `The ${setting} ${redactUrl(endpoint)} holds a user name or password.`, {
    hint: 'Remove them from the URL; Google Cloud clients take credentials from Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS or `gcloud auth application-default login`).',
  });
}
