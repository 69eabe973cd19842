/**
 * COPY 1,000,000 CSV rows into PostgreSQL and UNLOAD them back to CSV, through Godwit's
 * PostgreSQL warehouse (the file:// store, checksums and all) beside `psql \copy` on the same
 * throw-away server in the same run. Rounds alternate Godwit and psql; medians are reported.
 * Target: Godwit ≥ 0.8× psql's throughput.
 *
 *   node --conditions=godwit-source --import tsx bench/data/postgres.ts [rows] [rounds]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain ES module of the test scripts, without types
import { findPostgresBin, startPostgres } from '../../scripts/postgres-server.mjs';
import { toFileUri } from '../../src/core/uri.js';
import { objectIn } from '../../src/store/index.js';
import { createWarehouse } from '../../src/warehouse/postgres/postgres-warehouse.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = Number(process.argv[3] ?? 3);

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('id,name,amount,day\n');
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    chunk += `${i},customer ${i % 9973},${(i % 100000) / 100},2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((r) => out.on('finish', () => r()));
}

/** Wall time, the client's CPU and the server's CPU (every PostgreSQL process) of one operation. */
interface Timing {
  readonly ms: number;
  readonly clientCpuMs: number;
  readonly serverCpuMs: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU of the postmaster, the children it has reaped, and its live children, in ms. */
function serverCpu(postmaster: number): number {
  const fields = (pid: string) =>
    readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
  const own = fields(String(postmaster));
  // After ") ": state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const f = fields(pid);
      if (Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // The process ended while we looked: its time is now in the postmaster's cutime.
    }
  }
  return ticks * TICK_MS;
}

function postmasterOf(url: string): number {
  const port = new URL(url).port;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (cmd[0].endsWith('postgres') && cmd.includes('-p') && cmd[cmd.indexOf('-p') + 1] === port) return Number(pid);
    } catch {}
  }
  throw new Error(`no postmaster on port ${port}`);
}

/** psql as the baseline; bash's `times` gives the CPU of its child, psql. */
function psql(url: string, command: string, postmaster: number): Timing {
  const server = serverCpu(postmaster);
  const started = performance.now();
  const script = 'psql "$1" -v ON_ERROR_STOP=1 -q -c "$2" && times';
  const r = spawnSync('bash', ['-c', script, 'bench', url, command], { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  const children = r.stdout.trim().split('\n').pop() ?? '';
  const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return { ms, clientCpuMs: (secs[0] + secs[1]) * 1000, serverCpuMs: serverCpu(postmaster) - server };
}

async function timed(fn: () => Promise<unknown>, postmaster: number): Promise<Timing> {
  const server = serverCpu(postmaster);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return {
    ms: performance.now() - started,
    clientCpuMs: (used.user + used.system) / 1000,
    serverCpuMs: serverCpu(postmaster) - server,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const server = await startPostgres(findPostgresBin());
  const dir = mkdtempSync(join(tmpdir(), 'godwit-bench-pg-'));
  try {
    const csv = join(dir, 'rows.csv');
    await writeCsv(csv, ROWS);
    const size = statSync(csv).size;
    const wh = createWarehouse('bench', { type: 'postgres', url: server.url }, { home: dir, stores: (uri) => objectIn(uri) });
    await wh.execute('create table g (id int, name text, amount numeric, day date)');
    await wh.execute('create table p (id int, name text, amount numeric, day date)');
    const postmaster = postmasterOf(server.url);
    const copy = { godwit: [] as Timing[], psql: [] as Timing[] };
    const unload = { godwit: [] as Timing[], psql: [] as Timing[] };
    for (let round = 0; round < ROUNDS; round++) {
      await wh.execute('truncate g, p');
      await wh.execute('checkpoint');
      // Who goes first alternates, so neither always meets a cold cache or a checkpoint.
      const godwitCopy = () => timed(() => wh.copyFrom({ name: 'g' }, { uri: toFileUri(csv), format: 'csv' }), postmaster);
      const psqlCopy = async () => psql(server.url, `\\copy p from '${csv}' with (format csv, header true)`, postmaster);
      const out = `${toFileUri(join(dir, `out-${round}`))}/`;
      const godwitUnload = () =>
        timed(() => wh.unload('select * from g', { uri: out, format: 'csv', parallel: false }), postmaster);
      const psqlUnload = async () =>
        psql(
          server.url,
          `\\copy (select * from p) to '${join(dir, `psql-${round}.csv`)}' with (format csv, header true)`,
          postmaster,
        );
      if (round % 2 === 0) {
        copy.godwit.push(await godwitCopy());
        copy.psql.push(await psqlCopy());
        unload.godwit.push(await godwitUnload());
        unload.psql.push(await psqlUnload());
      } else {
        copy.psql.push(await psqlCopy());
        copy.godwit.push(await godwitCopy());
        unload.psql.push(await psqlUnload());
        unload.godwit.push(await godwitUnload());
      }
      rmSync(join(dir, `out-${round}`), { recursive: true, force: true });
      rmSync(join(dir, `psql-${round}.csv`), { force: true });
    }
    const { rows } = await wh.query('select (select count(*) from g) as g, (select count(*) from p) as p');
    if (rows[0].g !== ROWS || rows[0].p !== ROWS) throw new Error(`row counts differ: ${JSON.stringify(rows[0])}`);
    await wh.close();
    const mb = size / 1024 ** 2;
    for (const [what, r] of [
      ['COPY', copy],
      ['UNLOAD', unload],
    ] as const) {
      const m = (xs: Timing[], k: keyof Timing) => median(xs.map((x) => x[k]));
      const g = { ms: m(r.godwit, 'ms'), client: m(r.godwit, 'clientCpuMs'), server: m(r.godwit, 'serverCpuMs') };
      const p = { ms: m(r.psql, 'ms'), client: m(r.psql, 'clientCpuMs'), server: m(r.psql, 'serverCpuMs') };
      console.log(`${what} ${ROWS.toLocaleString('en')} rows (${mb.toFixed(1)} MiB CSV), medians of ${ROUNDS}:`);
      console.log(
        `  Godwit  wall ${g.ms.toFixed(0)} ms (${((ROWS / g.ms) * 1000).toFixed(0)} rows/s), CPU client ${g.client.toFixed(0)} ms + server ${g.server.toFixed(0)} ms`,
      );
      console.log(
        `  psql    wall ${p.ms.toFixed(0)} ms (${((ROWS / p.ms) * 1000).toFixed(0)} rows/s), CPU client ${p.client.toFixed(0)} ms + server ${p.server.toFixed(0)} ms`,
      );
      console.log(
        `  Godwit/psql throughput: wall ${(p.ms / g.ms).toFixed(2)}×, CPU (client + server) ${((p.client + p.server) / (g.client + g.server)).toFixed(2)}× (target ≥ 0.8×); wall per round Godwit ${r.godwit.map((x) => x.ms.toFixed(0)).join('/')}, psql ${r.psql.map((x) => x.ms.toFixed(0)).join('/')}`,
      );
    }
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
