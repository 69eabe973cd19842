/**
 * What serving an in-process model from a worker thread costs, beside calling it on the same
 * thread: the per-call overhead (one request at a time), throughput with 16 requests in flight,
 * and both behind a bare node:http server driven by autocannon, which is where the serving
 * benchmark's ≥ 0.85× target lives. CPU time is the whole process's (all threads).
 *
 *   node --conditions=godwit-source --import tsx bench/serving/worker-overhead.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error autocannon ships no type declarations
import autocannon from 'autocannon';
import { godwitHome } from '../../src/core/home.js';
import { type LinearModel, saveLinearModel } from '../../src/ml/linear-model.js';
import type { InferenceRequest, ModelInstance, StartOptions } from '../../src/serving/model-runtime.js';
import { RUNTIMES } from '../../src/serving/runtimes/index.js';
import { startWorkerInstance } from '../../src/serving/runtimes/worker-instance.js';

const CALLS = Number(process.env.CALLS ?? 20_000);
const SECONDS = Number(process.env.SECONDS ?? 5);
const root = mkdtempSync(join(tmpdir(), 'godwit-bench-worker-'));

// The abalone model's shape: 10 features (sex one-hot and 7 measurements), a regressor.
const model: LinearModel = {
  format: 'godwit.linear-learner',
  version: 1,
  predictorType: 'regressor',
  featureDim: 10,
  weights: [0.4, -0.3, 0.1, 1.2, 9.1, 11.3, 8.4, -20.1, -9.6, 8.9],
  bias: 3.9,
  hyperparameters: {},
  trainedOn: { rows: 4177, channels: { train: 4177 } },
  solver: { name: 'cholesky', iterations: 1, notes: [] },
  metrics: {},
};
const request: InferenceRequest = {
  body: Buffer.from('1,0,0,0.455,0.365,0.095,0.514,0.2245,0.101,0.15'),
  contentType: 'text/csv',
};

async function timed(label: string, run: () => Promise<void>): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await run();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  console.log(`  ${label.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms wall, ${cpuMs.toFixed(0).padStart(6)} ms CPU`);
  return { ms, cpuMs };
}

async function sequential(instance: ModelInstance): Promise<void> {
  for (let i = 0; i < CALLS; i++) await instance.invoke(request);
}

async function concurrent(instance: ModelInstance, inFlight = 16): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next++ < CALLS) await instance.invoke(request);
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

async function serve(instance: ModelInstance): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      instance.invoke({ body: Buffer.concat(chunks), contentType: req.headers['content-type'] ?? 'text/csv' }).then(
        (answer) => res.writeHead(200, { 'content-type': answer.contentType }).end(answer.body),
        (err: Error) => res.writeHead(400).end(err.message),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function load(instance: ModelInstance): Promise<{ rps: number; p99: number; errors: number }> {
  const server = await serve(instance);
  const { port } = server.address() as AddressInfo;
  const result: { requests: { average: number }; latency: { p99: number }; errors: number; non2xx: number } = await autocannon({
    url: `http://127.0.0.1:${port}/invocations`,
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: request.body.toString(),
    connections: 16,
    duration: SECONDS,
  });
  server.close();
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function main(): Promise<void> {
  const dir = join(root, 'model');
  await saveLinearModel(dir, model);
  const options: StartOptions = { container: {}, modelDir: dir, home: godwitHome(join(root, 'home')), workDir: root };
  const inProcess = await (await RUNTIMES['linear-learner']()).start(options);
  const inWorker = await startWorkerInstance('linear-learner', options);
  // Warm both (JIT, the worker's first messages) before timing.
  for (let i = 0; i < 2000; i++) await Promise.all([inProcess.invoke(request), inWorker.invoke(request)]);
  console.log(`${CALLS} calls of the abalone-shaped linear learner, Node ${process.version}`);
  const seqIn = await timed('in process, one at a time', () => sequential(inProcess));
  const seqW = await timed('worker thread, one at a time', () => sequential(inWorker));
  const conIn = await timed('in process, 16 in flight', () => concurrent(inProcess));
  const conW = await timed('worker thread, 16 in flight', () => concurrent(inWorker));
  const perCall = (t: { ms: number }) => (t.ms * 1000) / CALLS;
  console.log(
    `per-call overhead, one at a time: ${(perCall(seqW) - perCall(seqIn)).toFixed(1)} µs (${perCall(seqIn).toFixed(1)} → ${perCall(seqW).toFixed(1)} µs)`,
  );
  console.log(
    `CPU per call, 16 in flight: ${((conIn.cpuMs * 1000) / CALLS).toFixed(1)} → ${((conW.cpuMs * 1000) / CALLS).toFixed(1)} µs`,
  );
  console.log(`throughput, 16 in flight: ${(conIn.ms / conW.ms).toFixed(2)}× in-process`);
  console.log(`node:http + autocannon, 16 connections, ${SECONDS} s each:`);
  // Interleaved, twice, so a change in the machine's load hits both sides alike.
  for (let round = 1; round <= 2; round++) {
    const httpIn = await load(inProcess);
    const httpW = await load(inWorker);
    console.log(`  round ${round} in process:    ${httpIn.rps.toFixed(0)} req/s, p99 ${httpIn.p99} ms, ${httpIn.errors} errors`);
    console.log(`  round ${round} worker thread: ${httpW.rps.toFixed(0)} req/s, p99 ${httpW.p99} ms, ${httpW.errors} errors`);
    console.log(`  round ${round} ratio: ${(httpW.rps / httpIn.rps).toFixed(2)}× (the whole endpoint's target is ≥ 0.85×)`);
  }
  await inWorker.close();
  await inProcess.close();
}

try {
  await main();
} finally {
  rmSync(root, { recursive: true, force: true });
}
