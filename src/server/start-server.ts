import type { GodwitHome } from '../core/home.js';
import { type ArtifactLocation, openLocalServices } from '../runtime/local-services.js';
import { accessLine, errorLines } from './access-log.js';
import { dispatcher } from './dispatch.js';
import { FRONT_DOORS } from './front-doors.js';
import { listen } from './http/http-server.js';
import type { ServerContext } from './server-context.js';
import { claimHome, releaseHome, type ServerRecord, updateRecord } from './server-files.js';

/** Request bodies up to 32 MiB by default: above SageMaker Runtime's InvokeEndpoint payload limit. */
const BODY_LIMIT = 32 * 1024 * 1024;

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), closes the services, removes the pid file. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a home's server in this process: claims the home (one server per home), opens the
 * application services, listens, and records its URL in the pid file. `log` gets one line per
 * request and per unexpected error.
 */
export async function startServer(
  home: GodwitHome,
  options: { host: string; port: number; log: (line: string) => void; bodyLimit?: number; artifacts?: ArtifactLocation },
): Promise<RunningServer> {
  const startedAt = new Date();
  const record: ServerRecord = { pid: process.pid, home: home.root, startedAt: startedAt.toISOString() };
  await claimHome(home, record);
  try {
    const services = await openLocalServices(home, undefined, undefined, undefined, options.artifacts);
    const logError = (err: unknown, requestId: string) => options.log(errorLines(err, requestId));
    const context: { -readonly [K in keyof ServerContext]: ServerContext[K] } = { services, home, url: '', startedAt, logError };
    const http = await listen({
      host: options.host,
      port: options.port,
      bodyLimit: options.bodyLimit ?? BODY_LIMIT,
      handle: dispatcher(FRONT_DOORS, context),
      log: (entry) => options.log(accessLine(entry)),
    }).catch(async (err) => {
      await services.close();
      throw err;
    });
    context.url = `http://${options.host}:${http.port}`;
    await updateRecord(home, { ...record, url: context.url, port: http.port });
    return {
      url: context.url,
      port: http.port,
      stop: async (graceMs) => {
        await http.close(graceMs);
        await services.close();
        await releaseHome(home);
      },
    };
  } catch (err) {
    await releaseHome(home);
    throw err;
  }
}
