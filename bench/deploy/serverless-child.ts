/**
 * `godwit server` for bench/deploy/serverless.ts, in a process of its own (so it never shares an
 * event loop with the load generator): `serverless-child.ts HOME SPEED IDLE_MS`. It runs on a
 * clock `SPEED` times real time, with serverless instances stopping after `IDLE_MS` of that
 * clock, prints `{"url": …}` once it serves, and stops on SIGTERM.
 *
 * BENCH_FROM=dist loads Godwit from the built `dist/` (as `npx godwit server` runs it, after
 * `npm run build`), whose worker threads start without tsx's loader; the default runs the sources.
 */
import type * as Home from '../../src/core/home.js';
import type * as Clock from '../../src/core/scaled-clock.js';
import type * as Start from '../../src/server/start-server.js';

const fromDist = process.env.BENCH_FROM === 'dist';
const base = new URL(fromDist ? '../../dist/' : '../../src/', import.meta.url);
const load = <T>(path: string): Promise<T> => import(new URL(`${path}${fromDist ? '.js' : '.ts'}`, base).href) as Promise<T>;
const { godwitHome } = await load<typeof Home>('core/home');
const { scaledClock } = await load<typeof Clock>('core/scaled-clock');
const { startServer } = await load<typeof Start>('server/start-server');

const [root, speed, idleMs] = process.argv.slice(2);
const server = await startServer(godwitHome(root as string), {
  host: '127.0.0.1',
  port: 0,
  log: () => {},
  endpointTickMs: 50,
  clock: scaledClock(Number(speed)),
  serverlessIdleMs: Number(idleMs),
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => {
  server.stop().then(() => process.exit(0));
});
