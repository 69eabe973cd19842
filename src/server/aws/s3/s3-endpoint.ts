import { join } from 'node:path';
import type { GodwitConfig } from '../../../config/config.js';
import type { GodwitHome } from '../../../core/home.js';
import { derivedSecret, loadSecretsKey } from '../../../governance/principals/secrets-key.js';
import { ensureServer } from '../../client.js';
import { DEFAULT_REGION } from '../arns.js';

/**
 * Where `s3://` goes and how an S3 client gets there. Offline by default: with no S3 endpoint in
 * the configuration (`s3.endpoint`, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`), `s3://` is the
 * S3 front door of the home's `godwit server`, over the folder `<home>/s3/` (one per home), so a
 * pipeline, the CLI and a user's own boto3 script given that endpoint see the same buckets.
 *
 * ```ts
 * const s3 = await ensureS3Endpoint(home, io, config);
 * // local:      { endpoint: 'http://127.0.0.1:4600', region: 'us-east-1', forcePathStyle: true,
 * //               credentials: { accessKeyId: 'godwit', secretAccessKey: '<this home's>' }, local: true }
 * // configured: { endpoint: 'http://minio:9000', region: 'eu-west-1', forcePathStyle: false,
 * //               credentials: undefined, local: false }
 * new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: s3.forcePathStyle,
 *                ...(s3.credentials && { credentials: s3.credentials }) });
 * ```
 */
export interface S3Endpoint {
  /** The endpoint URL to give the SDK. */
  readonly endpoint: string;
  readonly region: string;
  /** `http://host/bucket/key` addressing: always for the local server, whose host is an IP. */
  readonly forcePathStyle: boolean;
  /**
   * The home's own local S3 key (`localS3Credentials`). Undefined for a configured endpoint: the SDK's own chain (environment, profiles, shared
   * files) supplies them, and Godwit never invents or records any.
   */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
  /** True when this is the home's own `godwit server`. */
  readonly local: boolean;
}

/** The access key id of Godwit's own local S3 key; its secret is each home's own (`localS3Credentials`). */
export const LOCAL_S3_ACCESS_KEY_ID = 'godwit';

export interface LocalS3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * What Godwit's own components sign with when they reach the home's S3 door (steps, stores,
 * DuckDB's `s3://`, containers, uploads): the access key `godwit` and a secret derived from the
 * home's secrets key (`<home>/secrets.key`, made on first need), so each home has its own and
 * none is in Godwit's source. The server accepts it from loopback as the local user once the home
 * has principals; before that any key is accepted, as on LocalStack.
 */
export async function localS3Credentials(homeRoot: string): Promise<LocalS3Credentials> {
  const key = (await loadSecretsKey(homeRoot, true)) as Buffer;
  return { accessKeyId: LOCAL_S3_ACCESS_KEY_ID, secretAccessKey: derivedSecret(key, 'local-s3-secret-access-key/v1') };
}

/** The same keys as the variables a store (or a step's SDK) reads them from. */
export function localS3Env(credentials: LocalS3Credentials): Record<'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY', string> {
  return { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
}

/** The folder the local S3 server keeps its buckets in: one per home. */
export function s3Folder(home: GodwitHome): string {
  return join(home.root, 's3');
}

/** The S3 endpoint of a running Godwit server at `serverUrl` (`http://127.0.0.1:4600`), signed with the home's local key. */
export function localS3Endpoint(serverUrl: string, credentials: LocalS3Credentials, region: string = DEFAULT_REGION): S3Endpoint {
  return { endpoint: serverUrl, region, forcePathStyle: true, credentials, local: true };
}

/** The endpoint the configuration names, or undefined when it names none (then `s3://` is local). */
export function configuredS3Endpoint(s3: GodwitConfig['s3']): S3Endpoint | undefined {
  if (!s3.endpoint) return undefined;
  return {
    endpoint: s3.endpoint,
    region: s3.region ?? DEFAULT_REGION,
    forcePathStyle: s3.forcePathStyle ?? false,
    credentials: undefined,
    local: false,
  };
}

/**
 * The S3 endpoint for this home: the configured one, else the home's Godwit server, started
 * detached (and said so on `io.stderr`) when none runs. This is what the S3 artifact store and
 * `godwit run` call when artifacts are `s3://` and the configuration names no S3 endpoint.
 */
export async function ensureS3Endpoint(
  home: GodwitHome,
  io: { stderr: { write(text: string): unknown }; env: NodeJS.ProcessEnv },
  config: Pick<GodwitConfig, 's3' | 'server'>,
): Promise<S3Endpoint> {
  const configured = configuredS3Endpoint(config.s3);
  if (configured) return configured;
  const server = await ensureServer(home, io, { port: config.server.port });
  return localS3Endpoint(server.url, await localS3Credentials(home.root), config.s3.region);
}

/**
 * The variables a step process gets so that its own SDK (boto3, the AWS CLI, SDK v3) reaches the
 * same S3 as the run: the standard endpoint variables, the region and, for the local server only,
 * its credentials. For a configured endpoint, credentials stay whatever the step inherits from
 * Godwit's environment; none are invented. `AWS_ENDPOINT_URL` (every service) is set only for the
 * local server, which also answers SageMaker; a configured S3 endpoint is S3's alone.
 */
export function s3StepEnv(s3: S3Endpoint): Record<string, string> {
  const env: Record<string, string> = { AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_REGION: s3.region };
  if (s3.local) env.AWS_ENDPOINT_URL = s3.endpoint;
  if (s3.credentials) {
    env.AWS_ACCESS_KEY_ID = s3.credentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = s3.credentials.secretAccessKey;
  }
  return env;
}

/**
 * Whether a run reaches S3: its artifacts are `s3://`, or its pipeline names an `s3://` URI
 * anywhere (an input's source, a step's argument or variable).
 */
export function runUsesS3(artifacts: string | undefined, ir: unknown): boolean {
  return /^s3:\/\//i.test(artifacts ?? '') || JSON.stringify(ir ?? null).includes('"s3://');
}

/**
 * The S3 variables for a run's steps (`s3StepEnv`), or none when the run does not reach S3. A
 * run that does, with no S3 endpoint configured, gets the home's server here, started before
 * its first step if none runs, so every step and the run itself see the same buckets.
 */
export async function s3EnvForRun(
  home: GodwitHome,
  io: { stderr: { write(text: string): unknown }; env: NodeJS.ProcessEnv },
  config: Pick<GodwitConfig, 's3' | 'server' | 'artifacts'>,
  ir: unknown,
): Promise<Record<string, string>> {
  if (!runUsesS3(config.artifacts, ir)) return {};
  return s3StepEnv(await ensureS3Endpoint(home, io, config));
}
