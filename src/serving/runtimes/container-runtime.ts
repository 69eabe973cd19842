/**
 * Bring your own container: an instance is a process on this machine speaking SageMaker's serving
 * contract (`serve`, `SAGEMAKER_BIND_TO_PORT`, `GET /ping`, `POST /invocations`) or, with
 * `contract: 'vertex'`, Vertex AI's (`AIP_HTTP_PORT`, `AIP_HEALTH_ROUTE`, `AIP_PREDICT_ROUTE`).
 * docs/byoc.md says how a container names its program and what it sees.
 *
 * A process that dies is not restarted here: its in-flight requests fail at once with
 * `E_CONTAINER_DIED`, later ones too, and `onExit` tells the host, which starts a replacement as it
 * does for a crashed worker thread of any runtime, so one place decides how restarts are paced.
 */
import { GodwitError } from '../../core/errors.js';
import { ConnectionLost, type ContainerClient, containerClient, replyError } from '../container/container-client.js';
import { routesFor } from '../container/container-env.js';
import { launchContainer, waitHealthy } from '../container/container-launch.js';
import { vertexAnswer, vertexBody } from '../container/vertex-shape.js';
import type { InferenceRequest, InferenceResponse, ModelInstance, ModelRuntime, StartOptions } from '../model-runtime.js';

const CUSTOM_ATTRIBUTES = 'x-amzn-sagemaker-custom-attributes';

/** A container instance: a `ModelInstance` that also names its process and port. */
export interface ContainerInstance extends ModelInstance {
  /** The process Godwit started (bubblewrap's when sandboxed); killing it kills the container. */
  readonly pid: number;
  /** Where the container listens on 127.0.0.1 (for calling it directly, as the bench does). */
  readonly port: number;
  readonly logPath: string;
}

export interface ContainerTuning {
  /** Reuse connections to the container (default true; false only to measure what it saves). */
  readonly keepAlive?: boolean;
  /** How long `close()` waits after SIGTERM before SIGKILL (default 10 s, as `docker stop`). */
  readonly stopGraceMs?: number;
}

export const containerRuntime: ModelRuntime = {
  name: 'container',
  start: (options) => startContainer(options),
};

export async function startContainer(options: StartOptions, tuning: ContainerTuning = {}): Promise<ContainerInstance> {
  const launched = await launchContainer(options);
  const client = containerClient(launched.port, { keepAlive: tuning.keepAlive });
  const routes = routesFor(options.container);
  try {
    await waitHealthy(launched, client, routes.health, options.signal);
  } catch (err) {
    client.fail(new GodwitError('E_CONTAINER_START', 'The container did not start.'));
    await launched.process.stop(1000);
    client.close();
    throw err;
  }
  let closing = false;
  // The error requests get once the process is gone; settles only if it dies on its own.
  const died = launched.process.exited.then(async (exit) => {
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
    const reason = `The container "${launched.argv.join(' ')}" (pid ${launched.process.pid}) ${how}.`;
    const tail = closing ? '' : await launched.process.tail(5);
    const error = new GodwitError('E_CONTAINER_DIED', `${reason}${tail ? ` Its log ends with:\n${tail}` : ''}`, {
      hint: 'The endpoint starts a new instance; retry the request.',
    });
    if (!closing) {
      client.fail(error);
      options.onExit?.(reason);
    }
    return error;
  });
  const vertex = options.container.contract === 'vertex';
  return {
    runtime: 'container',
    pid: launched.process.pid,
    port: launched.port,
    logPath: launched.logPath,
    invoke: (request) => invoke(client, died, routes.predict, vertex, request, launched.argv),
    async close() {
      if (closing) return;
      closing = true;
      await client.drain();
      client.fail(new GodwitError('E_CONTAINER_DIED', 'The container instance was closed.'));
      await launched.process.stop(tuning.stopGraceMs ?? 10_000);
      client.close();
    },
  };
}

async function invoke(
  client: ContainerClient,
  died: Promise<GodwitError>,
  route: string,
  vertex: boolean,
  request: InferenceRequest,
  argv: readonly string[],
): Promise<InferenceResponse> {
  const headers: Record<string, string> = { 'content-type': vertex ? 'application/json' : request.contentType };
  if (request.accept && !vertex) headers.accept = request.accept;
  if (vertex) headers.accept = 'application/json';
  if (request.customAttributes !== undefined) headers[CUSTOM_ATTRIBUTES] = request.customAttributes;
  const body = vertex ? vertexBody(request) : request.body;
  const reply = await client.send('POST', route, headers, body).catch(async (err: unknown) => {
    throw err instanceof ConnectionLost ? await lostConnection(died, err) : err;
  });
  if (reply.status >= 400) throw replyError(reply, `The container "${argv.join(' ')}"`);
  const attributes = reply.headers[CUSTOM_ATTRIBUTES];
  const customAttributes = Array.isArray(attributes) ? attributes.join(',') : attributes;
  if (vertex) return { ...vertexAnswer(reply.body, request.accept), customAttributes };
  const contentType = reply.headers['content-type'] ?? request.accept ?? 'application/octet-stream';
  return { body: reply.body, contentType, ...(customAttributes !== undefined ? { customAttributes } : {}) };
}

/**
 * A connection that broke: the process died (the exit handler fails the request with the reason
 * a moment later, or already has) or it closed the connection without answering.
 */
async function lostConnection(died: Promise<GodwitError>, err: ConnectionLost): Promise<GodwitError> {
  const error = await Promise.race([died, new Promise<undefined>((r) => setTimeout(r, 500))]);
  return error ?? new GodwitError('E_MODEL_ERROR', `The container closed the connection without answering: ${err.message}`);
}
