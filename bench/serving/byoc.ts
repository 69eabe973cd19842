/**
 * Bring your own container: the abalone scikit-learn model behind examples/abalone-sklearn/serve/
 * serve.py, called directly vs through Godwit, at the same fixed concurrency, in one run:
 *
 *   node --conditions=godwit-source --import tsx bench/serving/byoc.ts
 *
 * - direct: autocannon → the container's POST /invocations;
 * - godwit: autocannon → a node:http front → `ContainerInstance.invoke` (kept-alive connections)
 *   → the container: the path an endpoint's request takes through the container runtime;
 * - godwit, no keep-alive: the same with a new connection per request, to show what reuse saves.
 *
 * Then, one request at a time, what `invoke` costs Godwit's process beside a bare kept-alive
 * `http.request` to the same container.
 *
 * The load generator (byoc-load.ts, autocannon's programmatic API) runs in its own process. Cases
 * are interleaved over rounds and the medians reported, since the machine is shared. CPU time per
 * request is given for Godwit's process and for the container's processes. Target: godwit ≥ 0.9×
 * direct's throughput, zero errors. Knobs: BYOC_CONNECTIONS (8), BYOC_SECONDS (8), BYOC_ROUNDS (3).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GodwitError } from '../../src/core/errors.js';
import { godwitHome } from '../../src/core/home.js';
import { type ContainerInstance, startContainer } from '../../src/serving/runtimes/container-runtime.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/abalone-sklearn/', import.meta.url));
const PYTHON = process.env.GODWIT_PYTHON || '/usr/bin/python3';
const CONNECTIONS = Number(process.env.BYOC_CONNECTIONS ?? 8);
const SECONDS = Number(process.env.BYOC_SECONDS ?? 8);
const ROUNDS = Number(process.env.BYOC_ROUNDS ?? 3);

interface Sample {
  readonly rps: number;
  readonly requests: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
  /** CPU time per request, µs: Godwit's process (the front and the runtime) and the container's. */
  readonly godwitCpuUs: number;
  readonly containerCpuUs: number;
}

/** preprocess.py and train_sklearn.py (50 trees) into `root`; returns the model folder and one row. */
function train(root: string): { modelDir: string; row: string } {
  const run = (args: string[]) => {
    const r = spawnSync(PYTHON, args, { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args[0]} failed: ${r.stderr}`);
  };
  run([join(EXAMPLE, 'code/preprocess.py'), '--input-dir', join(EXAMPLE, '../abalone/data'), '--output-dir', root]);
  const modelDir = join(root, 'model');
  run([join(EXAMPLE, 'code/train_sklearn.py'), '--train', 'train', '--validation', 'validation', '--model-dir', modelDir]);
  const first = readFileSync(join(root, 'test/test.csv'), 'utf8').split('\n')[0] as string;
  return { modelDir, row: first.split(',').slice(1).join(',') };
}

const STATUS: Record<string, number> = {
  E_DATA_FORMAT: 400,
  E_CONTENT_TYPE: 415,
  E_PAYLOAD_TOO_LARGE: 413,
  E_MODEL_ERROR: 500,
  E_CONTAINER_DIED: 503,
};

/** The thin front: what an endpoint host does with a request, minus routing and capture. */
function front(instance: ContainerInstance): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      instance
        .invoke({
          body: Buffer.concat(chunks),
          contentType: req.headers['content-type'] ?? 'text/csv',
          accept: req.headers.accept,
        })
        .then(
          (answer) => {
            res.writeHead(200, { 'content-type': answer.contentType, 'content-length': answer.body.length });
            res.end(answer.body);
          },
          (err: unknown) => {
            res.writeHead(err instanceof GodwitError ? (STATUS[err.code] ?? 500) : 500);
            res.end(String(err));
          },
        );
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => socket.setNoDelay(true));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: portOf(server) })));
}

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** CPU seconds (user + system) of every process in the group `pgid` (the container's processes). */
function groupCpu(pgid: number): number {
  let ticks = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const fields = (readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended while being read.
    }
  }
  return ticks / 100;
}

function load(url: string, body: string, seconds: number): Promise<Omit<Sample, 'godwitCpuUs' | 'containerCpuUs'>> {
  const options = JSON.stringify({ url, connections: CONNECTIONS, seconds, body, contentType: 'text/csv' });
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./byoc-load.ts', import.meta.url)), options], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() as string)) : reject(new Error(`load exited ${code}`)),
    );
  });
}

async function measure(url: string, body: string, container: ContainerInstance): Promise<Sample> {
  const cpu = process.cpuUsage();
  const containerCpu = groupCpu(container.pid);
  const sample = await load(url, body, SECONDS);
  const used = process.cpuUsage(cpu);
  const n = Math.max(sample.requests, 1);
  return {
    ...sample,
    godwitCpuUs: (used.user + used.system) / n,
    containerCpuUs: ((groupCpu(container.pid) - containerCpu) * 1e6) / n,
  };
}

/**
 * What `invoke` costs Godwit's process beside a bare kept-alive `http.request` to the same
 * container, one request at a time: CPU µs and wall ms per request, medians of interleaved rounds.
 */
async function clientCost(instance: ContainerInstance, row: string): Promise<void> {
  const agent = new Agent({ keepAlive: true });
  const bare = () =>
    new Promise<void>((resolve, reject) => {
      const options = { host: '127.0.0.1', port: instance.port, method: 'POST', path: '/invocations', agent };
      const req = request({ ...options, headers: { 'content-type': 'text/csv' } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(row);
    });
  const invoke = () => instance.invoke({ body: Buffer.from(row), contentType: 'text/csv' }).then(() => undefined);
  const figures: Record<string, { cpu: number[]; ms: number[] }> = {
    'bare http.request': { cpu: [], ms: [] },
    invoke: { cpu: [], ms: [] },
  };
  const n = 300;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, call] of [
      ['bare http.request', bare],
      ['invoke', invoke],
    ] as const) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (let i = 0; i < n; i++) await call();
      const used = process.cpuUsage(cpu);
      figures[name]?.cpu.push((used.user + used.system) / n);
      figures[name]?.ms.push((performance.now() - started) / n);
    }
  }
  agent.destroy();
  for (const [name, f] of Object.entries(figures)) {
    console.log(
      `one at a time, ${name.padEnd(17)}: ${median(f.cpu).toFixed(0)} µs CPU and ${median(f.ms).toFixed(2)} ms per request`,
    );
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'godwit-bench-byoc-'));
  try {
    const { modelDir, row } = train(root);
    const start = (name: string, keepAlive: boolean) => {
      const dir = join(root, name);
      mkdirSync(dir);
      const container = { image: join(EXAMPLE, 'serve/serve.py'), environment: { GODWIT_PYTHON: PYTHON } };
      return startContainer({ container, modelDir, workDir: dir, home: godwitHome(join(root, 'home')) }, { keepAlive });
    };
    const kept = await start('kept', true);
    const fresh = await start('fresh', false);
    const keptFront = await front(kept);
    const freshFront = await front(fresh);
    const cases = {
      direct: { url: `http://127.0.0.1:${kept.port}/invocations`, instance: kept },
      godwit: { url: `http://127.0.0.1:${keptFront.port}/invocations`, instance: kept },
      'godwit, no keep-alive': { url: `http://127.0.0.1:${freshFront.port}/invocations`, instance: fresh },
    };
    for (const c of Object.values(cases)) await load(c.url, row, 1); // warm up
    const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, c] of Object.entries(cases)) samples[name]?.push(await measure(c.url, row, c.instance));
    }
    report(samples);
    await clientCost(kept, row);
    keptFront.server.close();
    freshFront.server.close();
    await Promise.all([kept.close(), fresh.close()]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function report(samples: Record<string, Sample[]>): void {
  console.log(`connections ${CONNECTIONS}, ${SECONDS} s per sample, ${ROUNDS} rounds interleaved; medians`);
  console.log('case                   req/s   p50 ms  p99 ms  errors  godwit CPU µs/req  container CPU µs/req');
  const rps: Record<string, number> = {};
  const p99: Record<string, number> = {};
  for (const [name, list] of Object.entries(samples)) {
    rps[name] = median(list.map((s) => s.rps));
    p99[name] = median(list.map((s) => s.p99Ms));
    const errors = list.reduce((sum, s) => sum + s.errors + s.non2xx, 0);
    const cells = [
      name.padEnd(22),
      rps[name].toFixed(0).padStart(6),
      median(list.map((s) => s.p50Ms))
        .toFixed(2)
        .padStart(8),
      p99[name].toFixed(2).padStart(7),
      String(errors).padStart(7),
      median(list.map((s) => s.godwitCpuUs))
        .toFixed(0)
        .padStart(18),
      median(list.map((s) => s.containerCpuUs))
        .toFixed(0)
        .padStart(21),
    ];
    console.log(cells.join(' '));
  }
  const ratio = (rps.godwit as number) / (rps.direct as number);
  console.log(`godwit / direct throughput: ${ratio.toFixed(3)}× (target ≥ 0.9×)`);
  console.log(`p99 added by godwit: ${((p99.godwit as number) - (p99.direct as number)).toFixed(2)} ms`);
  console.log(
    `keep-alive: ${((rps.godwit as number) / (rps['godwit, no keep-alive'] as number)).toFixed(2)}× the throughput of a connection per request`,
  );
}

await main();
