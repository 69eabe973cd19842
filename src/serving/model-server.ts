/**
 * A model server that honours the SageMaker inference container contract for Godwit's
 * linear-learner models: `GET /ping` answers 200 when the model is loaded, `POST /invocations`
 * scores a `text/csv` (or JSON `instances`) body and answers in the `Accept` type, and
 * `GET /execution-parameters` tells batch transform how to batch. Vertex AI's routes
 * (`AIP_HEALTH_ROUTE`, `AIP_PREDICT_ROUTE`) can be served as well.
 *
 * ```
 * $ curl -s -H 'Content-Type: text/csv' --data-binary $'0.1,0.2,...\n' localhost:8080/invocations
 * 9.87
 * ```
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { GodwitError } from '../core/errors.js';
import { type CommandIo, parseFlags, reportError, resolveIo, usageError } from '../ml/cli-args.js';
import {
  formatPredictions,
  mediaType,
  parseJsonInstances,
  parseRecords,
  predictAll,
  responseType,
} from '../ml/inference-format.js';
import { type LinearModel, loadLinearModel, predict } from '../ml/linear-model.js';
import { mlRoot } from '../ml/training-contract.js';

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
  const health = new Set(['/ping', options.healthRoute].filter(Boolean));
  const invoke = new Set(['/invocations', options.predictRoute].filter(Boolean));
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && health.has(path)) return send(res, 200, 'text/plain', '');
    if (req.method === 'GET' && path === '/execution-parameters') {
      const params = { MaxConcurrentTransforms: 1, BatchStrategy: 'MULTI_RECORD', MaxPayloadInMB: MAX_PAYLOAD_MB };
      return send(res, 200, 'application/json', JSON.stringify(params));
    }
    if (req.method === 'POST' && invoke.has(path)) return void invocation(model, req, res);
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

async function invocation(model: LinearModel, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readBody(req);
    const contentType = mediaType(req.headers['content-type'] ?? 'text/csv');
    const accept = responseType(req.headers.accept);
    let predictions: ReturnType<typeof predictAll>;
    if (contentType === 'text/csv') predictions = predictAll(model, parseRecords(body, 'request body', model));
    else if (contentType === 'application/json') predictions = parseJsonInstances(body, model).map((x) => predict(model, x));
    else {
      return send(res, 415, 'text/plain', `Unsupported Content-Type "${contentType}". Send text/csv or application/json.\n`);
    }
    send(res, 200, accept, formatPredictions(predictions, accept));
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
function readBody(req: IncomingMessage): Promise<string> {
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
      } else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const USAGE = 'godwit serve [--model-dir DIR] [--port N] [--host ADDRESS]';

const HELP = `Serve a Godwit linear-learner model over HTTP with the SageMaker inference contract:
GET /ping, POST /invocations (text/csv or JSON instances; Accept text/csv, application/json, application/jsonlines).

Usage: ${USAGE}

  --model-dir DIR   the model folder (default: SM_MODEL_DIR, else /opt/ml/model under GODWIT_ML_ROOT)
  --port N          port (default: SAGEMAKER_BIND_TO_PORT, AIP_HTTP_PORT, else 8080)
  --host ADDRESS    interface to bind (default 0.0.0.0)

Vertex AI's AIP_HEALTH_ROUTE and AIP_PREDICT_ROUTE are served too when set.

Example:
  godwit serve --model-dir out/model --port 8080
  curl -H 'Content-Type: text/csv' --data-binary @batch.csv localhost:8080/invocations`;

const FLAGS = {
  'model-dir': { kind: 'string' },
  port: { kind: 'string' },
  host: { kind: 'string' },
  help: { kind: 'boolean' },
  h: { kind: 'boolean' },
} as const;

/**
 * `godwit serve`: runs until `io.signal` aborts or the process gets SIGINT / SIGTERM, then
 * closes the server and resolves with the exit code.
 */
export async function runServeCommand(argv: readonly string[], io: CommandIo & { signal?: AbortSignal } = {}): Promise<number> {
  const sys = resolveIo(io);
  try {
    const flags = parseFlags(argv, FLAGS, USAGE);
    if (flags.booleans.has('help') || flags.booleans.has('h')) {
      sys.out(HELP);
      return 0;
    }
    const env = sys.env;
    const modelDir = flags.strings['model-dir']?.[0] ?? env.SM_MODEL_DIR ?? join(mlRoot(env), 'model');
    const portText = flags.strings.port?.[0] ?? env.SAGEMAKER_BIND_TO_PORT ?? env.AIP_HTTP_PORT ?? '8080';
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw usageError(`--port must be 0-65535, got "${portText}".`, USAGE);
    const server = await serveModel({
      modelDir,
      port,
      host: flags.strings.host?.[0],
      healthRoute: env.AIP_HEALTH_ROUTE,
      predictRoute: env.AIP_PREDICT_ROUTE,
    });
    sys.out(`Serving ${server.model.predictorType} model from ${modelDir} on ${server.url} (GET /ping, POST /invocations)`);
    await untilStopped(io.signal);
    await server.close();
    return 0;
  } catch (err) {
    return reportError(err, sys);
  }
}

function untilStopped(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    if (signal?.aborted) return stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop);
  });
}
