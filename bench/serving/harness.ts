/**
 * The serving benchmark harness: drives HTTP model servers with autocannon at a fixed
 * concurrency and duration, one after another in the same run, and reports each one's throughput,
 * latency (p50/p99, measured per response to the microsecond, not autocannon's whole milliseconds),
 * errors and server CPU per request, with ratios to the baseline. Run alone it measures the
 * baseline, a bare `node:http` server calling the abalone linear-learner model in-process:
 *
 *   node --conditions=godwit-source --import tsx bench/serving/harness.ts
 *
 * BENCH_CONNECTIONS (default 16), BENCH_SECONDS (default 10), BENCH_WARMUP_SECONDS (default 2).
 * The endpoint bench plugs a Godwit endpoint in as another `Target` (`measure`, `formatReport`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainAbalone } from './abalone-model.js';

export interface Target {
  readonly name: string;
  /** The full URL POSTed to: `http://127.0.0.1:PORT/endpoints/abalone/invocations`. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The server's process, for its CPU time (`/proc/<pid>/stat`); omitted, CPU is not reported. */
  readonly pid?: number;
}

export interface LoadOptions {
  readonly connections: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** Request bodies, sent in turn by each connection. */
  readonly bodies: readonly string[];
}

export interface Measurement {
  readonly target: string;
  readonly requests: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Non-2xx answers, and connection errors and timeouts. */
  readonly errors: number;
  readonly cpuUsPerRequest?: number;
}

interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type AutocannonResult = { errors: number; timeouts: number; non2xx: number };
type Autocannon = (opts: object, done: (err: Error | null, result: AutocannonResult) => void) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function run(target: Target, options: LoadOptions, seconds: number, onResponse?: (status: number, ms: number) => void) {
  return new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        connections: options.connections,
        duration: seconds,
        requests: options.bodies.map((body) => ({
          method: 'POST',
          body,
          headers: { 'content-type': 'text/csv', ...target.headers },
        })),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    if (onResponse) instance.on('response', (_c, status, _b, ms) => onResponse(status, ms));
  });
}

/** One warm-up, then one measured run of `options.seconds`. */
export async function measure(target: Target, options: LoadOptions): Promise<Measurement> {
  if (options.warmupSeconds > 0) await run(target, options, options.warmupSeconds);
  const latencies: number[] = [];
  let non2xx = 0;
  const cpuBefore = cpuSeconds(target.pid);
  const began = performance.now();
  const result = await run(target, options, options.seconds, (status, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
    else non2xx++;
  });
  const elapsed = (performance.now() - began) / 1000;
  const cpuAfter = cpuSeconds(target.pid);
  const sorted = Float64Array.from(latencies).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
  const requests = latencies.length;
  return {
    target: target.name,
    requests,
    rps: requests / elapsed,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors: non2xx + result.errors + result.timeouts,
    cpuUsPerRequest:
      cpuBefore === undefined || cpuAfter === undefined || requests === 0 ? undefined : ((cpuAfter - cpuBefore) * 1e6) / requests,
  };
}

/** CPU seconds a process has used (utime + stime, clock ticks of 1/100 s); undefined off Linux. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** A Markdown table: each target beside the first (the baseline). */
export function formatReport(rows: readonly Measurement[]): string {
  const [base] = rows;
  const lines = [
    '| target | req/s | p50 ms | p99 ms | errors | server CPU µs/req | req/s vs baseline | p99 added |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const ratio = base ? (r.rps / base.rps).toFixed(2) : '–';
    const added = base ? `${(r.p99Ms - base.p99Ms).toFixed(3)} ms` : '–';
    const cpu = r.cpuUsPerRequest === undefined ? '–' : r.cpuUsPerRequest.toFixed(1);
    const line = [r.target, r.rps.toFixed(0), r.p50Ms.toFixed(3), r.p99Ms.toFixed(3), r.errors, cpu, `${ratio}×`, added];
    lines.push(`| ${line.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Starts a server script in its own process (through tsx) and resolves with its port once it prints it. */
export function spawnServer(script: string, args: readonly string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--conditions=godwit-source', '--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it listened`)));
    child.stdout?.once('data', (chunk: Buffer) => resolve({ child, port: Number(chunk.toString().trim()) }));
  });
}

export function loadOptions(bodies: readonly string[]): LoadOptions {
  return {
    connections: Number(process.env.BENCH_CONNECTIONS ?? 16),
    seconds: Number(process.env.BENCH_SECONDS ?? 10),
    warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 2),
    bodies,
  };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'godwit-bench-serving-'));
  try {
    const model = await trainAbalone(dir);
    const bodies = model.rows.slice(0, 64).map((row) => `${row}\n`);
    const options = loadOptions(bodies);
    const script = fileURLToPath(new URL('./baseline-server.ts', import.meta.url));
    const { child, port } = await spawnServer(script, [model.modelDir]);
    try {
      const target = { name: 'bare node:http + in-process model', url: `http://127.0.0.1:${port}/invocations`, pid: child.pid };
      console.log(`${cpus()[0]?.model ?? 'CPU'}, ${availableParallelism()} cores, Node ${process.version}`);
      console.log(
        `${options.connections} connections, ${options.seconds} s after ${options.warmupSeconds} s warm-up, autocannon in this process\n`,
      );
      console.log(formatReport([await measure(target, options)]));
    } finally {
      child.kill('SIGTERM');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
