/**
 * `godwit serve`: the model server as a container's entry point. Runs until `io.signal` aborts or
 * the process gets SIGINT / SIGTERM, then closes the server and exits 0.
 */
import { join } from 'node:path';
import { mlRoot } from '../../ml/training-contract.js';
import { serveModel } from '../../serving/model-server.js';
import { EXIT, UsageError, write } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { serveOptions } from '../spec/entrypoint-specs.js';

export const serve: Handler<typeof serveOptions> = {
  async run({ values, io }) {
    const env = io.env;
    const modelDir = values['model-dir'] ?? env.SM_MODEL_DIR ?? join(mlRoot(env), 'model');
    const portText = values.port ?? env.SAGEMAKER_BIND_TO_PORT ?? env.AIP_HTTP_PORT ?? '8080';
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, got "${portText}".`);
    const server = await serveModel({
      modelDir,
      port,
      host: values.host,
      healthRoute: env.AIP_HEALTH_ROUTE,
      predictRoute: env.AIP_PREDICT_ROUTE,
    });
    write(
      io.stdout,
      `Serving ${server.model.predictorType} model from ${modelDir} on ${server.url} (GET /ping, POST /invocations)`,
    );
    await untilStopped(io.signal);
    await server.close();
    return EXIT.ok;
  },
};

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
