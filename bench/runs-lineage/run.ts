/**
 * What recording lineage costs a run, beside nothing else in the same process:
 *
 *   node --conditions=godwit-source --import tsx bench/runs-lineage/run.ts
 *
 * A 6-step pipeline of in-process function steps (so the figure is Godwit's bookkeeping, not
 * process spawns): prep reads a local CSV file (an external input, hashed for its digest) and the
 * five others read their upstream's outputs, each writing one small output. It runs BENCH_RUNS
 * times (default 40) on the home's SQLite file and, when PostgreSQL's binaries are there, on a
 * throw-away PostgreSQL server. Per database it prints the median wall time and main-thread CPU
 * time of a run, and the SQL statements a run executes (counted at the drivers: deterministic,
 * where times on a busy machine are not). Run it in a checkout without lineage for the before figures.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
// @ts-expect-error: a plain ES module without types
import { findPostgresBin, startPostgres } from '../../scripts/postgres-server.mjs';
import { godwitHome } from '../../src/core/home.js';
import { fn, pipeline } from '../../src/pipeline/dsl/index.js';
import { startRun } from '../../src/runtime/executor.js';
import { openLocalServices } from '../../src/runtime/local-services.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);

// Every statement executed, counted where the drivers run them.
let statements = 0;
const probe = new Database(':memory:');
const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...a: unknown[]) => unknown>;
probe.close();
for (const method of ['run', 'all', 'get']) {
  const original = statementProto[method];
  statementProto[method] = function (this: unknown, ...args: unknown[]) {
    statements++;
    return original.apply(this, args);
  };
}
const pgQuery = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: unknown, ...args: unknown[]) {
  statements++;
  return pgQuery.apply(this, args);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const write = (name: string) => async (ctx: { outputs: Record<string, string> }) => {
  await writeFile(join(ctx.outputs.out, `${name}.csv`), `${name}\n1,2,3\n`);
};
const prep = fn('prep', { inputs: { raw: 'data.csv' }, outputs: { out: 'dataset' }, run: write('prep') });
const split = fn('split', { inputs: { in: prep.output('out') }, outputs: { out: 'dataset' }, run: write('split') });
const features = fn('features', { inputs: { in: split.output('out') }, outputs: { out: 'dataset' }, run: write('features') });
const train = fn('train', { inputs: { in: features.output('out') }, outputs: { out: 'model' }, run: write('train') });
const evaluate = fn('evaluate', {
  inputs: { model: train.output('out'), test: split.output('out') },
  outputs: { out: 'metrics' },
  run: write('evaluate'),
});
const report = fn('report', { inputs: { in: evaluate.output('out') }, outputs: { out: 'fileset' }, run: write('report') });
const p = pipeline('bench-six', { steps: [report] });

async function measure(label: string, url: string | undefined): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'godwit-bench-runs-lineage-'));
  writeFileSync(join(root, 'data.csv'), 'a,b,c\n'.repeat(1000));
  const home = godwitHome(join(root, 'home'));
  const services = await openLocalServices(
    home,
    async (step) => p.functions.get(step.handler.export) as never,
    undefined,
    url ? { url } : {},
  );
  try {
    const times: number[] = [];
    const cpu: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      const used = process.cpuUsage();
      const before = statements;
      const outcome = await startRun(p.ir, {}, { baseDir: root }, { services, concurrency: 2 });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      const { user, system } = process.cpuUsage(used);
      cpu.push((user + system) / 1000);
      counts.push(statements - before);
      if (outcome.status !== 'succeeded') throw new Error(`run ${outcome.runId} ${outcome.status}: ${outcome.error}`);
    }
    console.log(
      `${label}: median ${median(times).toFixed(1)} ms wall, ${median(cpu).toFixed(1)} ms CPU, ${median(counts)} statements per run of 6 steps (${RUNS} runs)`,
    );
  } finally {
    await services.close();
    rmSync(root, { recursive: true, force: true });
  }
}

await measure('SQLite', undefined);
const bin = findPostgresBin();
if (bin) {
  const server = await startPostgres(bin);
  try {
    await measure('PostgreSQL', server.url);
  } finally {
    server.stop();
  }
} else console.log('PostgreSQL: skipped (no binaries)');
