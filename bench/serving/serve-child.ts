/**
 * One server under load, in a process of its own (so it never shares an event loop with the load
 * generator): `serve-child.ts godwit HOME MODEL_DIR CAPTURE_DIR` or `serve-child.ts bare MODEL_DIR`.
 * Prints `{"url": …}` once it serves; on SIGTERM it stops (the endpoint drains, capture flushes)
 * and prints `{"cpuMs": …, "userMs": …, "gcCount": …, "gcMs": …, "mainMs": …, "busiestOtherMs": …}` with the CPU time the
 * process used while serving (user + system, every thread; user alone: system time is mostly the
 * socket writes, which both servers pay), the CPU time of its main thread alone (what bounds
 * throughput: the capture thread runs beside it) and that of its busiest other thread (Godwit's
 * capture thread; the rest is V8's garbage-collection helpers, libuv's pool and tsx's loader), and
 * the garbage collections it ran (`gcCount`) and their pauses (`gcMs`: the main thread's share).
 *
 * BENCH_FROM=dist loads Godwit from the built `dist/` (as `npx godwit server` runs it, `npm run
 * build` first) instead of the sources through tsx, whose `__name` helper wraps every closure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import type * as Home from '../../src/core/home.js';
import type * as Meta from '../../src/meta/index.js';
import type * as Start from '../../src/server/start-server.js';
import type * as Linear from '../../src/serving/runtimes/linear-learner-runtime.js';

const fromDist = process.env.BENCH_FROM === 'dist';
const base = new URL(fromDist ? '../../dist/' : '../../src/', import.meta.url);
/** A Godwit module by its path under src/ without extension, from dist/ or the sources. */
const load = <T>(path: string): Promise<T> => import(new URL(`${path}${fromDist ? '.js' : '.ts'}`, base).href) as Promise<T>;
const { godwitHome } = await load<typeof Home>('core/home');
const { openMetadata } = await load<typeof Meta>('meta/index');
const { startServer } = await load<typeof Start>('server/start-server');
const { linearLearnerRuntime } = await load<typeof Linear>('serving/runtimes/linear-learner-runtime');

const [mode, ...args] = process.argv.slice(2);
let cpuAtStart = process.cpuUsage();
/**
 * The main thread's own CPU time in ms (user + system), from Linux's per-thread accounting (the
 * main thread's id is the process id): unlike the event loop's busy time, it does not count
 * time the thread waited for a core on a loaded machine.
 */
const threadMs = (id: number | string): number => {
  const fields = readFileSync(`/proc/self/task/${id}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
};
const mainThreadMs = () => threadMs(process.pid);
const TICKS_PER_SECOND = 100;
/** Every thread's CPU time by thread id (threads that ended since are left out). */
const threadTimes = (): Map<string, number> => new Map(readdirSync('/proc/self/task').map((id) => [id, threadMs(id)] as const));
let mainAtStart = mainThreadMs();
let threadsAtStart = threadTimes();
const report = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);
/** Garbage collections (any kind) and the time they paused the main thread, since `markStart`. */
const gc = { count: 0, ms: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.count++;
    gc.ms += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });
const markStart = () => {
  gc.count = 0;
  gc.ms = 0;
  cpuAtStart = process.cpuUsage();
  mainAtStart = mainThreadMs();
  threadsAtStart = threadTimes();
};
/** CPU of the whole process (every thread), and the time the main thread's event loop was busy. */
const cpuMs = () => {
  const used = process.cpuUsage(cpuAtStart);
  return {
    cpuMs: Math.round((used.user + used.system) / 1000),
    userMs: Math.round(used.user / 1000),
    gcCount: gc.count,
    gcMs: Math.round(gc.ms),
    mainMs: Math.round(mainThreadMs() - mainAtStart),
    busiestOtherMs: Math.round(
      Math.max(
        0,
        ...[...threadTimes()].filter(([id]) => id !== String(process.pid)).map(([id, ms]) => ms - (threadsAtStart.get(id) ?? 0)),
      ),
    ),
  };
};

if (mode === 'bare') {
  // The baseline: node:http calling the same model instance, nothing else.
  const [modelDir] = args;
  const instance = await linearLearnerRuntime.start({
    container: {},
    modelDir,
    home: godwitHome(join(modelDir, '.h')),
    workDir: modelDir,
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      instance
        .invoke({ body: Buffer.concat(chunks), contentType: req.headers['content-type'] ?? 'text/csv' })
        .then((answer) => {
          res.writeHead(200, { 'content-type': answer.contentType });
          res.end(answer.body);
        })
        .catch((err) => {
          res.writeHead(400);
          res.end(String(err));
        });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    markStart();
    report({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}` });
  });
  process.on('SIGTERM', () => {
    report(cpuMs());
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
} else {
  const [root, modelDir, captureDir] = args;
  const home = godwitHome(root);
  const metadata = await openMetadata(home, { now: () => new Date(), sleep: async () => {} }, {});
  const catalog = metadata.endpoints;
  await catalog.createModel({ name: 'abalone', containers: [{ modelDataUrl: modelDir }], inferenceMode: 'Serial', tags: [] });
  const variant = (variantName: string, weight: number) => ({
    variantName,
    modelName: 'abalone',
    initialInstanceCount: 1,
    initialVariantWeight: weight,
  });
  await catalog.createEndpointConfig({
    name: 'abalone-ab',
    productionVariants: [variant('Champion', 3), variant('Challenger', 1)],
    shadowVariants: [],
    dataCapture: {
      enableCapture: true,
      initialSamplingPercentage: 100,
      destinationS3Uri: `file://${captureDir}`,
      captureModes: ['Input', 'Output'],
      csvContentTypes: ['text/csv'],
      jsonContentTypes: ['application/json'],
    },
    tags: [],
  });
  await catalog.createEndpoint('abalone', 'abalone-ab');
  await metadata.close();
  // The server brings the recorded endpoint InService before it records its URL.
  const server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
  markStart();
  report({ url: server.url });
  process.on('SIGTERM', async () => {
    const used = cpuMs();
    await server.stop();
    report(used);
    process.exit(0);
  });
}
