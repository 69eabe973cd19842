import { readFile } from 'node:fs/promises';
import { GodwitError } from '../../core/errors.js';
import { ensureServer } from '../../server/client.js';
import { serverPort } from '../../server/server-options.js';
import { configOf, EXIT, homeOf, json, UsageError, write } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { endpointInvokeOptions } from '../spec/endpoint-invoke-spec.js';

/**
 * `godwit endpoint invoke NAME`: a live request, so through the home's server (started detached
 * when none runs), on the REST door's unsigned twin of InvokeEndpoint. The answer's body goes to
 * stdout byte for byte; which variant answered goes to stderr, so a pipe gets only the answer.
 */
export const endpointInvokeCommand: Handler<typeof endpointInvokeOptions> = {
  run: async ({ values, positionals: [name], io }) => {
    const body = await requestBody(values.body, values.file);
    const contentType = values['content-type'] ?? (values.file?.endsWith('.json') ? 'application/json' : 'text/csv');
    const home = homeOf(io);
    const server = await ensureServer(home, io, { port: serverPort(values.port, configOf(io).server.port) });
    const headers: Record<string, string> = { 'content-type': contentType };
    if (values.accept) headers.accept = values.accept;
    if (values['target-variant']) headers['x-amzn-sagemaker-target-variant'] = values['target-variant'];
    if (values['inference-id']) headers['x-amzn-sagemaker-inference-id'] = values['inference-id'];
    const res = await fetch(`${server.url}/api/v1/endpoints/${encodeURIComponent(name)}/invocations`, {
      method: 'POST',
      headers,
      body: new Uint8Array(body),
    });
    const answer = Buffer.from(await res.arrayBuffer());
    if (!res.ok) throw failure(name, res.status, answer);
    const variant = res.headers.get('x-amzn-invoked-production-variant') ?? '';
    const type = res.headers.get('content-type') ?? '';
    if (values.json) {
      json(io, { endpoint: name, variant, contentType: type, body: answer.toString('utf8') });
      return EXIT.ok;
    }
    io.stdout.write(answer.toString('utf8'));
    write(io.stderr, `Answered by variant ${variant} (${type}).`);
    return EXIT.ok;
  },
};

async function requestBody(body: string | undefined, file: string | undefined): Promise<Buffer> {
  if ((body === undefined) === (file === undefined))
    throw new UsageError('Give the request as --body TEXT or --file PATH (one of them).');
  if (body !== undefined) return Buffer.from(body);
  if (file === '-') return readAll(process.stdin);
  return readFile(file as string).catch((err: NodeJS.ErrnoException) => {
    throw new GodwitError('E_USAGE', `Cannot read the request file "${file}": ${err.code ?? err.message}.`);
  });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The server's REST error as the CLI shows errors: the model's message, or why nothing served. */
function failure(name: string, status: number, answer: Buffer): GodwitError {
  let error: { code?: string; message?: string; hint?: string } = {};
  try {
    error = (JSON.parse(answer.toString('utf8')) as { error?: typeof error }).error ?? {};
  } catch {}
  if (error.code === 'E_ENDPOINT_NOT_SERVING') {
    return new GodwitError('E_ENDPOINT_NOT_SERVING', `Endpoint "${name}" is not in service.`, {
      hint: `Check it with: godwit endpoint describe ${name}`,
    });
  }
  const message = error.message ?? `The server answered ${status}.`;
  return new GodwitError((error.code as never) ?? 'E_MODEL_ERROR', `Endpoint "${name}": ${message}`, { hint: error.hint });
}
