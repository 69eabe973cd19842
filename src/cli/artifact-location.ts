/**
 * The artifact location a command's runs use, as its caller configured it: the `artifacts` key
 * (`GODWIT_ARTIFACTS`) with the `s3` and `gcs` settings, the home (offline `gs://` buckets are
 * folders in it) and the caller's environment. `s3://` with
 * no S3 endpoint configured is the home's own `godwit server` (started detached when none runs),
 * signed with the local server's credentials; the S3 code loads only then.
 */
import { type BucketUri, parseUri } from '../core/uri.js';
import type { ArtifactLocation } from '../runtime/local-services.js';
import type { StoreOptions } from '../store/index.js';
import type { StoreResolver } from '../warehouse/warehouse.js';
import { type CliIo, configOf, homeOf } from './cli-io.js';

export async function artifactLocationOf(io: CliIo): Promise<ArtifactLocation> {
  const config = configOf(io);
  const options = { s3: config.s3, gcs: config.gcs, env: io.env, home: config.home };
  if (config.artifacts === undefined) return {};
  if (!/^s3:\/\//i.test(config.artifacts) || config.s3.endpoint) return { uri: config.artifacts, options };
  const local = await localS3Options(io, options);
  // The home's own server starts empty: its default bucket is made on first use, like SageMaker's.
  const { S3ArtifactStore } = await import('../store/s3/s3-artifact-store.js');
  const { bucket, key } = parseUri(config.artifacts) as BucketUri;
  await new S3ArtifactStore(bucket, key, local).createBucketIfMissing();
  return { uri: config.artifacts, options: local };
}

/** Store options that reach the home's local S3 server (`ensureS3Endpoint`). */
export async function localS3Options(io: CliIo, options: { s3: object; gcs: object; env: NodeJS.ProcessEnv; home?: string }) {
  const { ensureS3Endpoint } = await import('../server/aws/s3/s3-endpoint.js');
  const s3 = await ensureS3Endpoint(homeOf(io), io, configOf(io));
  const credentials = s3.credentials
    ? { AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey }
    : {};
  return {
    ...options,
    s3: { endpoint: s3.endpoint, region: s3.region, forcePathStyle: s3.forcePathStyle },
    env: { ...io.env, AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined, ...credentials },
  };
}

/**
 * Store options for the URIs a command names (`godwit storage …`): the caller's settings, and the
 * home's local S3 server when one of them is `s3://` and no S3 endpoint is configured.
 */
export async function storeOptionsFor(io: CliIo, uris: readonly string[]) {
  const config = configOf(io);
  const options = { s3: config.s3, gcs: config.gcs, env: io.env, home: config.home, baseDir: io.cwd };
  if (config.s3.endpoint || !uris.some((u) => /^s3:\/\//i.test(u))) return options;
  return { ...(await localS3Options(io, options)), baseDir: io.cwd };
}

/**
 * The artifact location as `godwit server` itself opens it (its run reports read property files
 * from it). For `s3://` with no endpoint configured, the server is the endpoint, so it cannot ask
 * for one: it signs to its own address. With `--port 0` that address is not known beforehand,
 * and the server then reads no `s3://` artifacts.
 */
export async function serverArtifactLocation(io: CliIo, host: string, port: number): Promise<ArtifactLocation> {
  const config = configOf(io);
  if (config.artifacts === undefined || !/^s3:\/\//i.test(config.artifacts) || config.s3.endpoint) return artifactLocationOf(io);
  if (port === 0) return {};
  const { localS3Credentials, localS3Env } = await import('../server/aws/s3/s3-endpoint.js');
  return {
    uri: config.artifacts,
    options: {
      s3: { endpoint: `http://${host}:${port}`, region: config.s3.region, forcePathStyle: true },
      gcs: config.gcs,
      home: config.home,
      env: localS3Env(await localS3Credentials(homeOf(io).root)),
    },
  };
}

/**
 * How a command's warehouses reach object storage for COPY and UNLOAD: with the caller's
 * settings, and `s3://` on the home's local S3 server when no S3 endpoint is configured (the
 * server is asked for, and started, only when an `s3://` URI is first used).
 */
export function storeResolverOf(io: CliIo): StoreResolver {
  let local: Promise<StoreOptions> | undefined;
  return async (uri) => {
    const { objectIn } = await import('../store/index.js');
    if (!/^s3:\/\//i.test(uri)) return objectIn(uri, await storeOptionsFor(io, []));
    local ??= storeOptionsFor(io, [uri]);
    return objectIn(uri, await local);
  };
}
