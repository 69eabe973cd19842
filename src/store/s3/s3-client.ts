/**
 * The one place an `S3Client` is built: endpoint, region and path style from the configuration's
 * `s3` key, credentials from the SDK's own provider chain (environment variables, the shared
 * config and credentials files, `AWS_PROFILE`). No secret is ever copied onto a Godwit object:
 * when the caller's environment is not this process's (the CLI run in-process by a test or a
 * server), credentials are read from it by a provider function at request time.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { redactUrl } from '../../core/redact.js';
import type { StoreOptions } from '../index.js';

/** Where a client talks to, for messages: never holds credentials. */
export interface S3Target {
  /** The configured endpoint (password-free), or the AWS regional endpoint it defaults to. */
  readonly endpoint: string;
  readonly region: string;
  /** Whether the endpoint came from the configuration (so the fix is there). */
  readonly configured: boolean;
}

export function s3TargetOf(options: StoreOptions): S3Target {
  const env = options.env ?? process.env;
  const region = options.s3?.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const endpoint = options.s3?.endpoint;
  return endpoint
    ? { endpoint: redactUrl(endpoint), region, configured: true }
    : { endpoint: `https://s3.${region}.amazonaws.com`, region, configured: false };
}

/**
 * A client for `options`. Path-style addressing is the default with a configured endpoint (local
 * S3 servers, MinIO and s3rver have no per-bucket host names) and virtual-hosted style on AWS;
 * `s3.forcePathStyle` overrides either. Constructing it does no I/O.
 */
export function createS3Client(options: StoreOptions): S3Client {
  const env = options.env ?? process.env;
  const endpoint = options.s3?.endpoint;
  return new S3Client({
    region: s3TargetOf(options).region,
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle: options.s3?.forcePathStyle ?? endpoint !== undefined,
    ...(env === process.env ? {} : credentialsFrom(env)),
  });
}

// Another environment than process.env: its keys, else its profile through the default chain.
function credentialsFrom(env: NodeJS.ProcessEnv): Partial<ConstructorParameters<typeof S3Client>[0]> {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      credentials: async () => ({
        accessKeyId: env.AWS_ACCESS_KEY_ID as string,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
        ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      }),
    };
  }
  return env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {};
}
