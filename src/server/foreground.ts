import type { GodwitHome } from '../core/home.js';
import type { ArtifactLocation } from '../runtime/local-services.js';
import { batchedLines } from './access-log.js';
import { releaseHome } from './server-files.js';
import { startServer } from './start-server.js';

/** Where the banner and log lines go: process.stdout / stderr, or a test's collector. */
export interface Writer {
  write(text: string): unknown;
}

/**
 * `godwit server` in the foreground: prints the banner, logs requests to stderr, and on Ctrl-C,
 * SIGTERM or SIGHUP stops accepting, lets requests in flight finish, and removes the pid file. A
 * second signal exits at once (the pid file is still removed).
 */
export async function runForeground(
  home: GodwitHome,
  options: { host: string; port: number; artifacts?: ArtifactLocation },
  io: { stdout: Writer; stderr: Writer },
  banner: (url: string) => string,
): Promise<number> {
  const log = batchedLines(io.stderr);
  const server = await startServer(home, { ...options, log: log.write });
  io.stdout.write(`${banner(server.url)}\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, () => resolve(s));
  });
  const again = () => {
    log.flush();
    void releaseHome(home).finally(() => process.exit(130));
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, again);
  log.write(`${new Date().toISOString()} ${signal}: stopping; requests in flight finish first`);
  await server.stop();
  log.write(`${new Date().toISOString()} stopped`);
  log.flush();
  return 0;
}
