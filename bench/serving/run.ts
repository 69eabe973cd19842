/**
 * Serving: the abalone model behind a Godwit endpoint (SageMaker Runtime's InvokeEndpoint on
 * `godwit server`, two weighted production variants, data capture at 100 %) vs a bare `node:http`
 * server calling the same model in-process, under the same autocannon load at fixed concurrency,
 * one run each (or `--rounds N`, alternating), each server in a process of its own. Prints the throughput ratio (target ≥ 0.85×),
 * the p99 latency Godwit adds (target ≤ 1 ms), errors (target 0), capture records vs responses
 * (target equal), and each server's CPU time per request (wall figures are noisy on a shared VM).
 *
 *   node --conditions=godwit-source --import tsx bench/serving/run.ts [--connections 16] [--seconds 10] [--rounds 1] [--from src|dist] [--rate N]
 *
 * Latencies are each answer's, to the microsecond. `--rate N` adds, after the closed-loop rounds,
 * as many open-loop rounds at N requests a second (`open-loop.ts`): below both servers' capacity,
 * their p99 difference is the latency Godwit adds rather than the queueing a saturated closed loop
 * builds (where half the throughput doubles every connection's wait).
 *
 * `--from dist` (after `npm run build`) serves Godwit's built JavaScript, as `npx godwit server`
 * does; the default runs the sources through tsx (its `__name` helper costs a call per closure).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// @ts-expect-error autocannon ships no type declarations
import autocannon from 'autocannon';
import { main } from '../../src/cli/main.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { openLoop } from './open-loop.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string' },
    seconds: { type: 'string' },
    from: { type: 'string' },
    rounds: { type: 'string' },
    rate: { type: 'string' },
  },
});
/** Requests a second of the open-loop runs; 0 (the default) runs none. */
const rate = Number(values.rate ?? 0);
const roundCount = Number(values.rounds ?? 1);
const connections = Number(values.connections ?? 16);
const duration = Number(values.seconds ?? 10);
const from = values.from ?? 'src';
if (from !== 'src' && from !== 'dist') throw new Error(`--from is src or dist, not ${from}`);
const child = fileURLToPath(new URL('./serve-child.ts', import.meta.url));
const root = await mkdtemp(join(tmpdir(), 'godwit-bench-serving-'));
const ROW =
  '0.049891504908479434,-0.12990556877754578,-0.34735961956393924,-0.4187036228030557,-0.27888673229806854,-0.6624800423371976,-0.3150390015410421,0,1,0';

/** The abalone model as the demo trains and registers it. */
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

async function serve(args: string[]): Promise<{ proc: ChildProcess; url: string; stop(): Promise<Used> }> {
  // BENCH_PROFILE=DIR writes each server's CPU profile there (for finding the hot path).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const proc = spawn(process.execPath, [...profile, '--conditions=godwit-source', '--import', 'tsx', child, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_FROM: from },
  });
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  const first = JSON.parse((await lines.next()).value as string) as { url: string };
  return {
    proc,
    url: first.url,
    stop: async () => {
      proc.kill('SIGTERM');
      return JSON.parse((await lines.next()).value as string) as Used;
    },
  };
}

/** What a server used while serving: CPU of every thread, and of its main thread alone. */
interface Used {
  readonly cpuMs: number;
  readonly userMs: number;
  readonly mainMs: number;
  /** Garbage collections run, and their pauses in ms. */
  readonly gcCount: number;
  readonly gcMs: number;
  /** The busiest thread besides the main one: Godwit's capture thread. */
  readonly busiestOtherMs: number;
}

/** One load run's figures. */
interface Run {
  readonly rps: number;
  readonly total: number;
  readonly ok: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

/** What the bench reads of autocannon's result. */
interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly '2xx': number;
}

interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}

async function load(url: string, path: string, headers: Record<string, string>): Promise<Run> {
  // Each answer's latency to the microsecond (autocannon's own percentiles are whole milliseconds).
  const latencies: number[] = [];
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance: AutocannonInstance = autocannon(
      {
        url: `${url}${path}`,
        method: 'POST',
        connections,
        duration,
        headers: { 'content-type': 'text/csv', ...headers },
        body: ROW,
      },
      (err: Error | null, done: AutocannonResult) => (err ? reject(err) : resolve(done)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  const { p50, p99 } = percentiles(latencies);
  return {
    rps: result.requests.average,
    total: result.requests.total,
    ok: result['2xx'],
    p50,
    p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

/** The open-loop run of `--rate`: the same row at a fixed rate (see open-loop.ts). */
async function steady(url: string, path: string, headers: Record<string, string>): Promise<Run & { late: number }> {
  const r = await openLoop(`${url}${path}`, { 'content-type': 'text/csv', ...headers }, ROW, rate, duration);
  return { rps: r.rps, total: r.ok + r.errors, ok: r.ok, p50: r.p50Ms, p99: r.p99Ms, errors: r.errors, late: r.late };
}

function percentiles(latencies: number[]): { p50: number; p99: number } {
  const sorted = Float64Array.from(latencies).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

/** Lines in every `.jsonl` file under `dir` (walked by hand: Node 20's recursive readdir can miss entries). */
async function countCaptured(dir: string): Promise<number> {
  let n = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) n += await countCaptured(path);
    else if (entry.name.endsWith('.jsonl')) n += (await readFile(path, 'utf8')).split('\n').filter(Boolean).length;
  }
  return n;
}

try {
  const modelDir = await trainAbalone();
  const captureDir = join(root, 'capture');
  // A SigV4 scope as the SDKs send it: the server routes by scope and, on loopback, checks no signature.
  const signed = {
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261205/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=0',
  };

  // Both servers run side by side; after a warm-up each (the first run's JIT: discarded), the
  // measured runs alternate bare, Godwit, bare, Godwit… so a change in the machine's other load
  // falls on both. The ratio reported is the median of the rounds' ratios.
  const bare = await serve(['bare', modelDir]);
  const godwit = await serve(['godwit', join(root, 'home'), modelDir, captureDir]);
  const bareRuns = [await load(bare.url, '/invocations', {})];
  const godwitRuns = [await load(godwit.url, '/endpoints/abalone/invocations', signed)];
  const rounds: { b: Run; g: Run }[] = [];
  for (let i = 0; i < roundCount; i++) {
    const b = await load(bare.url, '/invocations', {});
    const g = await load(godwit.url, '/endpoints/abalone/invocations', signed);
    bareRuns.push(b);
    godwitRuns.push(g);
    rounds.push({ b, g });
  }
  // Then, with --rate, the open-loop rounds, alternating the same way.
  const steadyRounds: { b: Run & { late: number }; g: Run & { late: number } }[] = [];
  for (let i = 0; rate > 0 && i < roundCount; i++) {
    const b = await steady(bare.url, '/invocations', {});
    const g = await steady(godwit.url, '/endpoints/abalone/invocations', signed);
    bareRuns.push(b);
    godwitRuns.push(g);
    steadyRounds.push({ b, g });
  }
  const live = (await (await fetch(`${godwit.url}/api/v1/endpoints/abalone/live`)).json()) as { capture: object };
  const bareCpu = await bare.stop();
  const godwitCpu = await godwit.stop();
  const captured = await countCaptured(captureDir);

  console.log(
    `Serving, abalone linear learner, ${connections} connections, ${duration} s a run, ${roundCount} round(s) after a discarded warm-up run each, Godwit from ${from}`,
  );
  // CPU over every run (warm-up and measured) per request answered in them.
  const perRequest = (ms: number, requests: number) => ((ms / requests) * 1000).toFixed(1);
  const answered = (runs: Run[]) => runs.reduce((n, r) => n + r.total, 0);
  const cpu = (used: Used, runs: Run[]) =>
    `CPU ${perRequest(used.cpuMs, answered(runs))} µs/req (user ${perRequest(used.userMs, answered(runs))}, main thread ${perRequest(used.mainMs, answered(runs))}, busiest other thread ${perRequest(used.busiestOtherMs, answered(runs))}; GC ${perRequest(used.gcMs, answered(runs))} µs/req in ${((used.gcCount / answered(runs)) * 1e4).toFixed(1)} collections per 10k requests)`;
  const ms = (x: number) => x.toFixed(3);
  for (const [n, { b, g }] of rounds.entries()) {
    const round = roundCount > 1 ? ` round ${n + 1}:` : '';
    console.log(
      `${round}  bare node:http   ${b.rps.toFixed(0)} req/s  p50 ${ms(b.p50)} ms  p99 ${ms(b.p99)} ms  errors ${b.errors}`,
    );
    console.log(
      `${round}  godwit endpoint  ${g.rps.toFixed(0)} req/s  p50 ${ms(g.p50)} ms  p99 ${ms(g.p99)} ms  errors ${g.errors}`,
    );
  }
  console.log(`  bare node:http   ${cpu(bareCpu, bareRuns)}`);
  console.log(`  godwit endpoint  ${cpu(godwitCpu, godwitRuns)}`);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const ratio = median(rounds.map(({ b, g }) => g.rps / b.rps));
  const added = median(rounds.map(({ b, g }) => g.p99 - b.p99));
  const errors = godwitRuns.reduce((n, r) => n + r.errors, 0);
  console.log(
    `  closed loop: throughput ratio ${ratio.toFixed(3)}× (target ≥ 0.85×); p99 added ${ms(added)} ms (target ≤ 1 ms); errors ${errors}`,
  );
  for (const [n, { b, g }] of steadyRounds.entries()) {
    const line = (name: string, r: Run & { late: number }) =>
      ` open loop ${rate}/s round ${n + 1}:  ${name}  ${r.rps.toFixed(0)} req/s  p50 ${ms(r.p50)} ms  p99 ${ms(r.p99)} ms  errors ${r.errors}  late ${r.late}`;
    console.log(line('bare node:http ', b));
    console.log(line('godwit endpoint', g));
  }
  if (steadyRounds.length > 0) {
    const p50 = median(steadyRounds.map(({ b, g }) => g.p50 - b.p50));
    const p99 = median(steadyRounds.map(({ b, g }) => g.p99 - b.p99));
    console.log(`  open loop at ${rate} req/s: p50 added ${ms(p50)} ms; p99 added ${ms(p99)} ms (target ≤ 1 ms)`);
  }
  console.log(
    `  capture records ${captured} for ${godwitRuns.reduce((n, r) => n + r.ok, 0)} answered requests (every run; target equal); before stopping: ${JSON.stringify(live.capture)}`,
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
