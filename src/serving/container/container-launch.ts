/**
 * Starting a container process the way the clouds start one: a free port of its own, the
 * contract's variables, its model at `/opt/ml/model` (bubblewrap, as contract steps get their
 * workspace at `/opt/ml`) or named by `SM_MODEL_DIR` / `AIP_STORAGE_URI` on the host; then its
 * health route polled until it answers 200.
 */

import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import { bwrapArgs, exposureFor, type SandboxMode, sandboxMode } from '../../runtime/contracts/sandbox.js';
import type { StartOptions } from '../model-runtime.js';
import { ConnectionLost, type ContainerClient } from './container-client.js';
import { containerCommand } from './container-command.js';
import { contractEnv } from './container-env.js';
import { type ContainerProcess, spawnContainer } from './container-process.js';

export const MODEL_PATH = '/opt/ml/model';

export interface Launched {
  readonly process: ContainerProcess;
  readonly port: number;
  readonly mode: SandboxMode;
  readonly argv: readonly string[];
  readonly logPath: string;
}

export async function launchContainer(options: StartOptions): Promise<Launched> {
  const port = await freePort();
  const mode = await sandboxMode(process.env);
  const modelPath = mode === 'bwrap' ? MODEL_PATH : options.modelDir;
  const variables = contractEnv(options.container, port, modelPath);
  const command = await containerCommand(options.container, variables, process.env);
  const env: NodeJS.ProcessEnv = { ...process.env, ...variables };
  // Under bubblewrap /tmp is private; a host TMPDIR elsewhere would be read-only there.
  if (mode === 'bwrap' && env.TMPDIR) env.TMPDIR = '/tmp';
  let argv = command.argv;
  if (mode === 'bwrap') {
    const program = command.argv[0] as string;
    const home = options.home.root;
    const inHome = [program, ...command.codeDirs].some((p) => p.startsWith(`${home}/`));
    const sandbox = await bwrapArgs({
      binds: [{ host: options.modelDir, path: MODEL_PATH }],
      // Other endpoints' models, runs and the artifact store stay out of sight.
      hide: home !== '/' && !home.startsWith('/tmp/') && !inHome ? [home] : [],
      expose: [exposureFor(program), ...command.codeDirs.filter((d) => d.startsWith('/tmp/'))].filter(
        (e): e is string => e !== undefined,
      ),
      cwd: MODEL_PATH,
    });
    argv = ['bwrap', ...sandbox, '--', ...command.argv];
  }
  const logPath = options.logPath ?? join(options.workDir, 'container.log');
  // The endpoint host names an instance's folders without making them.
  mkdirSync(options.workDir, { recursive: true });
  mkdirSync(dirname(logPath), { recursive: true });
  const cwd = mode === 'bwrap' ? options.workDir : options.modelDir;
  return { process: spawnContainer({ argv, env, cwd, logPath }), port, mode, argv: command.argv, logPath };
}

/** A port nobody listens on now; the container binds it a moment later. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Without a start signal, a container gets this long to answer its health route. */
export const DEFAULT_START_TIMEOUT_MS = 60_000;

/** Polls the health route until 200; a coded error with the log's tail when it never comes. */
export async function waitHealthy(
  launched: Launched,
  client: ContainerClient,
  route: string,
  signal: AbortSignal = AbortSignal.timeout(DEFAULT_START_TIMEOUT_MS),
): Promise<void> {
  const { process: proc } = launched;
  const stopped = new Promise<'exited' | 'aborted'>((resolve) => {
    proc.exited.then(() => resolve('exited'));
    if (signal.aborted) resolve('aborted');
    signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  let delay = 10;
  let last = 'it did not answer';
  for (;;) {
    const attempt = client.send('GET', route, {}).then(
      (reply) => (reply.status === 200 ? 'healthy' : `it answered ${reply.status}`),
      (err: unknown) => (err instanceof ConnectionLost ? 'it did not answer' : String(err)),
    );
    const outcome = await Promise.race([attempt, stopped]);
    if (outcome === 'healthy') return;
    if (outcome === 'exited' || outcome === 'aborted') throw await startError(launched, route, outcome, last);
    last = outcome;
    await Promise.race([new Promise((resolve) => setTimeout(resolve, delay)), stopped]);
    delay = Math.min(delay * 2, 200);
  }
}

async function startError(launched: Launched, route: string, why: 'exited' | 'aborted', last: string): Promise<GodwitError> {
  const { process: proc, argv, port } = launched;
  const what = `The container "${argv.join(' ')}"`;
  let message: string;
  if (why === 'exited') {
    const exit = await proc.exited;
    message = `${what} exited (${exit.signal ? `killed by ${exit.signal}` : `code ${exit.code}`}) before answering GET ${route} on port ${port}.`;
  } else {
    message = `${what} did not answer GET ${route} on port ${port} with 200 in time (${last}).`;
  }
  const tail = await proc.tail(20);
  return new GodwitError(
    'E_CONTAINER_START',
    `${message}\nThe last lines of its log (${launched.logPath}):\n${tail || '(empty)'}`,
    {
      hint:
        (launched.mode === 'bwrap' ? 'It ran in bubblewrap (GODWIT_SANDBOX=none runs it on the host). ' : '') +
        'A SageMaker container must listen on SAGEMAKER_BIND_TO_PORT and answer GET /ping; a Vertex AI one on AIP_HTTP_PORT and AIP_HEALTH_ROUTE.',
    },
  );
}
