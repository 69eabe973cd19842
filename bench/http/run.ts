/**
 * The HTTP layer for `godwit server`, chosen by measurement: bare `node:http` with a small router,
 * fastify, and hono on `@hono/node-server`, each in its own server process, driven by a load
 * generator in another process (load.ts), all in one run:
 *
 *   npm run bench:http
 *
 * Two routes per server: a trivial JSON `GET /api/v1/health`, and `POST /endpoints/x/invocations`
 * with a 1 KiB body, the shape of the later InvokeEndpoint serving path. Each figure is the median
 * over BENCH_ROUNDS rounds (default 3) of BENCH_SECONDS (default 5) seconds with
 * BENCH_CONNECTIONS (default 16) keep-alive connections, after a 1-second warm-up; the servers
 * take turns inside each round so drift affects them alike. Prints requests/s, p50 and p99
 * latency, and requests/s as a ratio to bare node:http.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
type Kind = 'node' | 'fastify' | 'hono' | 'godwit';
const NAMES: Record<Kind, string> = {
  node: 'node:http + small router',
  fastify: 'fastify',
  hono: 'hono on @hono/node-server',
  godwit: 'Godwit server (chosen)',
};
// Godwit's own server answers the health route through its real router, front door and access
// log; its invocations route has no endpoint to serve until the endpoints capability.
const ROUTES = [
  {
    label: 'GET /api/v1/health (JSON)',
    method: 'GET',
    path: '/api/v1/health',
    body: 0,
    kinds: ['node', 'fastify', 'hono', 'godwit'],
  },
  {
    label: 'POST /endpoints/x/invocations (1 KiB body)',
    method: 'POST',
    path: '/endpoints/x/invocations',
    body: 1024,
    kinds: ['node', 'fastify', 'hono'],
  },
] as const;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

interface Sample {
  /** The server process's CPU time (user + system) per answered request, from /proc. */
  cpuUs?: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

function tsx(file: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', here(file), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (c: Buffer) => {
      text += c.toString();
      if (text.includes('\n')) resolve(text.split('\n', 1)[0]);
    });
    child.on('exit', (code) => reject(new Error(`${child.spawnargs.join(' ')} exited with ${code}`)));
  });
}

async function load(port: string, route: (typeof ROUTES)[number], seconds: number): Promise<Sample> {
  const args = [port, route.method, route.path, String(CONNECTIONS), String(seconds), String(route.body)];
  return JSON.parse(await firstLine(tsx('load.ts', args))) as Sample;
}

async function measure(kind: Kind, route: (typeof ROUTES)[number]): Promise<Sample> {
  const server =
    kind === 'godwit'
      ? spawn(process.execPath, ['--conditions=godwit-source', '--import', 'tsx', here('godwit-server.ts')], {
          stdio: ['ignore', 'pipe', 'inherit'],
        })
      : tsx('servers.ts', [kind]);
  try {
    const port = await firstLine(server);
    await load(port, route, 1);
    const before = cpuSeconds(server.pid);
    const sample = await load(port, route, SECONDS);
    const after = cpuSeconds(server.pid);
    const cpuUs = before !== undefined && after !== undefined ? ((after - before) * 1e6) / sample.requests : undefined;
    return { ...sample, cpuUs };
  } finally {
    server.kill('SIGTERM');
  }
}

/**
 * CPU time a process has used, from /proc/<pid>/stat (Linux; undefined elsewhere). Throughput on a
 * machine shared with other work moves with the load; CPU per request much less, so it is the
 * steadier figure for comparing servers.
 */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`${cpus()[0]?.model ?? 'CPU'}, ${availableParallelism()} cores, Node ${process.version}`);
console.log(`${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} keep-alive connections, load generator in its own process\n`);
for (const route of ROUTES) {
  const kinds: readonly Kind[] = route.kinds;
  const samples = new Map<Kind, Sample[]>(kinds.map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of kinds) samples.get(kind)?.push(await measure(kind, route));
  }
  const base = median((samples.get('node') ?? []).map((s) => s.rps));
  console.log(route.label);
  console.log('  server                      req/s     p50 ms   p99 ms   vs node:http  errors  server CPU µs/request');
  for (const kind of kinds) {
    const s = samples.get(kind) ?? [];
    const rps = median(s.map((x) => x.rps));
    const name = NAMES[kind];
    const cells = [
      rps.toFixed(0).padStart(7),
      median(s.map((x) => x.p50Ms))
        .toFixed(2)
        .padStart(7),
      median(s.map((x) => x.p99Ms))
        .toFixed(2)
        .padStart(7),
      ` ${(rps / base).toFixed(2).padStart(8)}×`,
      ` ${s.reduce((n, x) => n + x.errors, 0)}`.padEnd(6),
      s.every((x) => x.cpuUs !== undefined)
        ? median(s.map((x) => x.cpuUs ?? 0))
            .toFixed(1)
            .padStart(8)
        : '       -',
    ];
    console.log(`  ${name.padEnd(26)} ${cells.join('  ')}`);
  }
  console.log('');
}
