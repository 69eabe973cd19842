/**
 * COPY 1,000,000 CSV rows into PostgreSQL and UNLOAD them back to CSV, through Godwit's
 * PostgreSQL warehouse (the file:// store, checksums and all) beside `psql \copy` on the same
 * throw-away server in the same run. Rounds alternate Godwit and psql; medians are reported.
 * Target: Godwit ≥ 0.8× psql's throughput.
 *
 *   node --conditions=godwit-source --import tsx bench/data/postgres.ts [rows] [rounds]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
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

function psql(url: string, command: string): number {
  const started = performance.now();
  const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return performance.now() - started;
}

async function timed(fn: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
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
    const copy = { godwit: [] as number[], godwitCpu: [] as number[], psql: [] as number[] };
    const unload = { godwit: [] as number[], godwitCpu: [] as number[], psql: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      await wh.execute('truncate g, p');
      await wh.execute('checkpoint');
      const g = await timed(() => wh.copyFrom({ name: 'g' }, { uri: toFileUri(csv), format: 'csv' }));
      copy.godwit.push(g.ms);
      copy.godwitCpu.push(g.cpuMs);
      copy.psql.push(psql(server.url, `\\copy p from '${csv}' with (format csv, header true)`));
      const u = await timed(() =>
        wh.unload('select * from g', { uri: `${toFileUri(join(dir, `out-${round}`))}/`, format: 'csv', parallel: false }),
      );
      unload.godwit.push(u.ms);
      unload.godwitCpu.push(u.cpuMs);
      unload.psql.push(
        psql(server.url, `\\copy (select * from p) to '${join(dir, `psql-${round}.csv`)}' with (format csv, header true)`),
      );
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
      const gm = median(r.godwit);
      const pm = median(r.psql);
      console.log(
        `${what} ${ROWS.toLocaleString('en')} rows (${mb.toFixed(1)} MiB CSV): Godwit ${gm.toFixed(0)} ms (${((ROWS / gm) * 1000).toFixed(0)} rows/s, Node CPU ${median(r.godwitCpu).toFixed(0)} ms), psql \\copy ${pm.toFixed(0)} ms (${((ROWS / pm) * 1000).toFixed(0)} rows/s); Godwit/psql throughput ${(pm / gm).toFixed(2)}× (target ≥ 0.8×); all rounds Godwit ${r.godwit.map((x) => x.toFixed(0)).join('/')} psql ${r.psql.map((x) => x.toFixed(0)).join('/')}`,
      );
    }
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
