import type { Deployment, DeployVariant } from '../../endpoints/deploy-model.js';
import type { DataCaptureSpec, ServerlessSpec } from '../../endpoints/endpoint-records.js';
import { containerFor } from '../../endpoints/model-source.js';
import { warmInstances } from '../../endpoints/serverless-config.js';
import { ensureServer, findServer } from '../../server/client.js';
import { serverPort } from '../../server/server-options.js';
import { type CliIo, configOf, homeOf, UsageError, write } from '../cli-io.js';

/** The flags of `endpoint create` and `endpoint update` that say what serves the endpoint. */
export interface SourceFlags {
  model?: string;
  variant?: string[];
  shadow?: string[];
  image?: string;
  'instance-count'?: string;
  'instance-type'?: string;
  serverless?: string;
  'capture-uri'?: string;
  'capture-sampling'?: string;
}

/** The deployment the flags describe, or undefined when they name no model (`--config` instead). */
export function deploymentOf(name: string, flags: SourceFlags, cwd: string): Deployment | undefined {
  if (flags.model !== undefined && flags.variant?.length) throw new UsageError('Give --model or --variant, not both.');
  const count = integer(flags['instance-count'] ?? '1', '--instance-count');
  const instanceType = flags['instance-type'];
  const serverless = serverlessOf(flags);
  const variants: DeployVariant[] = flags.model
    ? [
        {
          variantName: 'AllTraffic',
          container: containerFor(flags.model, cwd, flags.image),
          weight: 1,
          instanceCount: serverless ? warmInstances(serverless) : count,
          instanceType,
          ...(serverless && { serverless }),
        },
      ]
    : (flags.variant ?? []).map((v) => variantOf(v, '--variant', cwd, flags.image, instanceType));
  if (variants.length === 0) return undefined;
  const shadows = (flags.shadow ?? []).map((v) => variantOf(v, '--shadow', cwd, flags.image, instanceType));
  return { name, variants, shadows, dataCapture: captureOf(flags) };
}

/** `--serverless memory=2048,max=8,provisioned=1`: `--model`'s ServerlessConfig (the library checks the values). */
function serverlessOf(flags: SourceFlags): ServerlessSpec | undefined {
  const text = flags.serverless;
  if (text === undefined) return undefined;
  if (flags.model === undefined) throw new UsageError('--serverless goes with --model: a serverless endpoint has one variant.');
  if (flags['instance-count'] !== undefined || flags['instance-type'] !== undefined) {
    throw new UsageError('--serverless replaces --instance-count and --instance-type: give one or the other.');
  }
  const fields = new Map(text.split(',').map((part) => part.split('=').map((x) => x.trim()) as [string, string]));
  const unknown = [...fields.keys()].filter((k) => !['memory', 'max', 'provisioned'].includes(k));
  if (unknown.length > 0 || !fields.has('memory') || !fields.has('max')) {
    throw new UsageError(`--serverless "${text}": give memory=MB,max=N and optionally provisioned=N.`);
  }
  const provisioned = fields.get('provisioned');
  return {
    memorySizeInMB: integer(fields.get('memory') as string, '--serverless memory'),
    maxConcurrency: integer(fields.get('max') as string, '--serverless max'),
    ...(provisioned !== undefined && { provisionedConcurrency: integer(provisioned, '--serverless provisioned') }),
  };
}

/** `name=Blue,model=SOURCE,weight=3,count=2` as one variant. */
function variantOf(text: string, flag: string, cwd: string, image?: string, instanceType?: string): DeployVariant {
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) throw new UsageError(`${flag} "${text}": each part is key=value (name, model, weight, count).`);
    fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const unknown = [...fields.keys()].filter((k) => !['name', 'model', 'weight', 'count'].includes(k));
  if (unknown.length > 0)
    throw new UsageError(`${flag} "${text}": unknown key ${unknown.join(', ')} (name, model, weight, count).`);
  const [variantName, model] = [fields.get('name'), fields.get('model')];
  if (!variantName || !model) throw new UsageError(`${flag} "${text}" needs name= and model=.`);
  const weight = Number(fields.get('weight') ?? '1');
  if (!Number.isFinite(weight)) throw new UsageError(`${flag} "${text}": weight must be a number.`);
  return {
    variantName,
    container: containerFor(model, cwd, image),
    weight,
    instanceCount: integer(fields.get('count') ?? '1', `${flag} count`),
    instanceType,
  };
}

function captureOf(flags: SourceFlags): DataCaptureSpec | undefined {
  if (flags['capture-uri'] === undefined) {
    if (flags['capture-sampling'] !== undefined) throw new UsageError('--capture-sampling needs --capture-uri.');
    return undefined;
  }
  return {
    enableCapture: true,
    initialSamplingPercentage: integer(flags['capture-sampling'] ?? '100', '--capture-sampling'),
    destinationS3Uri: flags['capture-uri'],
    captureModes: ['Input', 'Output'],
    csvContentTypes: [],
    jsonContentTypes: [],
  };
}

export function integer(text: string, flag: string): number {
  if (!/^-?\d+$/.test(text)) throw new UsageError(`${flag} must be a whole number, not "${text}".`);
  return Number(text);
}

/**
 * After a change is recorded: who will serve it. A running server picks it up (within its tick);
 * `--serve` starts a detached one; otherwise the user is told how, since a recorded endpoint
 * serves nothing until a server runs. Resolves with the server's URL, if any.
 */
export async function announceServing(
  io: CliIo,
  name: string,
  serve: boolean | undefined,
  port?: string,
): Promise<string | undefined> {
  const home = homeOf(io);
  const found = await findServer(home);
  if (found.server) {
    write(
      io.stderr,
      `The Godwit server at ${found.server.url} is bringing "${name}" InService; follow it with: godwit endpoint describe ${name}`,
    );
    return found.server.url;
  }
  if (serve) {
    const server = await ensureServer(home, io, { port: serverPort(port, configOf(io).server.port) });
    write(io.stderr, `It brings "${name}" InService; follow it with: godwit endpoint describe ${name}`);
    return server.url;
  }
  write(
    io.stderr,
    `No Godwit server runs for this home, so nothing serves "${name}" yet. Start one with: godwit server (or add --serve to start one in the background).`,
  );
  return undefined;
}
