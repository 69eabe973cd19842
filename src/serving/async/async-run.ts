import type { AsyncOutcome } from '../../async-inference/async-events.js';
import type { AsyncRequest } from '../../async-inference/async-records.js';
import type { Clock } from '../../core/clock.js';
import { GodwitError } from '../../core/errors.js';
import { parseUri } from '../../core/uri.js';
import { type ArtifactStore, objectIn, type StoreOptions, storeForUri } from '../../store/index.js';
import { statusOf } from '../host/invocation-status.js';
import type { InvokeOptions } from '../host/live-endpoint.js';
import type { InferenceRequest, InferenceResponse } from '../model-runtime.js';

/** What running a request needs of the endpoint host: the same `invoke` InvokeEndpoint uses, so metrics and capture apply. */
export interface AsyncHost {
  invoke(
    name: string,
    request: InferenceRequest,
    options?: InvokeOptions,
  ): Promise<{ variantName: string; response: InferenceResponse }>;
  stats(name: string): { variants: { variantName: string; instances: number }[] } | undefined;
  /** The endpoints serving now, each with the config it serves. */
  readonly live: ReadonlyMap<string, { readonly configName: string }>;
}

export interface RunContext {
  readonly host: AsyncHost;
  readonly clock: Clock;
  readonly storeOptions: () => StoreOptions;
  /**
   * Bucket stores (`s3://b`, `gs://b`) opened so far, kept across requests: opening one builds an
   * SDK client, which cost more than the rest of a request's work.
   */
  readonly buckets?: Map<string, Promise<ArtifactStore>>;
}

/**
 * Runs one claimed request to its outcome and writes it: the input is read from its location (or
 * the inline body), the endpoint is invoked within the request's `InvocationTimeoutSeconds` on the
 * clock, and the answer goes to the output location, or the reason to the failure location. A
 * request found past its TTL is failed without being run. Never throws: every problem is an outcome.
 */
export async function runAsyncRequest(ctx: RunContext, request: AsyncRequest): Promise<AsyncOutcome> {
  let outcome: AsyncOutcome;
  if (ctx.clock.now() > request.expiresAt) outcome = failed(expired(request));
  else {
    try {
      const body = request.body ?? (await readInput(ctx, request.inputLocation as string));
      const { variantName, response } = await invokeWithin(ctx, request, body);
      outcome = { status: 'Completed', contentType: response.contentType, body: Buffer.from(response.body), variantName };
    } catch (err) {
      outcome = failed(err);
    }
  }
  if (outcome.status === 'Completed') {
    try {
      await write(ctx, request.outputLocation, outcome.body);
      return outcome;
    } catch (err) {
      outcome = failed(
        new GodwitError('E_ASYNC_STORE', `Failed to upload the response to ${request.outputLocation}: ${(err as Error).message}`),
      );
    }
  }
  // A failure that cannot be written is still reported: its notification carries the reason.
  await write(ctx, request.failureLocation, outcome.body).catch(() => {});
  return outcome;
}

/** The store and key of one object, reusing the bucket's store when it was opened before. */
async function located(ctx: RunContext, uri: string): Promise<{ store: ArtifactStore; key: string }> {
  const options = ctx.storeOptions();
  const location = parseUri(uri, options);
  if (location.scheme === 'file' || !ctx.buckets) return objectIn(uri, options);
  const bucket = `${location.scheme}://${location.bucket}`;
  let store = ctx.buckets.get(bucket);
  if (!store) {
    store = storeForUri(bucket, options);
    store.catch(() => ctx.buckets?.delete(bucket));
    ctx.buckets.set(bucket, store);
  }
  return { store: await store, key: location.key };
}

async function readInput(ctx: RunContext, uri: string): Promise<Buffer> {
  try {
    const { store, key } = await located(ctx, uri);
    return await store.get(key);
  } catch (err) {
    throw new GodwitError('E_ASYNC_STORE', `Failed to download the request from ${uri}: ${(err as Error).message}`);
  }
}

async function invokeWithin(ctx: RunContext, request: AsyncRequest, body: Buffer) {
  const timeoutMs = request.invocationTimeoutSeconds * 1000;
  const stop = new AbortController();
  const timeout = ctx.clock.sleep(timeoutMs, stop.signal).then(() => {
    throw new GodwitError(
      'E_ASYNC_TIMEOUT',
      `The model did not answer inference ${request.inferenceId} within its InvocationTimeoutSeconds (${request.invocationTimeoutSeconds} s).`,
    );
  });
  timeout.catch(() => {});
  const call = ctx.host.invoke(
    request.endpointName,
    { body, contentType: request.contentType, accept: request.accept, customAttributes: request.customAttributes },
    { inferenceId: request.inferenceId },
  );
  try {
    return await Promise.race([call, timeout]);
  } finally {
    stop.abort();
  }
}

async function write(ctx: RunContext, uri: string, body: Buffer): Promise<void> {
  const { store, key } = await located(ctx, uri);
  await store.put(key, body);
}

function expired(request: AsyncRequest): GodwitError {
  const ttl = Math.round((request.expiresAt.getTime() - request.receivedAt.getTime()) / 1000);
  return new GodwitError(
    'E_ASYNC_EXPIRED',
    `Request ${request.inferenceId} expired in the queue: its RequestTTLSeconds (${ttl} s) passed before an instance was free.`,
  );
}

/** SageMaker's `failureReason` words: `ClientError: …`, with the model's status and message when the model answered. */
function failed(err: unknown): AsyncOutcome {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string }).code ?? 'E_MODEL_ERROR';
  const ours =
    code === 'E_ASYNC_EXPIRED' || code === 'E_ASYNC_TIMEOUT' || code === 'E_ASYNC_STORE' || code === 'E_ENDPOINT_NOT_SERVING';
  const status = statusOf(err);
  const reason = ours
    ? `ClientError: ${message}`
    : `ClientError: Received ${status < 500 ? 'client' : 'server'} error (${status}) from model with message "${message}".`;
  return {
    status: 'Failed',
    failureReason: reason,
    contentType: 'text/plain; charset=utf-8',
    body: Buffer.from(`${reason}\n`),
    code,
  };
}
