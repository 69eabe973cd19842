/**
 * The SDK's failures as Godwit's coded errors. Each names the endpoint, the bucket or object and
 * the fix; none carries the SDK's own message for credential failures (it can quote the request
 * that was signed) and none ever holds a credential.
 */
import { GodwitError } from '../../core/errors.js';
import { unreachableCode } from '../../core/network-errors.js';
import { notFound, storeIo } from '../store-errors.js';
import type { S3Target } from './s3-client.js';

const CREDENTIAL_ERRORS = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'CredentialsProviderError',
]);

/** The name S3 gave the failure (`NoSuchKey`, `AccessDenied`, …) or a socket error's code. */
export function s3ErrorName(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const down = unreachableCode(err);
  if (down) return down;
  const e = err as { name?: unknown; Code?: unknown };
  return typeof e.Code === 'string' ? e.Code : typeof e.name === 'string' ? e.name : undefined;
}

/** Whether S3 said the key (or the object version) is not there. */
export function isMissingKey(err: unknown): boolean {
  const name = s3ErrorName(err);
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return name === 'NoSuchKey' || name === 'NotFound' || (status === 404 && name !== 'NoSuchBucket');
}

/**
 * `err` from an S3 call about `uri` (an object or a prefix in `bucket`) as a GodwitError:
 * E_STORE_UNREACHABLE, E_STORE_AUTH, E_BUCKET_NOT_FOUND, E_NOT_FOUND, else E_STORE_IO.
 */
export function s3Error(err: unknown, action: string, uri: string, bucket: string, target: S3Target): GodwitError {
  if (err instanceof GodwitError) return err;
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  // A HEAD answer has no body, so S3's error name is lost: a bare 403 is a refusal all the same.
  const name = status === 403 && !CREDENTIAL_ERRORS.has(s3ErrorName(err) ?? '') ? '403 Forbidden' : s3ErrorName(err);
  const where = target.configured ? `the S3 endpoint ${target.endpoint}` : `AWS S3 (${target.endpoint})`;
  const endpointFix = target.configured
    ? 'Start the server it names, or fix `s3.endpoint` in godwit.config.yaml (or AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL).'
    : 'Check the network, or point Godwit at a local S3 server with `s3.endpoint` in godwit.config.yaml or AWS_ENDPOINT_URL_S3.';
  if (name && unreachableCode({ code: name }))
    return new GodwitError('E_STORE_UNREACHABLE', `Cannot reach ${where} to ${action} ${uri} (${name}).`, {
      hint: endpointFix,
      cause: err,
    });
  if (name && (CREDENTIAL_ERRORS.has(name) || status === 403))
    return new GodwitError(
      'E_STORE_AUTH',
      `${where[0].toUpperCase()}${where.slice(1)} refused the credentials to ${action} ${uri} (${name}).`,
      {
        hint: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE with ~/.aws/credentials) to keys this endpoint accepts and that may use the bucket.',
      },
    );
  if (name === 'NoSuchBucket')
    return new GodwitError('E_BUCKET_NOT_FOUND', `Bucket "${bucket}" does not exist at ${where} (needed to ${action} ${uri}).`, {
      hint: `Create it (godwit storage mb s3://${bucket}, or aws s3 mb s3://${bucket}${target.configured ? ` --endpoint-url ${target.endpoint}` : ''}) or fix the bucket in the URI or the \`artifacts\` setting.`,
    });
  if (isMissingKey(err)) return notFound(uri);
  return storeIo(action, uri, err);
}
