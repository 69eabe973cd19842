/**
 * A model server that honours the SageMaker inference container contract for Godwit's
 * linear-learner models: `GET /ping` answers 200 when the model is loaded, `POST /invocations`
 * scores a `text/csv` (or JSON `instances`) body and answers in the `Accept` type, and
 * `GET /execution-parameters` tells batch transform how to batch. Vertex AI's routes
 * (`AIP_HEALTH_ROUTE`, `AIP_PREDICT_ROUTE`) can be served as well. `godwit serve`
 * (src/cli/entrypoints/serve.ts) is its command-line entry point.
 *
 * ```
 * $ curl -s -H 'Content-Type: text/csv' --data-binary $'0.1,0.2,...\n' localhost:8080/invocations
 * 9.87
 * ```
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GodwitError } from '../core/errors.js';
import { mediaType } from '../ml/inference-format.js';
import { type LinearModel, loadLinearModel } from '../ml/linear-model.js';
import type { ModelInstance } from './model-runtime.js';
import { linearLearnerInstance } from './runtimes/linear-learner-runtime.js';

export interface ServeModelOptions {
  readonly modelDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Interface to bind; containers need `0.0.0.0`, which is the default. */
  readonly host?: string;
  /** Extra health and predict routes, e.g. Vertex AI's `AIP_HEALTH_ROUTE` and `AIP_PREDICT_ROUTE`. */
  readonly healthRoute?: string;
  readonly predictRoute?: string;
}

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  readonly model: LinearModel;
  close(): Promise<void>;
}

// SageMaker's InvokeEndpoint and batch transform default limit: 6 MB per request.
const MAX_PAYLOAD_MB = 6;

/** Loads the model (failing before listening if it cannot) and starts serving. */
export async function serveModel(options: ServeModelOptions): Promise<RunningServer> {
  const model = await loadLinearModel(options.modelDir);
  const instance = linearLearnerInstance(model);
  const health = new Set(['/ping', options.healthRoute].filter(Boolean));
  const invoke = new Set(['/invocations', options.predictRoute].filter(Boolean));
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && health.has(path)) return send(res, 200, 'text/plain', '');
    if (req.method === 'GET' && path === '/execution-parameters') {
      const params = { MaxConcurrentTransforms: 1, BatchStrategy: 'MULTI_RECORD', MaxPayloadInMB: MAX_PAYLOAD_MB };
      return send(res, 200, 'application/json', JSON.stringify(params));
    }
    if (req.method === 'POST' && invoke.has(path)) return void invocation(instance, req, res);
    send(res, 404, 'text/plain', `No route for ${req.method} ${path}. Routes: GET /ping, POST /invocations.\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host && options.host !== '0.0.0.0' ? options.host : 'localhost';
  return {
    port,
    url: `http://${shownHost}:${port}`,
    model,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function invocation(instance: ModelInstance, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readBody(req);
    const contentType = mediaType(req.headers['content-type'] ?? 'text/csv');
    if (contentType !== 'text/csv' && contentType !== 'application/json') {
      return send(res, 415, 'text/plain', `Unsupported Content-Type "${contentType}". Send text/csv or application/json.\n`);
    }
    const answer = await instance.invoke({ body, contentType, accept: req.headers.accept });
    send(res, 200, answer.contentType, answer.body);
  } catch (err) {
    const status = err instanceof GodwitError ? statusFor(err.code) : 500;
    const message = err instanceof GodwitError ? err.describe() : String(err);
    send(res, status, 'text/plain', `${message}\n`);
  }
}

function statusFor(code: string): number {
  if (code === 'E_CONTENT_TYPE') return 406;
  if (code === 'E_PAYLOAD_TOO_LARGE') return 413;
  return 400;
}

/** The body as text; past the limit the rest is drained (not kept) so a 413 can still be sent. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_MB * 1024 * 1024) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_PAYLOAD_MB * 1024 * 1024) {
        reject(new GodwitError('E_PAYLOAD_TOO_LARGE', `The request is larger than ${MAX_PAYLOAD_MB} MB.`));
      } else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
