/**
 * Serverless endpoints on `godwit server`, through the official SDK and autocannon:
 *
 * 1. Cold start: a serverless endpoint left idle until its last instance stops (the server runs on
 *    a clock 600× real time, instances stop after 60 simulated seconds), then one InvokeEndpoint,
 *    timed whole by the SDK, beside a warm request to the same endpoint; repeated `--colds` times,
 *    for the demo's built-in linear learner (served on the server's thread) and an XGBoost model
 *    (served in a worker thread of its own). Also the server's own `ModelSetupTime` (CloudWatch).
 *    Target: cold start ≤ 100 ms.
 * 2. Warm overhead: the same linear-learner model behind a real-time endpoint (one instance) and a
 *    serverless one (MaxConcurrency = connections), in the same server, under the same autocannon
 *    load, alternating rounds; the server's CPU time per request in each (read from /proc, as wall
 *    time is noisy on a shared VM). Target: serverless within 10 % of real-time.
 *
 *   node --conditions=godwit-source --import tsx bench/deploy/serverless.ts [--from src|dist] [--colds 10] [--rounds 3] [--seconds 5] [--connections 8]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  type ProductionVariant,
  SageMakerClient,
  waitUntilEndpointInService,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
// @ts-expect-error autocannon ships no type declarations
import autocannon from 'autocannon';
import { main } from '../../src/cli/main.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';
const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    colds: { type: 'string' },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string' },
  },
});
const from = values.from ?? 'src';
const colds = Number(values.colds ?? 10);
const rounds = Number(values.rounds ?? 3);
const seconds = Number(values.seconds ?? 5);
const connections = Number(values.connections ?? 8);
const SPEED = 600;
const IDLE_MS = 60_000;
const ROW =
  '0.049891504908479434,-0.12990556877754578,-0.34735961956393924,-0.4187036228030557,-0.27888673229806854,-0.6624800423371976,-0.3150390015410421,0,1,0';
const root = await mkdtemp(join(tmpdir(), 'godwit-bench-serverless-'));
const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' };
const SIGNED = 'AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261206/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=0';

/** The abalone model as `godwit demo` trains and registers it (Godwit's built-in linear learner). */
async function trainAbalone(): Promise<string> {
  const home = join(root, 'train');
  const quiet = { write: () => true };
  const code = await main(['demo', '--json'], {
    stdout: quiet,
    stderr: quiet,
    cwd: root,
    env: { ...process.env, GODWIT_HOME: home },
  });
  if (code !== 0) throw new Error(`godwit demo exited ${code}`);
  const metadata = await openMetadata(godwitHome(home), { now: () => new Date(), sleep: async () => {} }, {});
  const version = await metadata.registry.getVersion('AbaloneModelPackageGroup', 1);
  await metadata.close();
  return fileURLToPath(version?.modelUri as string);
}

/** An XGBoost regressor on the same 10 features, trained by the real XGBoost (Debian's python3). */
function trainXgboost(): string {
  const dir = join(root, 'xgb');
  const script = `import numpy as np, xgboost as xgb, os
os.makedirs(${JSON.stringify(dir)}, exist_ok=True)
r = np.random.default_rng(0); X = r.normal(size=(2000, 10)); y = X @ r.normal(size=10) + r.normal(size=2000)
b = xgb.train({'max_depth': 4, 'eta': 0.3, 'objective': 'reg:squarederror'}, xgb.DMatrix(X, label=y), 50)
b.save_model(${JSON.stringify(join(dir, 'xgboost-model.json'))})`;
  execFileSync('/usr/bin/python3', ['-c', script]);
  return dir;
}

async function serve(): Promise<{ proc: ChildProcess; url: string }> {
  const child = fileURLToPath(new URL('./serverless-child.ts', import.meta.url));
  const proc = spawn(
    process.execPath,
    ['--conditions=godwit-source', '--import', 'tsx', child, join(root, 'home'), `${SPEED}`, `${IDLE_MS}`],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_FROM: from },
    },
  );
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  return { proc, url: (JSON.parse((await lines.next()).value as string) as { url: string }).url };
}

/** The server's CPU time (user + system, every thread) in ms, from /proc. */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const server = await serve();
const client = { endpoint: server.url, region: 'us-east-1', credentials };
const sm = new SageMakerClient(client);
const runtime = new SageMakerRuntimeClient({ ...client, maxAttempts: 1 });
const cw = new CloudWatchClient(client);
try {
  const abalone = await trainAbalone();
  const xgbDir = trainXgboost();
  for (const [name, dir] of [
    ['abalone', abalone],
    ['xgb', xgbDir],
  ] as const) {
    await sm.send(new CreateModelCommand({ ModelName: name, PrimaryContainer: { ModelDataUrl: `${pathToFileURL(dir).href}/` } }));
  }
  const serverless = (ModelName: string): ProductionVariant => ({
    VariantName: 'only',
    ModelName,
    ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: connections },
  });
  const endpoints: [string, ProductionVariant][] = [
    ['realtime', { VariantName: 'only', ModelName: 'abalone', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' }],
    ['serverless', serverless('abalone')],
    ['xgb-serverless', serverless('xgb')],
  ];
  for (const [name, variant] of endpoints) {
    await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: name, ProductionVariants: [variant] }));
    await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: name }));
    await waitUntilEndpointInService({ client: sm, minDelay: 1, maxDelay: 1, maxWaitTime: 120 }, { EndpointName: name });
  }
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');
  console.log(
    `Serverless endpoints (Godwit from ${from}; server clock ${SPEED}× real time, idle timeout ${IDLE_MS / 1000} s simulated; load average ${load})\n`,
  );
  for (const [name, label] of [
    ['serverless', 'linear learner (built-in, server thread)'],
    ['xgb-serverless', 'XGBoost, 50 trees (worker thread)'],
  ] as const) {
    await coldStarts(name, label);
  }
  await bareWorkers();
  await warmOverhead();
} finally {
  for (const c of [sm, runtime, cw]) c.destroy();
  server.proc.kill('SIGTERM');
  await new Promise((r) => server.proc.once('exit', r));
  await rm(root, { recursive: true, force: true });
}

async function instances(name: string): Promise<number> {
  const live = (await (await fetch(`${server.url}/api/v1/endpoints/${name}/live`)).json()) as {
    variants: { instances: number }[];
  };
  return live.variants[0].instances;
}

async function timedInvoke(name: string): Promise<number> {
  const began = performance.now();
  await runtime.send(new InvokeEndpointCommand({ EndpointName: name, ContentType: 'text/csv', Body: Buffer.from(ROW) }));
  return performance.now() - began;
}

async function coldStarts(name: string, label: string): Promise<void> {
  const cold: number[] = [];
  const warm: number[] = [];
  // The server's CPU time (every thread) during the cold and the warm requests: wall time on a
  // loaded VM is mostly waiting for a core, CPU time is the work a cold start is.
  const cpu = { cold: 0, warm: 0 };
  const pid = server.proc.pid as number;
  await timedInvoke(name); // the client's first connection and the server's first parse: not measured
  for (let i = 0; i < colds; i++) {
    while ((await instances(name)) > 0) await sleep(10);
    let before = await cpuMs(pid);
    cold.push(await timedInvoke(name));
    cpu.cold += (await cpuMs(pid)) - before;
    before = await cpuMs(pid);
    warm.push(await timedInvoke(name));
    cpu.warm += (await cpuMs(pid)) - before;
  }
  const setup = await cw.send(
    new GetMetricStatisticsCommand({
      Namespace: 'AWS/SageMaker',
      MetricName: 'ModelSetupTime',
      Dimensions: [
        { Name: 'EndpointName', Value: name },
        { Name: 'VariantName', Value: 'only' },
      ],
      StartTime: new Date(Date.now() - 3_600_000),
      EndTime: new Date(Date.now() + 30 * 86_400_000),
      Period: 30 * 86_400,
      Statistics: ['SampleCount', 'Average', 'Maximum'],
    }),
  );
  const point = setup.Datapoints?.[0];
  const added = cold.map((c, i) => c - warm[i]);
  console.log(`Cold start, ${label}, ${colds} times:`);
  console.log(`  first request after idle: median ${median(cold).toFixed(1)} ms, max ${Math.max(...cold).toFixed(1)} ms`);
  console.log(
    `  warm request:             median ${median(warm).toFixed(1)} ms  → cold / warm ${(median(cold) / median(warm)).toFixed(2)}×`,
  );
  console.log(
    `  server CPU per request:   cold ${(cpu.cold / colds).toFixed(1)} ms, warm ${(cpu.warm / colds).toFixed(1)} ms (mean of ${colds}; /proc's 10 ms ticks)`,
  );
  console.log(
    `  cold start added:         median ${median(added).toFixed(1)} ms, max ${Math.max(...added).toFixed(1)} ms (target ≤ 100 ms)`,
  );
  console.log(
    `  ModelSetupTime (server):  ${point?.SampleCount} samples (cold starts + the first), average ${((point?.Average ?? 0) / 1000).toFixed(1)} ms, max ${((point?.Maximum ?? 0) / 1000).toFixed(1)} ms\n`,
  );
}

/** The floor under a worker-thread cold start: node starting an empty worker, on the same machine now. */
async function bareWorkers(): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < colds; i++) {
    const began = performance.now();
    const worker = new Worker('require("node:worker_threads").parentPort.postMessage(0)', { eval: true });
    await new Promise((r) => worker.once('message', r));
    times.push(performance.now() - began);
    await worker.terminate();
  }
  console.log(
    `Baseline: node starting an empty worker thread, ${colds} times: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms\n`,
  );
}

interface Load {
  rps: number;
  total: number;
  errors: number;
  p50: number;
  p99: number;
  cpuUsPerRequest: number;
}

async function load(name: string): Promise<Load> {
  const before = await cpuMs(server.proc.pid as number);
  const result = await new Promise<{
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    non2xx: number;
    timeouts: number;
  }>((resolve, reject) =>
    autocannon(
      {
        url: `${server.url}/endpoints/${name}/invocations`,
        method: 'POST',
        connections,
        duration: seconds,
        headers: { 'content-type': 'text/csv', authorization: SIGNED },
        body: ROW,
      },
      (err: Error | null, done: never) => (err ? reject(err) : resolve(done)),
    ),
  );
  const used = (await cpuMs(server.proc.pid as number)) - before;
  const total = result.requests.total;
  return {
    rps: result.requests.average,
    total,
    errors: result.errors + result.non2xx + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuUsPerRequest: (used * 1000) / Math.max(1, total),
  };
}

async function warmOverhead(): Promise<void> {
  await load('realtime'); // warm-up of each (JIT), discarded
  await load('serverless');
  const pairs: { r: Load; s: Load }[] = [];
  for (let i = 0; i < rounds; i++) pairs.push({ r: await load('realtime'), s: await load('serverless') });
  console.log(
    `Warm requests, same linear-learner model, autocannon ${connections} connections × ${seconds} s, ${rounds} alternating rounds:`,
  );
  console.log(
    '  round | real-time req/s | serverless req/s | ratio | p50 / p99 ms (rt ; sl) | CPU µs/request (rt ; sl) | errors',
  );
  for (const [i, { r, s }] of pairs.entries()) {
    console.log(
      `  ${i + 1}     | ${r.rps.toFixed(0).padStart(15)} | ${s.rps.toFixed(0).padStart(16)} | ${(s.rps / r.rps).toFixed(3)} | ${r.p50} / ${r.p99} ; ${s.p50} / ${s.p99} | ${r.cpuUsPerRequest.toFixed(1)} ; ${s.cpuUsPerRequest.toFixed(1)} | ${r.errors} ; ${s.errors}`,
    );
  }
  const ratio = median(pairs.map(({ r, s }) => s.rps / r.rps));
  const cpu = median(pairs.map(({ r, s }) => s.cpuUsPerRequest / r.cpuUsPerRequest));
  console.log(`  median throughput ratio serverless / real-time: ${ratio.toFixed(3)}× (target ≥ 0.90×)`);
  console.log(`  median CPU-per-request ratio serverless / real-time: ${cpu.toFixed(3)}× (target ≤ 1.10×)`);
}
